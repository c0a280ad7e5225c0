import { lessonFor } from '@/lib/access';
import { audit } from '@/lib/audit/log';
import { currentActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { assembleReport } from '@/lib/reports/assemble';
import { exportRun, summaryJson } from '@/lib/reports/exports';

export const dynamic = 'force-dynamic';

/** The run's indicators, their definitions and the key moments, as the report shows them. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  const lesson = await lessonFor(actor, (await params).id, 'view');
  const run = lesson ? await exportRun(lesson, new URL(request.url).searchParams.get('run')) : null;
  const data = run ? await assembleReport(lesson!, null, run) : null;
  if (!data) return Response.json({ error: 'Not found.' }, { status: 404 });
  await audit(getDb(), actor!, 'report.export', { lesson: lesson! }, 'summary JSON');
  return Response.json(summaryJson(data), { headers: { 'Content-Disposition': `attachment; filename="lesson-summary-${run!.id.slice(0, 8)}.json"`, 'Cache-Control': 'private, no-store' } });
}
