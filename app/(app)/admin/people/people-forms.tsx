'use client';

import { useActionState, useState } from 'react';
import { invitePersonAction, resetLinkAction } from '@/app/actions/admin';
import { buttonClass, Field, FormMessage, inputClass, OptionSelect, secondaryButtonClass, type Option } from '@/app/_components/ui';
import type { ActionResult } from '@/lib/actions/result';
import { ROLE_NAMES, ROLES, type Role } from '@/lib/roles';

function OneTimeLink({ state }: { state: ActionResult | null }) {
  if (!state?.link) return null;
  return (
    <div className="mt-2 rounded-md bg-emerald-50 p-3 text-sm">
      <p className="text-emerald-800">{state.message}</p>
      <input readOnly value={state.link} aria-label="One-time link" className={`${inputClass} mt-2 font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}

/** The invitation's and the person page's roles: a checkbox per role, and the department a head leads once that one is ticked. */
export function RoleFields({ idPrefix, roles, departmentId, departments }: { idPrefix: string; roles: Role[]; departmentId: string | null; departments: Option[] }) {
  const [isHead, setIsHead] = useState(roles.includes('department_head'));
  return (
    <>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Roles</legend>
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
        <Field label="Heads department" htmlFor={`${idPrefix}-department`}>
          <OptionSelect id={`${idPrefix}-department`} name="departmentId" defaultValue={departmentId ?? undefined} options={departments} required />
        </Field>
      )}
    </>
  );
}

export function InviteForm({ departments }: { departments: Option[] }) {
  const [state, formAction, pending] = useActionState(invitePersonAction, null);
  return (
    <form action={formAction} className="space-y-4">
      <Field label="Name" htmlFor="invite-name">
        <input id="invite-name" name="name" required className={inputClass} />
      </Field>
      <Field label="Email" htmlFor="invite-email">
        <input id="invite-email" name="email" type="email" required className={inputClass} />
      </Field>
      <RoleFields idPrefix="invite" roles={['teacher']} departmentId={null} departments={departments} />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending}>
        Create invitation
      </button>
      {state?.link ? <OneTimeLink state={state} /> : <FormMessage state={state} />}
    </form>
  );
}

export function LinkButton({ userId, label }: { userId: string; label: string }) {
  const [state, formAction, pending] = useActionState(resetLinkAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className={`${secondaryButtonClass} px-2 py-1 text-xs`} disabled={pending}>
        {label}
      </button>
      {state?.link ? <OneTimeLink state={state} /> : <FormMessage state={state} />}
    </form>
  );
}
