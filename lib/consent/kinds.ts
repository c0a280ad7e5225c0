import type { ConsentDecision, ConsentKind, ConsentParty } from '../db/schema';

/**
 * What each kind of consent allows, in the words the class page and the
 * school's privacy page use. A consent allows something while it is given;
 * the opt-out is the reverse: while it is given, the student is left out.
 */
export const CONSENT_KIND_TEXT: Record<ConsentKind, { label: string; allows: string; given: string; withdrawn: string; none: string }> = {
  'face-template': {
    label: 'Face template',
    allows: 'A face template (a descriptor of the face, from a photo the student enrols) so the student can be recognised in lessons for their personal summary.',
    given: 'Consented',
    withdrawn: 'Withdrawn',
    none: 'No consent',
  },
  'personal-summary': {
    label: 'Personal summary',
    allows: 'The student sees a summary of their own engagement in lessons where they were recognised.',
    given: 'Consented',
    withdrawn: 'Withdrawn',
    none: 'No consent',
  },
  'analysis-opt-out': {
    label: 'Analysis',
    allows: 'The student opted out of analysis: the teacher excludes them in each lesson, which deletes their data from it and blurs their face.',
    given: 'Opted out',
    withdrawn: 'Included',
    none: 'Included',
  },
};

/** The decision as a sentence for the form and the history ("Consents to a face template", "Opts out of analysis"). */
export function decisionText(kind: ConsentKind, decision: ConsentDecision): string {
  if (kind === 'analysis-opt-out') return decision === 'given' ? 'Opts out of analysis' : 'Withdraws the opt-out (may be analysed again)';
  const what = kind === 'face-template' ? 'a face template' : 'a personal summary';
  return decision === 'given' ? `Consents to ${what}` : `Withdraws consent to ${what}`;
}

/**
 * Whether a decision protects the student: an opt-out, or the withdrawal of
 * a consent. Anyone who may record decisions may record these, and either the
 * student or a guardian may make them, whatever the school's setting.
 */
export function protectsStudent(kind: ConsentKind, decision: ConsentDecision): boolean {
  return kind === 'analysis-opt-out' ? decision === 'given' : decision === 'withdrawn';
}

/** Who may make a decision: a consent (or lifting an opt-out) only the party the school names; a protective decision either. */
export function mayDecide(kind: ConsentKind, decision: ConsentDecision, party: ConsentParty, schoolParty: ConsentParty): boolean {
  return protectsStudent(kind, decision) || party === schoolParty;
}
