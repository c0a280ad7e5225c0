import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, EmptyState, PageHeader } from '@/app/_components/ui';
import { isAdmin } from '@/lib/access';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { enrolledStudentsByClass, listClassesOfSchool, listDepartments, listPeople } from '@/lib/db/queries';
import { ClassForm, DepartmentForm, EnrolForm, TeacherForm } from './class-forms';

export const metadata: Metadata = { title: 'Classes' };

export default async function AdminClassesPage() {
  const actor = await requireActor();
  allowOr404(isAdmin(actor));
  const [departments, classes, people] = await Promise.all([
    listDepartments(actor.schoolId),
    listClassesOfSchool(actor.schoolId),
    listPeople(actor.schoolId),
  ]);
  const enrolled = await enrolledStudentsByClass(classes.map((c) => c.id));
  const active = people.filter((p) => !p.disabledAt);
  const teachers = active.filter((p) => p.roles.includes('teacher')).map((p) => ({ id: p.id, name: p.name }));
  const students = active.filter((p) => p.roles.includes('student')).map((p) => ({ id: p.id, name: p.name }));

  return (
    <>
      <PageHeader title="Departments and classes" subtitle="Create departments and classes, and enrol students." />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={`Classes (${classes.length})`}>
            {classes.length === 0 ? (
              <EmptyState title="No classes yet">Create a department, then a class with its teacher.</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100">
                {classes.map((cls) => (
                  <li key={cls.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                    <div>
                      <Link href={`/classes/${cls.id}`} className="font-medium text-slate-900 hover:underline">
                        {cls.name}
                      </Link>
                      <p className="text-sm text-slate-500">
                        {cls.subject} · {cls.departmentName} · {cls.teacherName} · {enrolled.get(cls.id)!.size} students
                      </p>
                      <TeacherForm classId={cls.id} teacherId={cls.teacherId} teachers={teachers} />
                    </div>
                    <EnrolForm classId={cls.id} students={students.filter((s) => !enrolled.get(cls.id)!.has(s.id))} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="New class">
            {departments.length === 0 || teachers.length === 0 ? (
              <p className="text-sm text-slate-600">A class needs a department and a teacher first.</p>
            ) : (
              <ClassForm departments={departments.map((d) => ({ id: d.id, name: d.name }))} teachers={teachers} />
            )}
          </Card>
          <Card title="Departments">
            <ul className="mb-4 space-y-1 text-sm text-slate-700">
              {departments.map((d) => (
                <li key={d.id}>{d.name}</li>
              ))}
            </ul>
            <DepartmentForm />
          </Card>
        </div>
      </div>
    </>
  );
}
