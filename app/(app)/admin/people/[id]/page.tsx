import type { Metadata } from 'next';
import Link from 'next/link';
import { Breadcrumb, Card, EmptyState, PageHeader } from '@/app/_components/ui';
import { UnenrolButton } from '@/app/_components/unenrol-button';
import { isAdmin } from '@/lib/access';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { getPerson, listClassesOfSchool, listClassesOfStudent, listClassesOfTeacher, listDepartments } from '@/lib/db/queries';
import { personFootprint } from '@/lib/people/delete-person';
import { listGuardiansOf } from '@/lib/people/guardians';
import { roleList } from '@/lib/roles';
import { AccountState } from '../account-state';
import { LinkButton } from '../people-forms';
import { ActiveForm, DeletePersonForm, EnrolInClassForm, GuardianForm, RemoveGuardianButton, RolesForm } from './person-forms';

export const metadata: Metadata = { title: 'Person' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  allowOr404(isAdmin(actor));
  const person = await getPerson(id);
  allowOr404(!!person && person.schoolId === actor.schoolId);
  const isStudent = person!.roles.includes('student');
  const [departments, enrolled, taught, allClasses, guardians, footprint] = await Promise.all([
    listDepartments(actor.schoolId),
    listClassesOfStudent(person!.id),
    listClassesOfTeacher(person!.id),
    listClassesOfSchool(actor.schoolId),
    listGuardiansOf(person!.id),
    personFootprint(person!.id),
  ]);
  const enrolledIds = new Set(enrolled.map((c) => c.id));
  const isSelf = person!.id === actor.id;
  const erased = [
    footprint.lessons && plural(footprint.lessons, 'lesson') + ' they recorded, with everything derived from them',
    footprint.templates && plural(footprint.templates, 'face or voice template'),
    footprint.enrolments && plural(footprint.enrolments, 'class enrolment'),
    footprint.guardians && plural(footprint.guardians, 'guardian link'),
  ].filter(Boolean);

  return (
    <>
      <Breadcrumb href="/admin/people" label="People" />
      <PageHeader
        title={person!.name}
        subtitle={
          <>
            <span className="break-all">{person!.email}</span> · {roleList(person!.roles)} · <AccountState disabled={!!person!.disabledAt} active={!!person!.passwordHash} />
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Roles">
          <RolesForm userId={person!.id} roles={person!.roles} departmentId={person!.departmentId} departments={departments.map((d) => ({ id: d.id, name: d.name }))} />
        </Card>
        <Card title="Account">
          <div className="space-y-4 text-sm text-slate-600">
            {person!.disabledAt ? (
              <p>This account is deactivated: its owner cannot sign in. Everything of theirs is kept. Reactivating lets them sign in again with their password.</p>
            ) : (
              <p>Deactivating signs {person!.name} out everywhere at once and stops them signing in; their data is kept and the account can be reactivated.</p>
            )}
            {isSelf ? <p className="text-slate-500">This is your own account.</p> : <ActiveForm userId={person!.id} active={!person!.disabledAt} />}
            {!person!.disabledAt && <LinkButton userId={person!.id} label={person!.passwordHash ? 'Password reset link' : 'New invite link'} />}
          </div>
        </Card>
        {(isStudent || enrolled.length > 0) && (
          <Card title={`Classes (${enrolled.length})`}>
            {enrolled.length === 0 ? (
              <EmptyState title="Not in any class" />
            ) : (
              <ul className="mb-4 divide-y divide-slate-100 text-sm">
                {enrolled.map((cls) => (
                  <li key={cls.id} className="flex items-center justify-between gap-3 py-2">
                    <span>
                      <Link href={`/classes/${cls.id}`} className="font-medium text-slate-900 hover:underline">
                        {cls.name}
                      </Link>
                      <span className="text-slate-500"> · {cls.teacherName}</span>
                    </span>
                    <UnenrolButton classId={cls.id} studentId={person!.id} label={`Remove ${person!.name} from ${cls.name}`} />
                  </li>
                ))}
              </ul>
            )}
            {isStudent && <EnrolInClassForm studentId={person!.id} classes={allClasses.filter((c) => !enrolledIds.has(c.id)).map((c) => ({ id: c.id, name: c.name }))} />}
          </Card>
        )}
        {taught.length > 0 && (
          <Card title={`Teaches (${taught.length})`}>
            <ul className="space-y-1 text-sm">
              {taught.map((cls) => (
                <li key={cls.id}>
                  <Link href={`/classes/${cls.id}`} className="font-medium text-slate-900 hover:underline">
                    {cls.name}
                  </Link>
                  <span className="text-slate-500"> · {cls.subject}</span>
                </li>
              ))}
            </ul>
          </Card>
        )}
        {isStudent && (
          <Card title={`Guardians (${guardians.length})`}>
            <p className="mb-3 text-sm text-slate-600">Parents or carers, kept as contacts (they do not sign in). Where the school asks guardians for consent, they give it for this student.</p>
            {guardians.length > 0 && (
              <ul className="mb-4 divide-y divide-slate-100 text-sm">
                {guardians.map((g) => (
                  <li key={g.id} className="flex items-center justify-between gap-3 py-2">
                    <span>
                      <span className="font-medium text-slate-900">{g.name}</span> <span className="break-all text-slate-500">{g.email}</span>
                    </span>
                    <RemoveGuardianButton studentId={person!.id} guardianId={g.id} name={g.name} />
                  </li>
                ))}
              </ul>
            )}
            <GuardianForm studentId={person!.id} />
          </Card>
        )}
        <Card title="Biometric data">
          <p className="text-sm text-slate-600">
            {footprint.templates
              ? `${plural(footprint.templates, 'face or voice template')} from references ${person!.name} added on their profile. The templates themselves never leave the server; ${person!.name} can remove them on their profile.`
              : 'No face or voice template is kept for this person.'}
          </p>
        </Card>
        {!isSelf && (
          <Card title="Delete this person" className="lg:col-span-2">
            <p className="mb-3 text-sm text-slate-600">
              Deletes the account and everything personal
              {erased.length ? `: ${erased.join(', ')}` : ''}. The figures of other lessons they were in never named anyone, and stay. The audit log keeps what was
              done, without their name. This cannot be undone; to keep their data, deactivate the account instead.
            </p>
            {footprint.classesTaught.length > 0 ? (
              <p className="text-sm text-amber-800">
                {person!.name} teaches {footprint.classesTaught.join(', ')}. Give {footprint.classesTaught.length === 1 ? 'that class' : 'those classes'} to another teacher on the{' '}
                <Link href="/admin/classes" className="underline">
                  Classes
                </Link>{' '}
                page first.
              </p>
            ) : (
              <DeletePersonForm userId={person!.id} name={person!.name} />
            )}
          </Card>
        )}
      </div>
    </>
  );
}
