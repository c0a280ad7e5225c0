import { assembleReport } from '@/lib/reports/assemble';
import { summaryJson } from '@/lib/reports/exports';
import { openedExport } from '../opened-export';

export const dynamic = 'force-dynamic';

/** The run's indicators, their definitions and the key moments, as the report shows them. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const opened = await openedExport(request, (await params).id, 'summary JSON');
  const data = opened ? await assembleReport(opened.lesson, null, opened.run) : null;
  if (!data) return Response.json({ error: 'Not found.' }, { status: 404 });
  return Response.json(summaryJson(data), { headers: { 'Content-Disposition': `attachment; filename="lesson-summary-${opened!.run.id.slice(0, 8)}.json"`, 'Cache-Control': 'private, no-store' } });
}
