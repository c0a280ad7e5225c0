import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { startApp } from '../e2e/helpers/app';
import { sessionCookie } from '../e2e/helpers/http';
import { getDb } from '../lib/db/client';
import { createLesson } from '../lib/db/queries';
import { classes, users } from '../lib/db/schema';
import { eq } from 'drizzle-orm';

/**
 * `npm run bench:upload [GiB]`: streams a generated recording (a valid
 * 48 kHz stereo float WAV, 2 GiB by default) through the running app's upload
 * route and prints throughput and the web server's peak resident memory;
 * then posts a 300 MB face photo to the profile form and prints the same.
 * Needs a production build (`npm run build`).
 */
const GiB = 1024 ** 3;
const sizeBytes = Math.round(Number(process.argv[2] ?? 2) * GiB);

function wavStream(totalBytes: number): Readable {
  const sampleRate = 48_000;
  const channels = 2;
  const bytesPerSample = 4;
  const dataBytes = totalBytes - 44;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(3, 20); // IEEE float
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * bytesPerSample, 28);
  header.writeUInt16LE(channels * bytesPerSample, 32);
  header.writeUInt16LE(bytesPerSample * 8, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  // One second of a quiet 220 Hz tone, repeated.
  const second = Buffer.alloc(sampleRate * channels * bytesPerSample);
  for (let i = 0; i < sampleRate; i++) {
    const v = 0.1 * Math.sin((2 * Math.PI * 220 * i) / sampleRate);
    second.writeFloatLE(v, i * 8);
    second.writeFloatLE(v, i * 8 + 4);
  }
  let remaining = dataBytes;
  return Readable.from(
    (function* () {
      yield header;
      while (remaining > 0) {
        const chunk = remaining >= second.length ? second : second.subarray(0, remaining);
        remaining -= chunk.length;
        yield chunk;
      }
    })(),
  );
}

const FACE_POST_BYTES = 300 * 1024 ** 2;

/** A multipart form whose one file part ("photos") is `bytes` long, made as it is read. */
function multipartStream(boundary: string, bytes: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024, 0x41);
  return Readable.from(
    (function* () {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
      for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, bytes - sent));
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })(),
  );
}

/** Resident memory (kB) of a process and all its descendants. */
function treeRssKb(pid: number): number {
  let rss = 0;
  let children: number[] = [];
  try {
    rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {}
  return rss + children.reduce((sum, child) => sum + treeRssKb(child), 0);
}

async function main() {
  const app = await startApp({ workers: 0, env: { MAX_UPLOAD_BYTES: String(sizeBytes + GiB) } });
  try {
    const db = getDb();
    const [teacher] = await db.select().from(users).where(eq(users.email, 'alex.chen@riverside.example'));
    const [cls] = await db.select().from(classes).where(eq(classes.teacherId, teacher.id));
    const lesson = await createLesson({ schoolId: teacher.schoolId, classId: cls.id, teacherId: teacher.id, title: 'Upload bench', taughtOn: '2026-11-24' });
    const cookie = (await sessionCookie(app.url, teacher.email))!;
    const pid = app.webPid;
    // Warm-up: load the route's code with a tiny (refused) upload, so the figure below is what streaming costs.
    const warm = await fetch(`${app.url}/api/lessons/${lesson.id}/media`, { method: 'PUT', headers: { Cookie: cookie }, body: 'warm-up' });
    await warm.text();
    const before = treeRssKb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(pid))), 100);

    const started = performance.now();
    const response = await fetch(`${app.url}/api/lessons/${lesson.id}/media`, {
      method: 'PUT',
      headers: { Cookie: cookie, 'X-File-Name': 'bench.wav', 'Content-Type': 'application/octet-stream' },
      body: Readable.toWeb(wavStream(sizeBytes)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const answer = await response.text();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, treeRssKb(pid));

    console.log(`upload of ${(sizeBytes / GiB).toFixed(2)} GiB → HTTP ${response.status} ${answer.slice(0, 120)}`);
    console.log(`time ${seconds.toFixed(1)} s, throughput ${(sizeBytes / 1024 ** 2 / seconds).toFixed(0)} MiB/s (includes the ffprobe check)`);
    console.log(`web server RSS: ${(before / 1024).toFixed(0)} MB before, ${(peak / 1024).toFixed(0)} MB peak, growth ${((peak - before) / 1024).toFixed(0)} MB`);

    // The face-photo form: a 300 MB "photo" is refused as it streams (10 MB per photo), without the server holding it.
    const photoUrl = `${app.url}/api/profile/face-photos`;
    await (await fetch(photoUrl, { method: 'POST', headers: { Cookie: cookie }, body: new FormData() })).text();
    const photoBefore = treeRssKb(pid);
    let photoPeak = photoBefore;
    const photoSampler = setInterval(() => (photoPeak = Math.max(photoPeak, treeRssKb(pid))), 50);
    const boundary = 'bench-boundary-7d1f';
    const photoStarted = performance.now();
    const photo = await fetch(photoUrl, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: Readable.toWeb(multipartStream(boundary, FACE_POST_BYTES)) as ReadableStream,
      duplex: 'half',
    } as RequestInit).then(
      async (r) => `HTTP ${r.status} ${(await r.text()).slice(0, 120)}`,
      (error: Error) => `no answer (${error.message})`,
    );
    clearInterval(photoSampler);
    photoPeak = Math.max(photoPeak, treeRssKb(pid));
    console.log(`face-photo post of ${FACE_POST_BYTES / 1024 ** 2} MB → ${photo} in ${((performance.now() - photoStarted) / 1000).toFixed(1)} s`);
    console.log(`web server RSS: ${(photoBefore / 1024).toFixed(0)} MB before, ${(photoPeak / 1024).toFixed(0)} MB peak, growth ${((photoPeak - photoBefore) / 1024).toFixed(0)} MB`);
  } finally {
    await app.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
