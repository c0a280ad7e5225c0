import { getSchoolSettingsOfLesson, listLessonSeconds } from '@/lib/db/queries';
import { timelineCsv } from '@/lib/reports/exports';
import { wordingFor } from '@/lib/wording';
import { openedExport } from '../opened-export';

export const dynamic = 'force-dynamic';

/** The run's per-second timeline as CSV (columns documented in lib/reports/README.md and in the JSON export). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const opened = await openedExport(request, (await params).id, 'per-second CSV');
  if (!opened) return Response.json({ error: 'Not found.' }, { status: 404 });
  const { lesson, run } = opened;
  const csv = timelineCsv(await listLessonSeconds(run.id), wordingFor((await getSchoolSettingsOfLesson(lesson.id)).wording));
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="lesson-timeline-${run.id.slice(0, 8)}.csv"`, 'Cache-Control': 'private, no-store' },
  });
}
