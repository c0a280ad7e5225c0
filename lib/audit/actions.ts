/**
 * Every kind of audit entry: what a person opened (reads) and what they
 * changed. Reads are logged once per person, action, subject and detail within
 * READ_REPEAT_MINUTES (a page re-rendered after a form, a video asking for its
 * next bytes, a reload are one visit); changes every time.
 */
export const AUDIT_ACTIONS = {
  'dashboard.view': { kind: 'read', label: 'Opened the dashboard' },
  'lesson.view': { kind: 'read', label: 'Opened a lesson page' },
  'archive.view': { kind: 'read', label: 'Opened the lesson archive' },
  'report.view': { kind: 'read', label: 'Opened a lesson report' },
  'report.pdf': { kind: 'read', label: 'Downloaded a report PDF' },
  'report.export': { kind: 'read', label: 'Downloaded a lesson export' },
  'playback.view': { kind: 'read', label: 'Opened the recording’s playback copy' },
  'privacy.view': { kind: 'read', label: 'Opened the privacy notice' },
  'audit.view': { kind: 'read', label: 'Opened the audit log' },
  'audit.export': { kind: 'read', label: 'Exported the audit log' },
  'lesson.share': { kind: 'change', label: 'Shared a lesson with the department' },
  'lesson.unshare': { kind: 'change', label: 'Stopped sharing a lesson' },
  'lesson.delete': { kind: 'change', label: 'Deleted a lesson' },
  'settings.change': { kind: 'change', label: 'Changed school settings' },
  'person.invite': { kind: 'change', label: 'Invited a person' },
  'person.roles': { kind: 'change', label: 'Changed roles' },
  'person.deactivate': { kind: 'change', label: 'Deactivated an account' },
  'person.reactivate': { kind: 'change', label: 'Reactivated an account' },
  'person.delete': { kind: 'change', label: 'Deleted a person' },
  'class.teacher': { kind: 'change', label: 'Gave a class to another teacher' },
  'guardian.add': { kind: 'change', label: 'Added a guardian' },
  'guardian.remove': { kind: 'change', label: 'Removed a guardian' },
  'enrolment.add': { kind: 'change', label: 'Enrolled a student in a class' },
  'enrolment.remove': { kind: 'change', label: 'Removed a student from a class' },
  'references.add': { kind: 'change', label: 'Added face or voice references' },
  'references.remove': { kind: 'change', label: 'Removed face or voice references' },
  'roster.import': { kind: 'change', label: 'Imported a roster' },
  // Written by the consent records and lesson exclusions (issue 16's consent half) in their own transactions.
  'consent.change': { kind: 'change', label: 'Recorded a consent decision' },
  'lesson.exclude': { kind: 'change', label: 'Excluded a person from a lesson' },
} as const satisfies Record<string, { kind: 'read' | 'change'; label: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const READ_REPEAT_MINUTES = 10;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
