'use client';

import { useActionState } from 'react';
import { changeClassTeacherAction, createClassAction, createDepartmentAction, enrolStudentsAction } from '@/app/actions/admin';
import { buttonClass, Field, FormMessage, inputClass, OptionSelect, secondaryButtonClass, type Option } from '@/app/_components/ui';


export function DepartmentForm() {
  const [state, formAction, pending] = useActionState(createDepartmentAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <Field label="New department" htmlFor="department-name">
        <input id="department-name" name="name" required className={inputClass} />
      </Field>
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        Add department
      </button>
      <FormMessage state={state} />
    </form>
  );
}

export function ClassForm({ departments, teachers }: { departments: Option[]; teachers: Option[] }) {
  const [state, formAction, pending] = useActionState(createClassAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <Field label="Name" htmlFor="class-name">
        <input id="class-name" name="name" required placeholder="e.g. Chemistry 11C" className={inputClass} />
      </Field>
      <Field label="Subject" htmlFor="class-subject">
        <input id="class-subject" name="subject" required className={inputClass} />
      </Field>
      <Field label="Department" htmlFor="class-department">
        <OptionSelect id="class-department" name="departmentId" options={departments} required />
      </Field>
      <Field label="Teacher" htmlFor="class-teacher">
        <OptionSelect id="class-teacher" name="teacherId" options={teachers} required />
      </Field>
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending}>
        Create class
      </button>
      <FormMessage state={state} />
    </form>
  );
}

/** Gives the class to another teacher (a teacher who leaves, before their account is deleted). */
export function TeacherForm({ classId, teacherId, teachers }: { classId: string; teacherId: string; teachers: Option[] }) {
  const [state, formAction, pending] = useActionState(changeClassTeacherAction, null);
  return (
    <form action={formAction} className="mt-2 flex flex-wrap items-center gap-2">
      <input type="hidden" name="classId" value={classId} />
      <label className="sr-only" htmlFor={`teacher-${classId}`}>
        Teacher
      </label>
      <OptionSelect id={`teacher-${classId}`} name="teacherId" defaultValue={teacherId} className={`${inputClass} w-44 py-1`} options={teachers} />
      <button type="submit" className={`${secondaryButtonClass} px-3 py-1`} disabled={pending}>
        Change teacher
      </button>
      <FormMessage state={state} />
    </form>
  );
}

export function EnrolForm({ classId, students }: { classId: string; students: Option[] }) {
  const [state, formAction, pending] = useActionState(enrolStudentsAction, null);
  if (students.length === 0) return <p className="text-sm text-slate-500">Every student is in this class.</p>;
  return (
    <form action={formAction} className="flex items-start gap-2">
      <input type="hidden" name="classId" value={classId} />
      <label className="sr-only" htmlFor={`enrol-${classId}`}>
        Students to enrol
      </label>
      <OptionSelect id={`enrol-${classId}`} name="studentIds" multiple size={3} className={`${inputClass} w-48`} options={students} />
      <div className="space-y-1">
        <button type="submit" className={`${secondaryButtonClass} px-3 py-1.5`} disabled={pending}>
          Enrol
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
