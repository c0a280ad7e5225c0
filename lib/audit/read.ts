import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { getDb } from '../db/client';
import { isUuid } from '../db/queries';
import { auditEvents, type AuditEvent } from '../db/schema';
import { csvLine } from '../csv';
import { AUDIT_ACTIONS, isAuditAction, type AuditAction } from './actions';

export const AUDIT_PAGE_SIZE = 50;

/** The admin's filters: a person (who acted, or whom it was about), a lesson, an action, a date range (whole days, server time). */
export type AuditFilters = { personId?: string; lessonId?: string; action?: AuditAction; from?: string; to?: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters from a query string; anything malformed is left out rather than failing the page. */
export function auditFiltersFrom(params: Record<string, string | string[] | undefined>): AuditFilters {
  const one = (name: string) => {
    const value = params[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const filters: AuditFilters = {};
  const personId = one('person');
  const lessonId = one('lesson');
  const action = one('action');
  const from = one('from');
  const to = one('to');
  if (personId && isUuid(personId)) filters.personId = personId;
  if (lessonId && isUuid(lessonId)) filters.lessonId = lessonId;
  if (action && isAuditAction(action)) filters.action = action;
  if (from && DAY.test(from) && !Number.isNaN(Date.parse(from))) filters.from = from;
  if (to && DAY.test(to) && !Number.isNaN(Date.parse(to))) filters.to = to;
  return filters;
}

/** The same filters as a query string (for the page links and the CSV link). */
export function auditQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.personId) params.set('person', filters.personId);
  if (filters.lessonId) params.set('lesson', filters.lessonId);
  if (filters.action) params.set('action', filters.action);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function startOfDay(day: string, plusDays = 0): Date {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date;
}

function whereOf(schoolId: string, filters: AuditFilters): SQL {
  const conditions: SQL[] = [eq(auditEvents.schoolId, schoolId)];
  if (filters.personId) conditions.push(or(eq(auditEvents.actorId, filters.personId), eq(auditEvents.personId, filters.personId))!);
  if (filters.lessonId) conditions.push(eq(auditEvents.lessonId, filters.lessonId));
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  if (filters.from) conditions.push(gte(auditEvents.at, startOfDay(filters.from)));
  if (filters.to) conditions.push(lt(auditEvents.at, startOfDay(filters.to, 1)));
  return and(...conditions)!;
}

/** One page of entries, newest first, and how many match in all. */
export async function listAuditEvents(schoolId: string, filters: AuditFilters, page: number): Promise<{ rows: AuditEvent[]; total: number }> {
  const where = whereOf(schoolId, filters);
  const db = getDb();
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset(Math.max(0, page - 1) * AUDIT_PAGE_SIZE),
    db.select({ total: sql<number>`count(*)::int` }).from(auditEvents).where(where),
  ]);
  return { rows, total };
}

export const AUDIT_CSV_COLUMNS = ['time (UTC)', 'person', 'action', 'about', 'detail'];

/** Every matching entry as CSV, newest first, read 1000 at a time so a year of entries never sits in memory. */
export async function* auditCsv(schoolId: string, filters: AuditFilters): AsyncGenerator<string> {
  yield csvLine(AUDIT_CSV_COLUMNS);
  const where = whereOf(schoolId, filters);
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const cursor: SQL | undefined = after ? sql`(${auditEvents.at}, ${auditEvents.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined;
    const rows: AuditEvent[] = await getDb()
      .select()
      .from(auditEvents)
      .where(cursor ? and(where, cursor) : where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(1000);
    for (const row of rows) yield csvLine([row.at.toISOString(), row.actorName, actionLabel(row.action), row.subject, row.detail]);
    if (rows.length < 1000) return;
    after = rows[rows.length - 1];
  }
}

export function actionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action].label : action;
}

/** The lessons the school's audit log names (for the lesson filter), newest entry first. */
export async function listAuditedLessons(schoolId: string): Promise<{ id: string; label: string }[]> {
  const rows = await getDb()
    .select({ id: auditEvents.lessonId, label: sql<string>`max(${auditEvents.subject})`, last: sql<Date>`max(${auditEvents.at})` })
    .from(auditEvents)
    .where(and(eq(auditEvents.schoolId, schoolId), sql`${auditEvents.lessonId} is not null`))
    .groupBy(auditEvents.lessonId)
    .orderBy(desc(sql`max(${auditEvents.at})`));
  return rows.map((r) => ({ id: r.id!, label: r.label }));
}
