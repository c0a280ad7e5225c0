'use client';

import { useActionState, useState } from 'react';
import { recordConsentAction } from '@/app/actions/consent';
import { buttonClass, Field, FormMessage, inputClass } from '@/app/_components/ui';

export type DecisionOption = { value: string; label: string; protective: boolean };

/** Records one decision for one student: what was decided, by whom (the school's party for a consent), and a note. */
export function ConsentForm({
  classId,
  studentId,
  studentName,
  options,
  schoolParty,
}: {
  classId: string;
  studentId: string;
  studentName: string;
  options: DecisionOption[];
  schoolParty: 'student' | 'guardian';
}) {
  const [state, formAction, pending] = useActionState(recordConsentAction, null);
  const [decision, setDecision] = useState(options[0]?.value ?? '');
  const [party, setParty] = useState<'student' | 'guardian'>(schoolParty);
  const protective = options.find((o) => o.value === decision)?.protective ?? false;
  const decidedBy = protective ? party : schoolParty;
  const id = (name: string) => `${name}-${studentId}`;
  return (
    <form action={formAction} className="mt-3 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <input type="hidden" name="classId" value={classId} />
      <input type="hidden" name="studentId" value={studentId} />
      <Field label={`Decision for ${studentName}`} htmlFor={id('decision')}>
        <select id={id('decision')} name="decision" value={decision} onChange={(e) => setDecision(e.currentTarget.value)} className={inputClass}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Decided by</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {(['student', 'guardian'] as const).map((p) => (
            <label key={p} className="flex items-center gap-2">
              <input type="radio" name="givenBy" value={p} checked={decidedBy === p} disabled={!protective && p !== schoolParty} onChange={() => setParty(p)} />
              {p === 'student' ? 'The student' : 'A guardian'}
            </label>
          ))}
        </div>
        {!protective && <p className="mt-1 text-xs text-slate-500">At this school {schoolParty === 'guardian' ? 'a guardian gives' : 'students give'} consent (school setting).</p>}
      </fieldset>
      {decidedBy === 'guardian' && (
        <Field label="Guardian’s name" htmlFor={id('guardian')}>
          <input id={id('guardian')} name="guardianName" required maxLength={200} className={inputClass} />
        </Field>
      )}
      <Field label="Note (optional)" htmlFor={id('note')} hint="e.g. where the signed form is kept">
        <input id={id('note')} name="note" maxLength={500} className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending || !decision}>
        Record decision
      </button>
      <FormMessage state={state} />
    </form>
  );
}
