import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { startApp } from '../e2e/helpers/app';
import { sessionCookie } from '../e2e/helpers/http';
import { getDb, withTransaction } from '../lib/db/client';
import { classes, users } from '../lib/db/schema';
import { getLesson, listLessonSeconds } from '../lib/db/queries';
import { assembleReport } from '../lib/reports/assemble';
import { makePlaybackCopy } from '../lib/media/playback';
import { probeMedia } from '../lib/media/probe';
import { closePdfBrowser } from '../lib/reports/pdf';
import { renderReportVersion } from '../lib/reports/render-version';
import { createReportVersion } from '../lib/reports/versions';
import { seedAnalysedLesson } from '../research/reports/seed-lesson';
import { percentile, timeRequests } from './bench-http';

/**
 * `npm run bench:report`: seeds a 60-minute analysed lesson and 100 lessons
 * in the teacher's archive, then prints the report page's and the archive
 * page's server time (p50/p95 over loopback, after a warm-up), the time to
 * print the 60-minute report's PDF (with a fresh Chromium, and with an open one
 * as a worker keeps it), and the
 * playback copy's transcode speed on a generated 1080p recording.
 * Needs a production build (`npm run build`).
 */
const TRANSCODE_SECONDS = Number(process.env.BENCH_TRANSCODE_SECONDS ?? 120);

async function main() {
  const app = await startApp({ workers: 0 });
  try {
    const db = getDb();
    const [teacher] = await db.select().from(users).where(eq(users.email, 'alex.chen@riverside.example'));
    const [cls] = await db.select().from(classes).where(eq(classes.teacherId, teacher.id));
    const base = { schoolId: teacher.schoolId, classId: cls.id, teacherId: teacher.id };
    const seedStarted = Date.now();
    const hour = await seedAnalysedLesson({ ...base, title: 'An hour of forces', taughtOn: '2026-11-24', durationS: 3600 });
    for (let i = 0; i < 100; i++) {
      await seedAnalysedLesson({ ...base, title: `Archive lesson ${i + 1}`, taughtOn: `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`, durationS: 60, seed: i });
    }
    console.log(`seeded a 60-minute lesson and 100 archive lessons in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    const lesson = (await getLesson(hour.lessonId))!;
    const parts: Record<string, number[]> = { rows: [], assemble: [], json: [] };
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      await listLessonSeconds(hour.runId);
      parts.rows.push(performance.now() - t);
      t = performance.now();
      const data = await assembleReport(lesson);
      parts.assemble.push(performance.now() - t);
      t = performance.now();
      JSON.stringify(data);
      parts.json.push(performance.now() - t);
    }
    console.log(
      `in the bench process: reading the 3,600 rows ${Math.round(percentile(parts.rows, 50))} ms (median of 10), assembling the report ${Math.round(parts.assemble[0])} ms the first time (rows included) and ${Math.round(percentile(parts.assemble, 50))} ms once cached, serialising it ${Math.round(percentile(parts.json, 50))} ms`,
    );

    const cookie = (await sessionCookie(app.url, teacher.email))!;
    const report = await timeRequests(`${app.url}/lessons/${hour.lessonId}/report`, cookie);
    console.log(
      `report page, 60-minute lesson: first view ${report.first} ms (the web server's first page and the rows read from the database), then p50 ${report.p50} ms, p95 ${report.p95} ms (target p95 ≤ 300 ms), ${(report.bytes / 1024).toFixed(0)} KB of HTML`,
    );
    const archive = await timeRequests(`${app.url}/lessons`, cookie);
    const searched = await timeRequests(`${app.url}/lessons?q=lesson+1&sort=title-asc&page=2`, cookie);
    console.log(`archive page, 101 lessons: p50 ${archive.p50} ms, p95 ${archive.p95} ms; searched, sorted, page 2: p50 ${searched.p50} ms, p95 ${searched.p95} ms`);

    // A worker keeps its Chromium open (lib/reports/pdf.ts): every print but the first after it starts is a warm one.
    const prints: number[] = [];
    for (let i = 0; i < 6; i++) {
      const reserved = await withTransaction((tx, client) => createReportVersion(tx, client, { ...hour, reason: 'analysis', requestedBy: teacher.id }));
      const started = performance.now();
      const version = await renderReportVersion(reserved.id);
      prints.push(performance.now() - started);
      if (i === 0) {
        console.log(
          `PDF of the 60-minute report with a fresh Chromium: ${Math.round(prints[0])} ms end to end (snapshot stored, PDF printed and stored), ${version!.pdfPages} pages, ${(version!.pdfBytes! / 1024).toFixed(0)} KB`,
        );
      }
    }
    const warm = prints.slice(1);
    console.log(`PDF of the 60-minute report with the worker's open Chromium: median ${Math.round(percentile(warm, 50))} ms, slowest ${Math.round(Math.max(...warm))} ms of ${warm.length} (target ≤ 3 s)`);
    await closePdfBrowser();

    const dir = mkdtempSync(path.join(os.tmpdir(), 'lessonlens-bench-report-'));
    try {
      const source = path.join(dir, 'source.mp4');
      execFileSync('ffmpeg', [
        '-nostdin', '-v', 'error', '-y',
        '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${TRANSCODE_SECONDS}`,
        '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${TRANSCODE_SECONDS}`,
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', source,
      ]);
      const facts = (await probeMedia(source))!;
      let bytes = 0;
      const started = performance.now();
      await makePlaybackCopy({
        location: source,
        streams: facts,
        durationS: facts.durationSeconds,
        store: (body) => pipeline(body, new Writable({ write: (chunk: Buffer, _, done) => ((bytes += chunk.length), done()) })),
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `playback copy: ${TRANSCODE_SECONDS} s of 1080p25 H.264 → 720p H.264/AAC MP4 (libx264 superfast) in ${seconds.toFixed(1)} s = ${(facts.durationSeconds / seconds).toFixed(1)}× real time (${(bytes / 1024 ** 2).toFixed(1)} MB from ${(statSync(source).size / 1024 ** 2).toFixed(1)} MB)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`load average while measuring: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} (2 cores; figures are noisier above 1.5)`);
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
