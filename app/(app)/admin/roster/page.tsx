import type { Metadata } from 'next';
import { Breadcrumb, Card, PageHeader } from '@/app/_components/ui';
import { isAdmin } from '@/lib/access';
import { MAX_ROSTER_BYTES } from '@/lib/actions/admin';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { ROSTER_EXAMPLE } from '@/lib/people/roster/plan';
import { RosterImport } from './roster-import';

export const metadata: Metadata = { title: 'Import a roster' };

export default async function RosterPage() {
  const actor = await requireActor();
  allowOr404(isAdmin(actor));
  return (
    <>
      <Breadcrumb href="/admin/people" label="People" />
      <PageHeader
        title="Import a roster"
        subtitle="Classes, teachers, students and guardians from a CSV file. You see what would change, row by row, before anything is written; importing the same file again changes nothing."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <RosterImport maxBytes={MAX_ROSTER_BYTES} />
        </div>
        <Card title="The file" className="min-w-0">
          <div className="space-y-3 text-sm text-slate-600">
            <p>One row per class, teacher, student or guardian; the first line names the columns, in any order:</p>
            <ul className="list-disc space-y-1 pl-5">
              <li>
                <b>role</b>: class, teacher, student or guardian
              </li>
              <li>
                <b>name</b>, and <b>email</b> for people
              </li>
              <li>
                classes: <b>subject</b>, <b>department</b>, <b>teacher</b> (email)
              </li>
              <li>
                students: <b>classes</b> (names, separated by “;”)
              </li>
              <li>
                guardians: <b>students</b> (emails, separated by “;”)
              </li>
            </ul>
            <p>New accounts get no password: send their invitations from the People page. The import never removes anyone from a class.</p>
            <pre className="overflow-x-auto rounded-md bg-slate-50 p-3 text-xs text-slate-800">{ROSTER_EXAMPLE}</pre>
          </div>
        </Card>
      </div>
    </>
  );
}
