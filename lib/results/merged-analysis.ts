import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { analysisRuns, lessonPeople, lessonSeconds, runAnalyses } from '../db/schema';
import { deriveResults } from './derive';
import type { LessonAnalysis } from './lesson-analysis';
import { storeLessonSummary } from './lesson-summary';

/** A run's merged analysis, locked for the caller's transaction when it is about to change it. */
export async function readMergedAnalysis(tx: Database, runId: string, options: { forUpdate?: boolean } = {}): Promise<LessonAnalysis | null> {
  const query = tx.select({ analysis: runAnalyses.analysis }).from(runAnalyses).where(eq(runAnalyses.runId, runId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return (row?.analysis as LessonAnalysis | undefined) ?? null;
}

/**
 * The face descriptors and voice embeddings of a lesson's people are
 * biometric templates of everyone in the room: the merge uses them (to find
 * the teacher, to join tracks and voices), then they are dropped. Templates
 * are kept only for enrolled people (lib/biometrics).
 */
export function withoutBiometricTemplates(analysis: LessonAnalysis): LessonAnalysis {
  const { faces, voices } = analysis;
  return {
    ...analysis,
    faces: faces && { ...faces, tracks: faces.tracks.map((t) => ({ ...t, descriptor: null })), people: faces.people.map((p) => ({ ...p, descriptor: null })) },
    voices: voices && { ...voices, speakers: voices.speakers.map((s) => ({ ...s, embedding: [] })) },
  };
}

/**
 * Stores a run's merged analysis (the merge stage's, or a relabel's) and
 * replaces the rows derived from it — people, seconds, summary, lesson
 * summary — in the caller's transaction, without biometric templates.
 * Idempotent: storing the same analysis again writes the same rows.
 */
export async function storeMergedAnalysis(tx: Database, runId: string, merged: LessonAnalysis, thumbnails: Map<string, string>): Promise<void> {
  const analysis = withoutBiometricTemplates(merged);
  const { people, seconds, summary } = deriveResults(analysis);
  await tx
    .insert(runAnalyses)
    .values({ runId, analysis })
    .onConflictDoUpdate({ target: runAnalyses.runId, set: { analysis, updatedAt: new Date() } });
  await tx.delete(lessonPeople).where(eq(lessonPeople.runId, runId));
  await tx.delete(lessonSeconds).where(eq(lessonSeconds.runId, runId));
  if (people.length) await tx.insert(lessonPeople).values(people.map((p) => ({ ...p, runId, thumbnailKey: thumbnails.get(p.personKey) ?? null })));
  for (let i = 0; i < seconds.length; i += 1000) {
    await tx.insert(lessonSeconds).values(seconds.slice(i, i + 1000).map((s) => ({ ...s, runId })));
  }
  await tx.update(analysisRuns).set({ summary }).where(eq(analysisRuns.id, runId));
  await storeLessonSummary(tx, runId);
  // A matched student's person that is gone (excluded) or became the teacher (relabel) is no longer theirs.
  await tx.execute(sql`delete from student_matches m where m.run_id = ${runId} and not exists (select 1 from lesson_people p where p.run_id = m.run_id and p.person_key = m.person_key and p.role = 'student')`);
}
