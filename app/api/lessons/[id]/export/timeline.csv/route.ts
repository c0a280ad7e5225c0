import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getSchoolSettingsOfLesson, listLessonSeconds } from '@/lib/db/queries';
import { exportRun, timelineCsv } from '@/lib/reports/exports';
import { wordingFor } from '@/lib/wording';

export const dynamic = 'force-dynamic';

/** The run's per-second timeline as CSV (columns documented in lib/reports/README.md and in the JSON export). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  const run = lesson ? await exportRun(lesson, new URL(request.url).searchParams.get('run')) : null;
  if (!run) return Response.json({ error: 'Not found.' }, { status: 404 });
  const csv = timelineCsv(await listLessonSeconds(run.id), wordingFor((await getSchoolSettingsOfLesson(lesson!.id)).wording));
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="lesson-timeline-${run.id.slice(0, 8)}.csv"`, 'Cache-Control': 'private, no-store' },
  });
}
