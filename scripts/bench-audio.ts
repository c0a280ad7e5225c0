/**
 * npm run bench:audio — a generated 45-minute classroom track (a lesson
 * constructed from RAVDESS validation actors at 10 dB SNR, tiled with fresh
 * noise to 45 min) written as 16 kHz 16-bit WAV, then the whole voice stage on
 * one core: 5-minute chunks one after another, merge, timelines, metrics.
 * Prints × real time and peak RSS (targets: ≥ 40×, < 600 MB for the whole voice stage).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYSIS_SAMPLE_RATE } from '../lib/analysis/audio/decode';
import { DEFAULT_SER_MODEL_DIR } from '../lib/analysis/ser/model-files';
import { planChunks } from '../lib/analysis/chunks';
import { analyseVoiceChunk, mergeVoiceChunks, talkMetrics, voiceTimelines } from '../lib/analysis/voice';
import { buildLessonSet, mixAtSnr } from '../research/voice/constructed-lesson';
import { writeWav16 } from '../research/voice/wav';

const datasetDir = path.resolve('../shared/data/speech/ravdess');
if (!existsSync(datasetDir)) {
  console.log(`skipped: needs ${datasetDir}`);
  process.exit(0);
}
const actor = (n: number) => `ravdess_${String(n).padStart(2, '0')}`;
const DURATION_S = 45 * 60;
const wavPath = path.resolve('tmp/bench-audio-45min.wav');
mkdirSync(path.dirname(wavPath), { recursive: true });
// The track is built in a child process so the peak RSS printed below is the analysis alone.
if (process.argv.includes('--build-only')) {
  const [{ lesson, noise }] = await buildLessonSet({ datasetDir, casts: [[17, 18, 19, 20].map(actor)], murmurSpeakers: [1, 2, 3, 4].map(actor), teacherClips: 60, seed: 7 });
  const mix = mixAtSnr(lesson, noise, 10);
  const track = new Float32Array(DURATION_S * ANALYSIS_SAMPLE_RATE);
  for (let at = 0; at < track.length; at += mix.length) track.set(mix.subarray(0, Math.min(mix.length, track.length - at)), at);
  await writeWav16(wavPath, track, ANALYSIS_SAMPLE_RATE);
  process.exit(0);
}
execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--build-only'], { stdio: 'inherit' });
const withEmotion = existsSync(DEFAULT_SER_MODEL_DIR) && readdirSync(DEFAULT_SER_MODEL_DIR).length > 0;
console.log(`45-minute track written; speech emotion ${withEmotion ? 'on' : 'off (no model in models/ser)'}`);

const rssBefore = process.resourceUsage().maxRSS;
const started = performance.now();
const cpuStart = process.cpuUsage();
const chunks = [];
for (const span of planChunks(DURATION_S)) chunks.push(await analyseVoiceChunk({ audioPath: wavPath, ...span }, { emotion: withEmotion }));
const voices = await mergeVoiceChunks(chunks);
const metrics = talkMetrics(voices);
voiceTimelines(voices);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const chunkJsonKb = chunks.reduce((sum, chunk) => sum + JSON.stringify(chunk).length, 0) / 1024;
console.log(`chunk results ${chunkJsonKb.toFixed(0)} KB of JSON in ${chunks.length} chunks (stored as jsonb); lesson voices ${(JSON.stringify(voices).length / 1024).toFixed(0)} KB`);
console.log(`speakers ${voices.speakers.length}, pieces ${voices.pieces.length}, teacher talk ${metrics.lesson.teacherTalkPct} %, student turns ${metrics.lesson.studentTurns}`);
console.log(`wall ${seconds.toFixed(1)} s → ${(DURATION_S / seconds).toFixed(1)}× real time; CPU (this process, user+sys) ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s → ${(DURATION_S / ((cpu.user + cpu.system) / 1e6)).toFixed(1)}× real time`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${(rssBefore / 1024).toFixed(0)} MB before analysis)`);
