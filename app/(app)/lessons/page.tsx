import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass, Card, EmptyState, Field, formatDate, inputClass, PageHeader, StatusBadge } from '@/app/_components/ui';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { ARCHIVE_PAGE_SIZE, ARCHIVE_SORTS, archiveClasses, archiveFilters, archivePage, archiveScopes, type ArchiveFilters } from '@/lib/lessons/archive';
import { LESSON_STATUSES } from '@/lib/db/schema';
import { REPORT_REASON_LABELS } from '@/lib/reports/versions';

export const metadata: Metadata = { title: 'Lesson archive' };

const STATUS_NAMES: Record<(typeof LESSON_STATUSES)[number], string> = { draft: 'No recording', processing: 'Analysing', ready: 'Ready', failed: 'Failed', cancelled: 'Cancelled' };

function query(filters: ArchiveFilters, changes: Partial<ArchiveFilters>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...changes })) {
    if (value === undefined || value === '' || (key === 'page' && value === 1) || (key === 'sort' && value === 'date-desc')) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export default async function ArchivePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const scopes = archiveScopes(actor);
  allowOr404(scopes.length > 0);
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v !== ''));
  const filters = archiveFilters.parse(raw);
  const scope = filters.scope && scopes.includes(filters.scope) ? filters.scope : scopes[0];
  const [{ lessons, total, versions }, classOptions] = await Promise.all([archivePage(actor, scope, filters), archiveClasses(actor, scope)]);
  const pages = Math.max(1, Math.ceil(total / ARCHIVE_PAGE_SIZE));

  return (
    <>
      <PageHeader title="Lesson archive" subtitle={scope === 'mine' ? 'Your lessons and their stored reports.' : 'Lessons your department’s teachers have shared with you.'} />
      {scopes.length > 1 && (
        <nav aria-label="Archives" className="mb-4 flex gap-2 text-sm">
          {scopes.map((s) => (
            <Link
              key={s}
              href={`/lessons${query({ sort: 'date-desc', page: 1 }, { scope: s })}`}
              aria-current={s === scope ? 'page' : undefined}
              className={`rounded-full border px-3 py-1 ${s === scope ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
            >
              {s === 'mine' ? 'My lessons' : 'Shared with me'}
            </Link>
          ))}
        </nav>
      )}
      <Card className="mb-6">
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter the archive">
          <input type="hidden" name="scope" value={scope} />
          <div className="sm:col-span-2">
            <Field label="Search titles" htmlFor="q">
              <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} className={inputClass} placeholder="e.g. forces" />
            </Field>
          </div>
          <Field label="Class" htmlFor="classId">
            <select id="classId" name="classId" defaultValue={filters.classId ?? ''} className={inputClass}>
              <option value="">All classes</option>
              {classOptions.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Status" htmlFor="status">
            <select id="status" name="status" defaultValue={filters.status ?? ''} className={inputClass}>
              <option value="">Any status</option>
              {LESSON_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_NAMES[s]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Taught from" htmlFor="from">
            <input id="from" name="from" type="date" defaultValue={filters.from ?? ''} className={inputClass} />
          </Field>
          <Field label="Taught until" htmlFor="to">
            <input id="to" name="to" type="date" defaultValue={filters.to ?? ''} className={inputClass} />
          </Field>
          <Field label="Sort by" htmlFor="sort">
            <select id="sort" name="sort" defaultValue={filters.sort} className={inputClass}>
              {Object.entries(ARCHIVE_SORTS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <div className="flex items-end gap-3 sm:col-span-2 lg:col-span-5">
            <button type="submit" className={buttonClass}>
              Apply
            </button>
            <Link href={`/lessons${query({ sort: 'date-desc', page: 1 }, { scope })}`} className="text-sm text-slate-600 hover:underline">
              Clear filters
            </Link>
          </div>
        </form>
      </Card>

      <Card title={`${total} ${total === 1 ? 'lesson' : 'lessons'}`}>
        {lessons.length === 0 ? (
          <EmptyState title="No lessons match">Change or clear the filters above.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="archive">
            {lessons.map((lesson) => {
              const stored = versions.get(lesson.id) ?? [];
              return (
                <li key={lesson.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <Link href={`/lessons/${lesson.id}`} className="font-medium text-slate-900 hover:underline">
                      {lesson.title}
                    </Link>
                    <p className="text-sm text-slate-600">
                      {lesson.className} · {formatDate(lesson.taughtOn)}
                      {scope === 'shared' && ` · ${lesson.teacherName}`}
                    </p>
                    {stored.length > 0 && (
                      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label={`Report versions of ${lesson.title}`}>
                        {stored.map((v) => (
                          <li key={v.id}>
                            <Link href={`/lessons/${lesson.id}/report?version=${v.version}`} className="text-brand-700 hover:underline">
                              v{v.version}
                            </Link>{' '}
                            {REPORT_REASON_LABELS[v.reason].toLowerCase()}, {formatDate(v.createdAt)} ·{' '}
                            <a href={`/api/lessons/${lesson.id}/reports/${v.version}/pdf`} className="text-brand-700 hover:underline">
                              PDF
                            </a>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                  <div className="flex items-center gap-3">
                    {lesson.status === 'ready' && (
                      <Link href={`/lessons/${lesson.id}/report`} className="text-sm font-medium text-brand-700 hover:underline">
                        Report
                      </Link>
                    )}
                    <StatusBadge status={lesson.status} />
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {pages > 1 && (
          <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
            {filters.page > 1 ? (
              <Link href={`/lessons${query(filters, { scope, page: filters.page - 1 })}`} className="text-brand-700 hover:underline" rel="prev">
                ← Previous page
              </Link>
            ) : (
              <span />
            )}
            <span className="text-slate-600">
              Page {filters.page} of {pages}
            </span>
            {filters.page < pages ? (
              <Link href={`/lessons${query(filters, { scope, page: filters.page + 1 })}`} className="text-brand-700 hover:underline" rel="next">
                Next page →
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
