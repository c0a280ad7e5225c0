import { getSchoolSettingsOfLesson, listLessonSeconds } from '@/lib/db/queries';
import { timelineJson } from '@/lib/reports/exports';
import { wordingFor } from '@/lib/wording';
import { openedExport } from '../opened-export';

export const dynamic = 'force-dynamic';

/** The run's per-second timeline as JSON, with its columns described (name, unit, meaning). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const opened = await openedExport(request, (await params).id, 'per-second JSON');
  if (!opened) return Response.json({ error: 'Not found.' }, { status: 404 });
  const { lesson, run } = opened;
  const body = timelineJson(await listLessonSeconds(run.id), wordingFor((await getSchoolSettingsOfLesson(lesson.id)).wording), { lessonId: lesson.id, runId: run.id });
  return Response.json(body, { headers: { 'Content-Disposition': `attachment; filename="lesson-timeline-${run.id.slice(0, 8)}.json"`, 'Cache-Control': 'private, no-store' } });
}
