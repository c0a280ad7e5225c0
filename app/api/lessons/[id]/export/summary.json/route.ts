import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { assembleReport } from '@/lib/reports/assemble';
import { exportRun, summaryJson } from '@/lib/reports/exports';

export const dynamic = 'force-dynamic';

/** The run's indicators, their definitions and the key moments, as the report shows them. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  const run = lesson ? await exportRun(lesson, new URL(request.url).searchParams.get('run')) : null;
  const data = run ? await assembleReport(lesson!, null, run) : null;
  if (!data) return Response.json({ error: 'Not found.' }, { status: 404 });
  return Response.json(summaryJson(data), { headers: { 'Content-Disposition': `attachment; filename="lesson-summary-${run!.id.slice(0, 8)}.json"`, 'Cache-Control': 'private, no-store' } });
}
