'use client';

import { useActionState, useState } from 'react';
import { addGuardianAction, deletePersonAction, enrolStudentsAction, removeGuardianAction, setActiveAction, setRolesAction } from '@/app/actions/admin';
import { buttonClass, dangerButtonClass, Field, FormMessage, inputClass, secondaryButtonClass } from '@/app/_components/ui';
import { ROLE_NAMES, ROLES, type Role } from '@/lib/roles';

type Option = { id: string; name: string };

export function RolesForm({ userId, roles, departmentId, departments }: { userId: string; roles: Role[]; departmentId: string | null; departments: Option[] }) {
  const [state, formAction, pending] = useActionState(setRolesAction, null);
  const [isHead, setIsHead] = useState(roles.includes('department_head'));
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="userId" value={userId} />
      <fieldset>
        <legend className="sr-only">Roles</legend>
        <div className="grid grid-cols-2 gap-1 text-sm">
          {ROLES.map((role) => (
            <label key={role} className="flex items-center gap-2">
              <input
                type="checkbox"
                name="roles"
                value={role}
                defaultChecked={roles.includes(role)}
                onChange={role === 'department_head' ? (e) => setIsHead(e.currentTarget.checked) : undefined}
              />
              {ROLE_NAMES[role]}
            </label>
          ))}
        </div>
      </fieldset>
      {isHead && (
        <Field label="Heads department" htmlFor="roles-department">
          <select id="roles-department" name="departmentId" defaultValue={departmentId ?? undefined} className={inputClass} required>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
      )}
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
          <select id="enrol-class" name="classId" className={inputClass}>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
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
