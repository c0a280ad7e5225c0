'use client';

import { useActionState, useState } from 'react';
import { invitePersonAction, resetLinkAction } from '@/app/actions/admin';
import { buttonClass, Field, FormMessage, inputClass, secondaryButtonClass } from '@/app/_components/ui';
import type { ActionResult } from '@/lib/actions/result';

function OneTimeLink({ state }: { state: ActionResult | null }) {
  if (!state?.link) return null;
  return (
    <div className="mt-2 rounded-md bg-emerald-50 p-3 text-sm">
      <p className="text-emerald-800">{state.message}</p>
      <input readOnly value={state.link} aria-label="One-time link" className={`${inputClass} mt-2 font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}

const ROLE_OPTIONS = [
  { value: 'teacher', label: 'Teacher' },
  { value: 'student', label: 'Student' },
  { value: 'department_head', label: 'Department head' },
  { value: 'admin', label: 'Admin' },
];

export function InviteForm({ departments }: { departments: { id: string; name: string }[] }) {
  const [state, formAction, pending] = useActionState(invitePersonAction, null);
  const [isHead, setIsHead] = useState(false);
  return (
    <form action={formAction} className="space-y-4">
      <Field label="Name" htmlFor="invite-name">
        <input id="invite-name" name="name" required className={inputClass} />
      </Field>
      <Field label="Email" htmlFor="invite-email">
        <input id="invite-email" name="email" type="email" required className={inputClass} />
      </Field>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Roles</legend>
        <div className="grid grid-cols-2 gap-1 text-sm">
          {ROLE_OPTIONS.map((role) => (
            <label key={role.value} className="flex items-center gap-2">
              <input
                type="checkbox"
                name="roles"
                value={role.value}
                defaultChecked={role.value === 'teacher'}
                onChange={role.value === 'department_head' ? (e) => setIsHead(e.currentTarget.checked) : undefined}
              />
              {role.label}
            </label>
          ))}
        </div>
      </fieldset>
      {isHead && (
        <Field label="Heads department" htmlFor="invite-department">
          <select id="invite-department" name="departmentId" className={inputClass} required>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
      )}
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
