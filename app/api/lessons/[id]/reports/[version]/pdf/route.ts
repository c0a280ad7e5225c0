import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getReportVersion } from '@/lib/reports/versions';
import { storedFileResponse } from '@/lib/storage/response';

export const dynamic = 'force-dynamic';

/** A stored report version's PDF, byte for byte as it was printed. */
export async function GET(_: Request, { params }: { params: Promise<{ id: string; version: string }> }) {
  const { id, version } = await params;
  const lesson = await lessonFor(await currentActor(), id, 'view');
  const row = lesson && /^\d{1,6}$/.test(version) ? await getReportVersion(lesson.id, Number(version)) : null;
  if (!row?.pdfKey || row.status !== 'ready') return Response.json({ error: 'Not found.' }, { status: 404 });
  const name = `${lesson!.title.replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'lesson'}-report-v${row.version}.pdf`;
  return storedFileResponse(row.pdfKey, 'application/pdf', { 'Content-Disposition': `attachment; filename="${name}"` });
}
