import type { z } from 'zod';

/**
 * Kinds of job, so heavy and light work can run on different machines
 * (WORKER_JOB_KINDS). Each job has its own pg-boss queue, named after it.
 */
export const JOB_KINDS = ['analysis', 'biometrics', 'reports', 'maintenance'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** pg-boss's retry and expiry policy of a queue (and of every job sent to it). */
export type QueuePolicy = { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number };

/**
 * What senders and workers agree on about a job: its name (also its queue),
 * its kind, the payload every job must carry, and how pg-boss retries it.
 * `schedule` (cron, UTC) makes pg-boss send it periodically.
 */
export interface JobDefinition<P = unknown> {
  name: string;
  kind: JobKind;
  payload: z.ZodType<P>;
  policy(): QueuePolicy;
  schedule?: string;
}

export function defineJob<P, N extends string>(definition: JobDefinition<P> & { name: N }): JobDefinition<P> & { name: N } {
  return definition;
}

export type JobContext = { jobId: string; retryCount: number; retryLimit: number };

/** A definition with the worker code that runs it (one file per job in workers/jobs). */
export interface JobHandler<P = unknown> {
  definition: JobDefinition<P>;
  handle(payload: P, context: JobContext): Promise<void>;
}

/** Any job's handler, as the registry holds them (each checks its own payload before handling it). */
export type AnyJobHandler = { definition: JobDefinition<unknown>; handle(payload: never, context: JobContext): Promise<void> };

export function handleJob<P>(definition: JobDefinition<P>, handle: JobHandler<P>['handle']): JobHandler<P> {
  return { definition, handle };
}

export type DispatchResult = { refused: string } | { done: true };

/**
 * Runs a job by name. An unknown name or a payload that does not match the
 * job's schema is refused and logged (the job completes with the reason, so
 * it is neither retried nor able to stop the worker); an error from the
 * handler itself propagates, so pg-boss retries it.
 */
export async function dispatchJob(handlers: readonly AnyJobHandler[], name: string, data: unknown, context: JobContext): Promise<DispatchResult> {
  const handler = handlers.find((h) => h.definition.name === name) as JobHandler<unknown> | undefined;
  if (!handler) {
    const refused = `no job is named "${name}"`;
    console.error(`[jobs] refused job ${context.jobId}: ${refused}`);
    return { refused };
  }
  const parsed = handler.definition.payload.safeParse(data);
  if (!parsed.success) {
    const refused = `malformed ${name} payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'} ${i.message}`).join('; ')}`;
    console.error(`[jobs] refused job ${context.jobId}: ${refused}`);
    return { refused };
  }
  await handler.handle(parsed.data, context);
  return { done: true };
}

/** The kinds a worker serves: WORKER_JOB_KINDS, or all; an unknown kind is a configuration error. */
export function servedKinds(requested: string[] | undefined): Set<JobKind> {
  if (!requested) return new Set(JOB_KINDS);
  const unknown = requested.filter((kind) => !(JOB_KINDS as readonly string[]).includes(kind));
  if (unknown.length) throw new Error(`WORKER_JOB_KINDS names unknown job kinds: ${unknown.join(', ')} (known: ${JOB_KINDS.join(', ')})`);
  return new Set(requested as JobKind[]);
}
