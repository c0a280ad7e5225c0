import { Card, EmptyState, formatDate } from '@/app/_components/ui';
import { CONSENT_KIND_TEXT, decisionText, protectsStudent } from '@/lib/consent/kinds';
import type { StudentConsent } from '@/lib/consent/records';
import { CONSENT_KINDS, type ConsentParty, type ConsentRecord } from '@/lib/db/schema';
import { ConsentForm, type DecisionOption } from './consent-form';

const CHIP = {
  good: 'bg-emerald-100 text-emerald-800',
  none: 'bg-slate-100 text-slate-600',
  warn: 'bg-amber-100 text-amber-900',
};

function who(record: ConsentRecord): string {
  return record.givenBy === 'guardian' ? `guardian ${record.guardianName ?? ''}`.trim() : 'the student';
}

function StateChip({ kind, record }: { kind: (typeof CONSENT_KINDS)[number]; record: ConsentRecord | null }) {
  const text = CONSENT_KIND_TEXT[kind];
  const given = record?.decision === 'given';
  const label = !record ? text.none : given ? text.given : text.withdrawn;
  const tone = kind === 'analysis-opt-out' ? (given ? CHIP.warn : CHIP.none) : given ? CHIP.good : record ? CHIP.warn : CHIP.none;
  return (
    <span className="flex min-w-0 flex-col">
      <span className="text-xs text-slate-500">{text.label}</span>
      <span className={`mt-0.5 inline-flex w-fit rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>{label}</span>
      {record && <span className="mt-0.5 text-xs text-slate-500">{formatDate(record.recordedAt)}</span>}
    </span>
  );
}

/** The options an actor may record for one student now: the opposite of each kind's current state, filtered by the policy. */
export function decisionOptions(consent: StudentConsent, mayRecord: (protective: boolean) => boolean): DecisionOption[] {
  return CONSENT_KINDS.flatMap((kind) => {
    const decision = consent.current[kind]?.decision === 'given' ? 'withdrawn' : 'given';
    const protective = protectsStudent(kind, decision);
    return mayRecord(protective) ? [{ value: `${kind}:${decision}`, label: decisionText(kind, decision), protective }] : [];
  });
}

/** The class page's consent view: each student's current decisions, their history, and (where allowed) a form to record one. */
export function ConsentView({
  classId,
  students,
  consent,
  schoolParty,
  mayRecord,
}: {
  classId: string;
  students: { id: string; name: string }[];
  consent: Map<string, StudentConsent>;
  schoolParty: ConsentParty;
  mayRecord: (protective: boolean) => boolean;
}) {
  return (
    <Card title={`Students and consent (${students.length})`}>
      <p className="mb-4 text-sm text-slate-600">
        At this school {schoolParty === 'guardian' ? 'a guardian gives consent for a student' : 'students give consent themselves'}; a student or a guardian can always opt out or withdraw.
        {mayRecord(false) ? '' : ' You can record an opt-out or a withdrawal; consents are recorded by the school’s admin.'}
      </p>
      {students.length === 0 ? (
        <EmptyState title="No students enrolled">The school admin enrols students in classes.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {students.map((student) => {
            const state = consent.get(student.id)!;
            const options = decisionOptions(state, mayRecord);
            return (
              <li key={student.id} className="py-3">
                <div className="grid grid-cols-3 gap-3 sm:grid-cols-[minmax(10rem,1fr)_repeat(3,9rem)] sm:items-start">
                  <p className="col-span-3 font-medium text-slate-900 sm:col-span-1">{student.name}</p>
                  {CONSENT_KINDS.map((kind) => (
                    <StateChip key={kind} kind={kind} record={state.current[kind]} />
                  ))}
                </div>
                <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2 text-sm">
                  {options.length > 0 && (
                    <details className="w-full sm:w-auto sm:min-w-96">
                      <summary className="cursor-pointer font-medium text-brand-700">Record a decision</summary>
                      <ConsentForm classId={classId} studentId={student.id} studentName={student.name} options={options} schoolParty={schoolParty} />
                    </details>
                  )}
                  {state.history.length > 0 && (
                    <details className="w-full sm:w-auto">
                      <summary className="cursor-pointer text-slate-600">History ({state.history.length})</summary>
                      <ol className="mt-2 space-y-1 text-xs text-slate-600">
                        {state.history.map((r) => (
                          <li key={r.id}>
                            {formatDate(r.recordedAt)}: {decisionText(r.kind, r.decision)} — decided by {who(r)}, recorded by {r.recordedByName}
                            {r.note ? ` (${r.note})` : ''}
                          </li>
                        ))}
                      </ol>
                    </details>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
