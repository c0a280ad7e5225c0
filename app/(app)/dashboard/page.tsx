import type { Metadata } from 'next';
import Link from 'next/link';
import { LessonList } from '@/app/_components/lesson-list';
import { Card, EmptyState, PageHeader, TextLink } from '@/app/_components/ui';
import { requireActor } from '@/lib/auth/session';
import { countStudentsByClass, getDepartment, listClassesOfTeacher, listLessonsOfTeacher, listLessonsSharedWithDepartment } from '@/lib/db/queries';
import { audit } from '@/lib/audit/log';
import { getDb } from '@/lib/db/client';
import { hasRole, type Actor } from '@/lib/policy';

export const metadata: Metadata = { title: 'Dashboard' };

/** What this dashboard holds for this person: only what they have. */
function greeting(actor: Actor): string {
  if (hasRole(actor, 'teacher')) return hasRole(actor, 'department_head') ? 'Your classes and lessons, and the lessons shared with you, at a glance.' : 'Your classes and lessons at a glance.';
  if (hasRole(actor, 'department_head')) return 'The lessons your department’s teachers shared with you.';
  if (hasRole(actor, 'admin')) return 'Your school’s people, classes, settings and audit log.';
  return 'Your own summary, when your school turns it on.';
}

export default async function DashboardPage() {
  const actor = await requireActor();
  const isTeacher = hasRole(actor, 'teacher');
  const isHead = hasRole(actor, 'department_head') && actor.departmentId;
  const [classes, lessons, shared, department] = await Promise.all([
    isTeacher ? listClassesOfTeacher(actor.id) : [],
    isTeacher ? listLessonsOfTeacher(actor.id) : [],
    isHead ? listLessonsSharedWithDepartment(actor.departmentId!) : [],
    isHead ? getDepartment(actor.departmentId!) : null,
  ]);
  const studentCounts = await countStudentsByClass(classes.map((c) => c.id));
  await audit(getDb(), actor, 'dashboard.view', { subject: 'Dashboard' });

  return (
    <>
      <PageHeader title={`Hello, ${actor.name.split(' ')[0]}`} subtitle={greeting(actor)} />
      <div className="grid gap-6 lg:grid-cols-3">
        {isTeacher && (
          <Card title="My classes" className="lg:col-span-1">
            {classes.length === 0 ? (
              <EmptyState title="No classes yet">Your school admin assigns classes to teachers.</EmptyState>
            ) : (
              <ul className="space-y-2">
                {classes.map((cls) => (
                  <li key={cls.id}>
                    <Link href={`/classes/${cls.id}`} className="block rounded-md border border-slate-200 px-3 py-2 hover:border-brand-600 hover:bg-brand-50">
                      <span className="font-medium">{cls.name}</span>
                      <span className="block text-sm text-slate-500">
                        {cls.subject} · {studentCounts.get(cls.id) ?? 0} students
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
        {isTeacher && (
          <Card title="Recent lessons" className="lg:col-span-2">
            <LessonList lessons={lessons} empty="Open one of your classes and add a lesson to upload its recording." />
          </Card>
        )}
        {isHead && (
          <Card title={`Shared with you · ${department?.name ?? 'your department'}`} className="lg:col-span-3">
            <LessonList lessons={shared} showTeacher empty="Teachers choose which lessons to share with their department head." />
          </Card>
        )}
        {hasRole(actor, 'admin') && (
          <Card title="School administration" className="lg:col-span-3">
            <p className="text-sm text-slate-600">
              Manage <TextLink href="/admin/people">people and invitations</TextLink>,{' '}
              <TextLink href="/admin/classes">departments and classes</TextLink> and the <TextLink href="/admin/school">school’s settings</TextLink>; import a{' '}
              <TextLink href="/admin/roster">roster</TextLink>; read the <TextLink href="/admin/audit">audit log</TextLink> of who opened and changed what. Lesson
              recordings and their analysis stay private to each teacher.
            </p>
          </Card>
        )}
        {actor.roles.length === 1 && hasRole(actor, 'student') && (
          <Card title="Your summary" className="lg:col-span-3">
            <EmptyState title="Nothing to show yet">When your school turns on student summaries, your own engagement summary will appear here.</EmptyState>
          </Card>
        )}
      </div>
    </>
  );
}
