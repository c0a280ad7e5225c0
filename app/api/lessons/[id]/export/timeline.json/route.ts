import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getSchoolSettingsOfLesson, listLessonSeconds } from '@/lib/db/queries';
import { exportRun, timelineJson } from '@/lib/reports/exports';
import { wordingFor } from '@/lib/wording';

export const dynamic = 'force-dynamic';

/** The run's per-second timeline as JSON, with its columns described (name, unit, meaning). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  const run = lesson ? await exportRun(lesson, new URL(request.url).searchParams.get('run')) : null;
  if (!run) return Response.json({ error: 'Not found.' }, { status: 404 });
  const body = timelineJson(await listLessonSeconds(run.id), wordingFor((await getSchoolSettingsOfLesson(lesson!.id)).wording), { lessonId: lesson!.id, runId: run.id });
  return Response.json(body, { headers: { 'Content-Disposition': `attachment; filename="lesson-timeline-${run.id.slice(0, 8)}.json"`, 'Cache-Control': 'private, no-store' } });
}
