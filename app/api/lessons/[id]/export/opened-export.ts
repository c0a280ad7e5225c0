import { lessonFor } from '@/lib/access';
import { audit } from '@/lib/audit/log';
import { currentActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import type { AnalysisRun } from '@/lib/db/schema';
import { exportRun } from '@/lib/reports/exports';

type ExportedLesson = NonNullable<Awaited<ReturnType<typeof lessonFor>>>;

/**
 * The lesson and run an export route answers for (`?run=<id>`, the current run without it), under the lesson's
 * authorisation, with the download written to the audit log as `what`; null when the visitor gets a 404.
 */
export async function openedExport(request: Request, lessonId: string, what: string): Promise<{ lesson: ExportedLesson; run: AnalysisRun } | null> {
  const actor = await currentActor();
  const lesson = await lessonFor(actor, lessonId, 'view');
  const run = lesson ? await exportRun(lesson, new URL(request.url).searchParams.get('run')) : null;
  if (!lesson || !run) return null;
  await audit(getDb(), actor!, 'report.export', { lesson }, what);
  return { lesson, run };
}

