import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditEvents } from '../db/schema';
import type { Actor } from '../policy';
import { AUDIT_ACTIONS, READ_REPEAT_MINUTES, type AuditAction } from './actions';

/** A lesson as an audit entry names it. */
export type AuditedLesson = { id: string; title: string; className: string; taughtOn: string };

/** Who acted: a signed-in person (or the recorder a domain module was given). */
export type AuditActor = Pick<Actor, 'id' | 'schoolId' | 'name'>;

/** What an entry is about: a lesson, a person, or something named in words ("School settings", "Physics 9A"). */
export type AuditAbout = { lesson: AuditedLesson } | { person: { id: string; name: string } } | { subject: string };

export function lessonLabel(lesson: Omit<AuditedLesson, 'id'>): string {
  return `${lesson.title} · ${lesson.className} · ${lesson.taughtOn}`;
}

/**
 * The one way to write the audit log. A change passes the transaction that
 * makes it, so the entry exists exactly when the change does; a read passes
 * the database and is written once per person, action, subject and detail
 * (which version, which export) within READ_REPEAT_MINUTES.
 */
export async function audit(db: Database, actor: AuditActor, action: AuditAction, about: AuditAbout, detail: string | null = null): Promise<void> {
  const values = {
    schoolId: actor.schoolId,
    actorId: actor.id,
    actorName: actor.name,
    action,
    lessonId: 'lesson' in about ? about.lesson.id : null,
    personId: 'person' in about ? about.person.id : null,
    subject: 'lesson' in about ? lessonLabel(about.lesson) : 'person' in about ? about.person.name : about.subject,
    detail,
  };
  if (AUDIT_ACTIONS[action].kind === 'change') {
    await db.insert(auditEvents).values(values);
    return;
  }
  // One transaction-level lock per visitor and subject: two requests of one visit cannot both find no recent entry.
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${actor.id}|${action}|${values.subject}|${detail ?? ''}`}))`);
    const [recent] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorId, actor.id),
          eq(auditEvents.action, action),
          eq(auditEvents.subject, values.subject),
          values.lessonId ? eq(auditEvents.lessonId, values.lessonId) : isNull(auditEvents.lessonId),
          detail === null ? isNull(auditEvents.detail) : eq(auditEvents.detail, detail),
          gt(auditEvents.at, sql`now() - make_interval(mins => ${READ_REPEAT_MINUTES})`),
        ),
      )
      .limit(1);
    if (!recent) await tx.insert(auditEvents).values(values);
  });
}
