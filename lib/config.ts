import path from 'node:path';
import { parseTrustedProxies } from './http/client-address';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
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
  /** How long a stage job may run before pg-boss hands it to another worker (a killed worker's job comes back after this). */
  stageExpireSeconds: numberFromEnv('STAGE_EXPIRE_SECONDS', 30 * 60),
  /** First retry delay of a failed stage; it doubles on each further attempt. */
  stageRetryDelaySeconds: numberFromEnv('STAGE_RETRY_DELAY_SECONDS', 5),
  stageRetryLimit: numberFromEnv('STAGE_RETRY_LIMIT', 3),
  queueMaintenanceSeconds: numberFromEnv('QUEUE_MAINTENANCE_SECONDS', 30),
  /** Reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For/-Host/-Proto headers are believed; none by default. */
  trustedProxies: parseTrustedProxies(process.env.TRUSTED_PROXIES),
  publicUrl: process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
  smtpUrl: process.env.SMTP_URL || undefined,
  mailFrom: process.env.MAIL_FROM ?? 'LessonLens <no-reply@lessonlens.local>',
} as const;
