'use client';

import { useActionState } from 'react';
import { addGuardianAction, deletePersonAction, enrolStudentsAction, removeGuardianAction, setActiveAction, setRolesAction } from '@/app/actions/admin';
import { buttonClass, dangerButtonClass, Field, FormMessage, inputClass, secondaryButtonClass, OptionSelect, type Option } from '@/app/_components/ui';
import type { Role } from '@/lib/roles';
import { RoleFields } from '../people-forms';

export function RolesForm({ userId, roles, departmentId, departments }: { userId: string; roles: Role[]; departmentId: string | null; departments: Option[] }) {
  const [state, formAction, pending] = useActionState(setRolesAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="userId" value={userId} />
      <RoleFields idPrefix="roles" roles={roles} departmentId={departmentId} departments={departments} />
      <p className="text-xs text-slate-500">Taking the teacher role away deletes their face and voice templates; taking the student role away takes them out of their classes.</p>
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        Save roles
      </button>
      <FormMessage state={state} />
    </form>
  );
}

export function ActiveForm({ userId, active }: { userId: string; active: boolean }) {
  const [state, formAction, pending] = useActionState(setActiveAction, null);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="active" value={String(!active)} />
      <button type="submit" className={active ? dangerButtonClass : secondaryButtonClass} disabled={pending}>
        {active ? 'Deactivate account' : 'Reactivate account'}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

export function EnrolInClassForm({ studentId, classes }: { studentId: string; classes: Option[] }) {
  const [state, formAction, pending] = useActionState(enrolStudentsAction, null);
  if (classes.length === 0) return <p className="text-sm text-slate-500">Enrolled in every class of the school.</p>;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="studentIds" value={studentId} />
      <div className="min-w-48 flex-1">
        <Field label="Add to class" htmlFor="enrol-class">
          <OptionSelect id="enrol-class" name="classId" options={classes} />
        </Field>
      </div>
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        Enrol
      </button>
      <div className="w-full">
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function GuardianForm({ studentId }: { studentId: string }) {
  const [state, formAction, pending] = useActionState(addGuardianAction, null);
  return (
    <form action={formAction} className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
      <input type="hidden" name="studentId" value={studentId} />
      <Field label="Guardian’s name" htmlFor="guardian-name">
        <input id="guardian-name" name="name" required className={inputClass} />
      </Field>
      <Field label="Email" htmlFor="guardian-email">
        <input id="guardian-email" name="email" type="email" required className={inputClass} />
      </Field>
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        Add guardian
      </button>
      <div className="sm:col-span-3">
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function RemoveGuardianButton({ studentId, guardianId, name }: { studentId: string; guardianId: string; name: string }) {
  const [state, formAction, pending] = useActionState(removeGuardianAction, null);
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="guardianId" value={guardianId} />
      <button type="submit" className="text-xs font-medium text-red-700 hover:underline disabled:opacity-50" disabled={pending} aria-label={`Remove ${name}`}>
        Remove
      </button>
      {state?.error && <FormMessage state={state} />}
    </form>
  );
}

export function DeletePersonForm({ userId, name }: { userId: string; name: string }) {
  const [state, formAction, pending] = useActionState(deletePersonAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="userId" value={userId} />
      <Field label={`Type “${name}” to confirm`} htmlFor="confirm-name">
        <input id="confirm-name" name="confirmName" autoComplete="off" required className={inputClass} />
      </Field>
      <button type="submit" className={`${buttonClass} bg-red-700 hover:bg-red-800`} disabled={pending}>
        Delete {name}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
