import path from 'node:path';
import { parseTrustedProxies } from './http/client-address';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function listFromEnv(name: string): string[] | undefined {
  const raw = process.env[name]?.trim();
  return raw ? raw.split(',').map((item) => item.trim()).filter(Boolean) : undefined;
}

const GiB = 1024 ** 3;

/** Everything an operator can set, read once from the environment. */
export const config = {
  /** Root for the embedded database, media and other local state. */
  dataDir: path.resolve(/*turbopackIgnore: true*/ process.env.LESSONLENS_DATA_DIR ?? '.data'),
  /** When unset, an embedded PostgreSQL is started under dataDir/postgres. */
  databaseUrl: process.env.DATABASE_URL || undefined,
  embeddedPostgresPort: numberFromEnv('EMBEDDED_POSTGRES_PORT', 54329),
  mediaDir: path.resolve(/*turbopackIgnore: true*/ process.env.LESSONLENS_MEDIA_DIR ?? path.join(process.env.LESSONLENS_DATA_DIR ?? '.data', 'media')),
  maxUploadBytes: numberFromEnv('MAX_UPLOAD_BYTES', 4 * GiB),
  maxDurationSeconds: numberFromEnv('MAX_DURATION_SECONDS', 4 * 3600),
  /**
   * How long a running stage may go without its worker's heartbeat before
   * another worker takes it over (a killed worker). A live worker renews it
   * every second, so a long stage on a slow machine is never run twice.
   */
  stageLeaseSeconds: numberFromEnv('STAGE_LEASE_SECONDS', 40),
  /** First retry delay of a failed stage; it doubles on each further attempt. */
  stageRetryDelaySeconds: numberFromEnv('STAGE_RETRY_DELAY_SECONDS', 5),
  stageRetryLimit: numberFromEnv('STAGE_RETRY_LIMIT', 3),
  queueMaintenanceSeconds: numberFromEnv('QUEUE_MAINTENANCE_SECONDS', 30),
  /** Job kinds this worker serves (comma-separated, e.g. "analysis" on the heavy machines); unset serves all. */
  workerJobKinds: listFromEnv('WORKER_JOB_KINDS'),
  /** Reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For/-Host/-Proto headers are believed; none by default. */
  trustedProxies: parseTrustedProxies(process.env.TRUSTED_PROXIES),
  publicUrl: process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
  smtpUrl: process.env.SMTP_URL || undefined,
  mailFrom: process.env.MAIL_FROM ?? 'LessonLens <no-reply@lessonlens.local>',
} as const;
