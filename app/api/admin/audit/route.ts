import { Readable } from 'node:stream';
import { isAdmin } from '@/lib/access';
import { audit } from '@/lib/audit/log';
import { auditCsv, auditFiltersFrom } from '@/lib/audit/read';
import { currentActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** The audit log as CSV, with the page's filters (person, lesson, action, from, to), streamed. */
export async function GET(request: Request) {
  const actor = await currentActor();
  if (!isAdmin(actor)) return Response.json({ error: 'Not found.' }, { status: 404 });
  const filters = auditFiltersFrom(Object.fromEntries(new URL(request.url).searchParams));
  await audit(getDb(), actor, 'audit.export', { subject: 'Audit log' });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(Readable.from(auditCsv(actor.schoolId, filters))) as ReadableStream, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="audit-log-${day}.csv"`, 'Cache-Control': 'private, no-store' },
  });
}
