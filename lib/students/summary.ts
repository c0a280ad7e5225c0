import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { hasConsent } from '../consent/records';
import { getDb } from '../db/client';
import { getSchool, listFaceTemplates } from '../db/queries';
import { analysisRuns, classes, lessons, studentMatches } from '../db/schema';
import { canEnrolFaceForSummary, canEnrolSelf, canSeeOwnSummary, type Actor } from '../policy';
import { roundTo } from '../round';
import { SUMMARY_CONSENTS } from './matches';

/**
 * A student's own summary: the lessons (current runs) where they were found,
 * with their visible time, attention proxy and expression balance, and their
 * own averages to compare with — nothing about any other student, no teacher
 * figures, no frames.
 */
export interface OwnLesson {
  title: string;
  className: string;
  taughtOn: string;
  visibleSeconds: number;
  attentionPct: number | null;
  balancePts: number | null;
}

export type OwnSummaryState =
  | { kind: 'off' }
  | { kind: 'no-consent'; missing: string[]; givenBy: 'student' | 'guardian' }
  | { kind: 'not-enrolled' }
  | { kind: 'ready'; lessons: OwnLesson[]; mean: { visibleSeconds: number | null; attentionPct: number | null; balancePts: number | null } };

const CONSENT_WORDS: Record<(typeof SUMMARY_CONSENTS)[number], string> = { 'face-template': 'a face template', 'personal-summary': 'a personal summary' };

/** Whether the student has both consents of the summary in force. */
export async function hasSummaryConsent(studentId: string): Promise<boolean> {
  return (await Promise.all(SUMMARY_CONSENTS.map((k) => hasConsent(studentId, k)))).every(Boolean);
}

/** What /me shows this student: null when they are not a student or the school has summaries off (a 404). */
export async function ownSummaryFor(actor: Actor): Promise<OwnSummaryState | null> {
  const school = await getSchool(actor.schoolId);
  if (!school || !canSeeOwnSummary(actor, school.settings)) return null;
  const consents = await Promise.all(SUMMARY_CONSENTS.map(async (k) => [k, await hasConsent(actor.id, k)] as const));
  const missing = consents.filter(([, given]) => !given).map(([k]) => CONSENT_WORDS[k]);
  if (!canEnrolFaceForSummary(actor, school.settings, missing.length === 0)) return { kind: 'no-consent', missing, givenBy: school.settings.consentGivenBy };
  const rows = await getDb()
    .select({
      title: lessons.title,
      className: classes.name,
      taughtOn: lessons.taughtOn,
      visibleSeconds: studentMatches.visibleSeconds,
      attentionPct: studentMatches.attentionPct,
      balancePts: studentMatches.balancePts,
    })
    .from(studentMatches)
    .innerJoin(analysisRuns, eq(analysisRuns.id, studentMatches.runId))
    .innerJoin(lessons, and(eq(lessons.id, analysisRuns.lessonId), eq(lessons.currentRunId, analysisRuns.id)))
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .where(and(eq(studentMatches.studentId, actor.id), isNotNull(lessons.currentRunId)))
    .orderBy(asc(lessons.taughtOn), asc(lessons.createdAt));
  if (rows.length === 0 && (await listFaceTemplates(actor.id)).every((t) => t.status === 'failed')) return { kind: 'not-enrolled' };
  // Each lesson counts by how long the student was seen in it: 24 s in one lesson must not weigh as much as 45 minutes.
  const mean = (pick: (row: OwnLesson) => number | null, byTime: boolean) => {
    const known = rows.flatMap((row) => {
      const value = pick(row);
      return value === null ? [] : [{ value, weight: byTime ? row.visibleSeconds : 1 }];
    });
    const weight = known.reduce((sum, k) => sum + k.weight, 0);
    return weight > 0 ? roundTo(known.reduce((sum, k) => sum + k.value * k.weight, 0) / weight, 1) : null;
  };
  return {
    kind: 'ready',
    lessons: rows,
    mean: { visibleSeconds: mean((r) => r.visibleSeconds, false), attentionPct: mean((r) => r.attentionPct, true), balancePts: mean((r) => r.balancePts, true) },
  };
}

/** Face photos on the profile: a teacher's references, or a consented student's photo for their summary. */
export async function mayEnrolOwnFace(actor: Actor): Promise<boolean> {
  if (canEnrolSelf(actor)) return true;
  const school = await getSchool(actor.schoolId);
  return !!school && canSeeOwnSummary(actor, school.settings) && canEnrolFaceForSummary(actor, school.settings, await hasSummaryConsent(actor.id));
}
