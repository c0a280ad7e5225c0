import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { analysisRuns, lessonPeople, lessonSeconds, runStages } from '../db/schema';
import { deriveResults } from './derive';
import type { LessonAnalysis } from './lesson-analysis';

const mergeRow = (runId: string) => and(eq(runStages.runId, runId), eq(runStages.stage, 'merge'));

/** A run's merged analysis, locked for the caller's transaction when it is about to change it. */
export async function readMergedAnalysis(tx: Database, runId: string, options: { forUpdate?: boolean } = {}): Promise<LessonAnalysis | null> {
  const query = tx.select({ output: runStages.output }).from(runStages).where(mergeRow(runId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return (row?.output as LessonAnalysis | undefined) ?? null;
}

/** Replaces a run's merged analysis after a relabel, with the rows derived from it. */
export async function rewriteMergedAnalysis(tx: Database, runId: string, analysis: LessonAnalysis, thumbnails: Map<string, string>): Promise<void> {
  await tx.update(runStages).set({ output: analysis }).where(mergeRow(runId));
  await storeResults(tx, runId, analysis, thumbnails);
}

/** Replaces a run's derived rows (idempotent: a retried merge or a relabel writes the same rows again). */
export async function storeResults(tx: Database, runId: string, analysis: LessonAnalysis, thumbnails: Map<string, string>): Promise<void> {
  const { people, seconds, summary } = deriveResults(analysis);
  await tx.delete(lessonPeople).where(eq(lessonPeople.runId, runId));
  await tx.delete(lessonSeconds).where(eq(lessonSeconds.runId, runId));
  if (people.length) await tx.insert(lessonPeople).values(people.map((p) => ({ ...p, runId, thumbnailKey: thumbnails.get(p.personKey) ?? null })));
  for (let i = 0; i < seconds.length; i += 1000) {
    await tx.insert(lessonSeconds).values(seconds.slice(i, i + 1000).map((s) => ({ ...s, runId })));
  }
  await tx.update(analysisRuns).set({ summary }).where(eq(analysisRuns.id, runId));
}
