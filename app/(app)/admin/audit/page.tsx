import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass, Card, EmptyState, inputClass, PageHeader, secondaryButtonClass } from '@/app/_components/ui';
import { isAdmin } from '@/lib/access';
import { AUDIT_ACTIONS } from '@/lib/audit/actions';
import { audit } from '@/lib/audit/log';
import { actionLabel, AUDIT_PAGE_SIZE, auditFiltersFrom, auditQuery, listAuditedLessons, listAuditEvents } from '@/lib/audit/read';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listPeople } from '@/lib/db/queries';

export const metadata: Metadata = { title: 'Audit log' };

const time = (at: Date) => at.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  allowOr404(isAdmin(actor));
  const params = await searchParams;
  const filters = auditFiltersFrom(params);
  const page = Math.max(1, Number.parseInt(typeof params.page === 'string' ? params.page : '1', 10) || 1);
  const [{ rows, total }, people, lessons] = await Promise.all([listAuditEvents(actor.schoolId, filters, page), listPeople(actor.schoolId), listAuditedLessons(actor.schoolId)]);
  await audit(getDb(), actor, 'audit.view', { subject: 'Audit log' });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * AUDIT_PAGE_SIZE + 1;

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Who opened which lesson, report, PDF, export, playback copy or dashboard, and who changed sharing, settings, roles, classes and accounts. Opening the same page again within 10 minutes is one entry."
        actions={
          <a href={`/api/admin/audit${auditQuery(filters)}`} className={secondaryButtonClass} download>
            Export CSV
          </a>
        }
      />
      <Card className="mb-6">
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6 lg:items-end" aria-label="Filter the audit log">
          <label className="text-sm font-medium text-slate-700 lg:col-span-1">
            Person
            <select name="person" defaultValue={filters.personId ?? ''} className={`${inputClass} mt-1`}>
              <option value="">Anyone</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium text-slate-700 lg:col-span-1">
            Lesson
            <select name="lesson" defaultValue={filters.lessonId ?? ''} className={`${inputClass} mt-1`}>
              <option value="">Any lesson</option>
              {lessons.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium text-slate-700 lg:col-span-1">
            Action
            <select name="action" defaultValue={filters.action ?? ''} className={`${inputClass} mt-1`}>
              <option value="">Any action</option>
              {Object.entries(AUDIT_ACTIONS).map(([value, { label }]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium text-slate-700">
            From
            <input type="date" name="from" defaultValue={filters.from ?? ''} className={`${inputClass} mt-1`} />
          </label>
          <label className="text-sm font-medium text-slate-700">
            To
            <input type="date" name="to" defaultValue={filters.to ?? ''} className={`${inputClass} mt-1`} />
          </label>
          <div className="flex gap-2">
            <button type="submit" className={buttonClass}>
              Filter
            </button>
            <Link href="/admin/audit" className={secondaryButtonClass}>
              Clear
            </Link>
          </div>
        </form>
      </Card>
      <Card title={total === 0 ? 'No entries' : `Entries ${first}–${first + rows.length - 1} of ${total}`}>
        {rows.length === 0 ? (
          <EmptyState title="Nothing matches these filters">Widen the date range or choose anyone, any lesson, any action.</EmptyState>
        ) : (
          // On a phone each entry is a block (when, who and what on top, what it was about below); from sm up, a table.
          <table className="w-full text-left text-sm" data-testid="audit-entries">
            <thead className="hidden border-b border-slate-200 text-slate-500 sm:table-header-group">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">When</th>
                <th scope="col" className="py-2 pr-4 font-medium">Who</th>
                <th scope="col" className="py-2 pr-4 font-medium">What</th>
                <th scope="col" className="py-2 font-medium">About</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {rows.map((row) => (
                <tr key={row.id} className="block py-2 sm:table-row sm:py-0">
                  <td className="block whitespace-nowrap text-xs tabular-nums text-slate-500 sm:table-cell sm:py-2 sm:pr-4 sm:text-sm sm:text-slate-600">{time(row.at)}</td>
                  <td className="inline font-medium text-slate-900 sm:table-cell sm:py-2 sm:pr-4">{row.actorName}</td>
                  <td className="inline text-slate-700 before:content-['_·_'] sm:table-cell sm:py-2 sm:pr-4 sm:before:content-none">{actionLabel(row.action)}</td>
                  <td className="block text-slate-700 sm:table-cell sm:min-w-48 sm:py-2">
                    {row.lessonId ? (
                      <Link href={`/admin/audit${auditQuery({ lessonId: row.lessonId })}`} className="hover:underline" title="Every entry about this lesson">
                        {row.subject}
                      </Link>
                    ) : (
                      row.subject
                    )}
                    {row.detail && <span className="block text-xs text-slate-500">{row.detail}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
            {page > 1 ? (
              <Link href={`/admin/audit${auditQuery(filters, { page: String(page - 1) })}`} className={secondaryButtonClass}>
                ← Newer
              </Link>
            ) : (
              <span />
            )}
            <span className="text-slate-500">
              Page {page} of {pages}
            </span>
            {page < pages ? (
              <Link href={`/admin/audit${auditQuery(filters, { page: String(page + 1) })}`} className={secondaryButtonClass}>
                Older →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        )}
      </Card>
    </>
  );
}
