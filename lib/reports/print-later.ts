import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Prints a reserved report version in a separate process (scripts/render-report-version.ts),
 * so Chromium and the print view never load into the web server. A bridge
 * until the job registry (issue 12) runs this as the render-report job: the
 * version shows as "being printed" until it is ready.
 */
export function printReportVersionLater(versionId: string): void {
  const script = path.join(/*turbopackIgnore: true*/ process.cwd(), 'scripts', 'render-report-version.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, versionId], { cwd: process.cwd(), env: process.env, stdio: 'ignore' });
  child.on('error', (error) => console.error('[report] could not start printing', versionId, error));
  child.unref();
}
