import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, inputClass, PageHeader, secondaryButtonClass } from '@/app/_components/ui';
import { isAdmin } from '@/lib/access';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { listDepartments, listPeople } from '@/lib/db/queries';
import { ROLE_NAMES, ROLES } from '@/lib/roles';
import { AccountState } from './account-state';
import { InviteForm, LinkButton } from './people-forms';

export const metadata: Metadata = { title: 'People' };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  allowOr404(isAdmin(actor));
  const params = await searchParams;
  const query = typeof params.q === 'string' ? params.q.trim() : '';
  const role = ROLES.find((r) => r === params.role) ?? null;
  const [everyone, departments] = await Promise.all([listPeople(actor.schoolId), listDepartments(actor.schoolId)]);
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  const people = everyone.filter(
    (p) => (!role || p.roles.includes(role)) && (!query || p.name.toLowerCase().includes(query.toLowerCase()) || p.email.toLowerCase().includes(query.toLowerCase())),
  );

  return (
    <>
      <PageHeader
        title="People"
        subtitle="Invite staff and students, change their roles, deactivate or delete accounts."
        actions={
          <Link href="/admin/roster" className={secondaryButtonClass}>
            Import a roster (CSV)
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Invite someone" className="lg:order-2">
          <InviteForm departments={departments.map((d) => ({ id: d.id, name: d.name }))} />
        </Card>
        <Card title={query || role ? `${people.length} of ${everyone.length}` : `Everyone (${everyone.length})`} className="lg:col-span-2">
          <form method="get" className="mb-4 flex flex-wrap gap-2" aria-label="Find people">
            <label className="sr-only" htmlFor="people-q">
              Name or email
            </label>
            <input id="people-q" name="q" defaultValue={query} placeholder="Name or email" className={`${inputClass} min-w-0 flex-1`} />
            <label className="sr-only" htmlFor="people-role">
              Role
            </label>
            <select id="people-role" name="role" defaultValue={role ?? ''} className={`${inputClass} w-auto`}>
              <option value="">Every role</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_NAMES[r]}
                </option>
              ))}
            </select>
            <button type="submit" className={secondaryButtonClass}>
              Find
            </button>
          </form>
          {/* On a phone each person is a block: name and email, then roles and account, then the link button. */}
          <div>
            <table className="w-full text-left text-sm">
              <thead className="hidden border-b border-slate-200 text-slate-500 sm:table-header-group">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Roles</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Account</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {people.map((person) => (
                  <tr key={person.id} className="block py-2 align-top sm:table-row sm:py-0">
                    <td className="block sm:table-cell sm:py-2 sm:pr-4">
                      <Link href={`/admin/people/${person.id}`} className="font-medium text-brand-700 hover:underline">
                        {person.name}
                      </Link>
                      <p className="break-words text-slate-500">{person.email}</p>
                    </td>
                    <td className="inline text-slate-700 sm:table-cell sm:py-2 sm:pr-4">
                      {person.roles.map((r) => ROLE_NAMES[r]).join(', ')}
                      {person.departmentId && <span className="text-xs text-slate-500 sm:block"> ({departmentName.get(person.departmentId)})</span>}
                    </td>
                    <td className="inline before:content-['_·_'] sm:table-cell sm:py-2 sm:pr-4 sm:before:content-none">
                      <AccountState disabled={!!person.disabledAt} active={person.active} />
                    </td>
                    <td className="block pt-2 sm:table-cell sm:py-2">{!person.disabledAt && <LinkButton userId={person.id} label={person.active ? 'Reset link' : 'New invite link'} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      </div>
    </>
  );
}
