/**
 * npm run bench:video [-- --minutes 10 --chunk 300 --detect-every 3 --detector ssd]
 *
 * Generates (once, cached in the OS temp dir) a 720p lesson video composed
 * of the example face photos — a teacher walking at the front and leaving
 * for a while, seated students, one seat changing hands — then analyses it:
 *   1 worker: one process runs every chunk in turn, then the merge;
 *   2 workers: two processes run the chunks in parallel, then the merge.
 * Prints seconds of video per second of work (× real time) per stage and
 * overall, peak RSS per worker process, the TensorFlow.js backend, and how
 * accurate the result is (people found, teacher identified per second).
 * Also compares, on the first minute, tracking between detector passes with
 * running the detector on every frame (face-seconds found by each).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseFaceChunk, enrolDescriptors, faceTimelines, mergeFaceChunks, planChunks, type FaceChunkResult } from '@/lib/analysis/face';
import { topEmotion } from '@/lib/analysis/emotions';
import { iou } from '@/lib/analysis/face/boxes';
import { buildSyntheticLesson, EXAMPLES, visibleSeconds } from '@/test/face/syntheticLesson';
import { benchLesson } from '@/test/face/lessonSpecs';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

interface WorkerOutput {
  results: FaceChunkResult[];
  maxRssMB: number;
  wallS: number;
  /** User + system CPU time of the worker process itself. */
  cpuS: number;
  /** CPU time of the ffmpeg decoders it ran (waited-for children, from /proc/self/stat). */
  ffmpegCpuS: number;
}

function childrenCpuS(): number {
  // /proc/self/stat fields 16 and 17 (cutime, cstime) in clock ticks; the command name (field 2) may contain spaces.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

// Child mode: analyse the given chunks in turn, print JSON.
if (process.argv[2] === '--worker') {
  const [videoPath, chunkList, detectEvery, detector] = process.argv.slice(3);
  const started = performance.now();
  const results: FaceChunkResult[] = [];
  for (const c of JSON.parse(chunkList) as Array<{ startS: number; endS: number }>)
    results.push(await analyseFaceChunk({ videoPath, ...c, detectEvery: Number(detectEvery), detector: detector as 'ssd' | 'tiny' }));
  const cpu = process.cpuUsage();
  const out: WorkerOutput = {
    results,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    wallS: (performance.now() - started) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    ffmpegCpuS: childrenCpuS(),
  };
  // Exit only once the (large) JSON has been flushed: stdout to a pipe is asynchronous.
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
  await new Promise(() => undefined);
}

function runWorker(video: string, chunks: Array<{ startS: number; endS: number }>, detectEvery: number, detector: string): Promise<WorkerOutput> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--worker', video, JSON.stringify(chunks), String(detectEvery), detector], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(Buffer.concat(out).toString()) as WorkerOutput) : reject(new Error(`worker exited ${code}`))));
  });
}

const minutes = Number(arg('minutes', '10'));
const chunkS = Number(arg('chunk', '300'));
const detectEvery = Number(arg('detect-every', '3'));
const detector = arg('detector', 'ssd');
const spec = benchLesson(minutes);
const durationS = spec.durationS;

console.log(`Generating ${minutes}-minute ${spec.width}×${spec.height} lesson video (cached in ${os.tmpdir()}) …`);
let mark = performance.now();
const video = buildSyntheticLesson(spec);
console.log(`  ${video} (${((performance.now() - mark) / 1000).toFixed(1)} s)`);
const teacherDescriptors = await enrolDescriptors([path.join(EXAMPLES, 'sheldon/sheldon1.png')]);
const chunks = planChunks(durationS, chunkS);
console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores; detector ${detector}, 1 frame/s, width 960, detector every ${detectEvery} frames; ${chunks.length} chunks of ${chunkS} s`);

function mergeAndCheck(results: FaceChunkResult[]) {
  const started = performance.now();
  const lesson = mergeFaceChunks(JSON.parse(JSON.stringify(results)) as FaceChunkResult[], { teacherDescriptors });
  const timelines = faceTimelines(lesson, lesson.teacher.personId);
  const mergeS = (performance.now() - started) / 1000;
  const teacherSeconds = spec.faces.filter((f) => f.name === 'sheldon').flatMap((f) => visibleSeconds(f, durationS));
  const identified = teacherSeconds.filter((s) => timelines.lesson.teacher[s] !== null).length;
  const expectedPeople = new Set(spec.faces.map((f) => f.name)).size;
  return { lesson, mergeS, identified, teacherSeconds: teacherSeconds.length, expectedPeople, jsonKB: Math.round(JSON.stringify(lesson).length / 1024) };
}

function stageTable(results: FaceChunkResult[]) {
  const sum = (k: keyof FaceChunkResult['timings']) => results.reduce((s, r) => s + r.timings[k], 0);
  const stages = ['decodeS', 'detectS', 'trackS', 'readS', 'describeS', 'totalS'] as const;
  return stages.map((k) => `${k.replace(/S$/, '')} ${sum(k).toFixed(1)} s = ${(durationS / Math.max(1e-9, sum(k))).toFixed(1)}×`).join(' | ');
}

console.log('\n1 worker (one process, chunks in turn):');
mark = performance.now();
const one = await runWorker(video, chunks, detectEvery, detector);
const oneMerge = mergeAndCheck(one.results);
const oneWall = (performance.now() - mark) / 1000;
console.log(`  stages (summed over chunks, × real time): ${stageTable(one.results)}`);
console.log(`  merge + timelines ${oneMerge.mergeS.toFixed(2)} s; overall wall ${oneWall.toFixed(1)} s = ${(durationS / oneWall).toFixed(2)}× real time (incl. process start, model load, merge)`);
const oneCpu = one.cpuS + one.ffmpegCpuS;
console.log(`  CPU: worker ${one.cpuS.toFixed(1)} s + its ffmpeg decoder ${one.ffmpegCpuS.toFixed(1)} s = ${(durationS / oneCpu).toFixed(2)}× real time per CPU-second (what one uncontended core would give)`);
console.log(`  peak RSS ${one.maxRssMB} MB; backend ${one.results[0].backend}; detector passes ${one.results.reduce((s, r) => s + r.detectorFrames, 0)}/${one.results.reduce((s, r) => s + r.framesAnalysed, 0)} frames; hard cuts found ${one.results.reduce((s, r) => s + (r.cuts?.length ?? 0), 0)} (none by construction)`);
console.log(`  people found ${oneMerge.lesson.people.length} (expected ${oneMerge.expectedPeople}); teacher ${oneMerge.lesson.teacher.method}, identified on ${oneMerge.identified}/${oneMerge.teacherSeconds} visible seconds (${((100 * oneMerge.identified) / oneMerge.teacherSeconds).toFixed(1)} %); coverage ${oneMerge.lesson.coverage}; LessonFaces JSON ${oneMerge.jsonKB} KB`);

console.log('\n2 workers (two processes in parallel, chunks split between them):');
mark = performance.now();
const halves = [chunks.filter((_, i) => i % 2 === 0), chunks.filter((_, i) => i % 2 === 1)].filter((h) => h.length);
const two = await Promise.all(halves.map((h) => runWorker(video, h, detectEvery, detector)));
const twoResults = two.flatMap((w) => w.results);
const twoMerge = mergeAndCheck(twoResults);
const twoWall = (performance.now() - mark) / 1000;
console.log(`  stages (summed over both workers, × real time of one core): ${stageTable(twoResults)}`);
console.log(`  overall wall ${twoWall.toFixed(1)} s = ${(durationS / twoWall).toFixed(2)}× real time; a 45-minute lesson would take ${((2700 / (durationS / twoWall)) / 60).toFixed(1)} min`);
const twoCpu = two.map((w) => w.cpuS + w.ffmpegCpuS);
console.log(`  CPU (worker + ffmpeg): ${two.map((w) => `${w.cpuS.toFixed(1)} + ${w.ffmpegCpuS.toFixed(1)} s`).join(', ')}; on two uncontended cores ≈ ${(durationS / Math.max(...twoCpu)).toFixed(2)}× real time`);
console.log(`  peak RSS per worker ${two.map((w) => `${w.maxRssMB} MB`).join(', ')}; backend ${twoResults[0].backend}`);
console.log(`  people found ${twoMerge.lesson.people.length} (expected ${twoMerge.expectedPeople}); teacher identified on ${twoMerge.identified}/${twoMerge.teacherSeconds} visible seconds (${((100 * twoMerge.identified) / twoMerge.teacherSeconds).toFixed(1)} %)`);

if (detectEvery > 1) {
  console.log(`\nAccuracy of tracking between detector passes, first 60 s: detector every ${detectEvery} frames vs every frame`);
  const sparse = await analyseFaceChunk({ videoPath: video, startS: 0, endS: 60, detectEvery, detector: detector as 'ssd' | 'tiny' });
  const dense = await analyseFaceChunk({ videoPath: video, startS: 0, endS: 60, detectEvery: 1, detector: detector as 'ssd' | 'tiny' });
  const faceSeconds = (r: FaceChunkResult) => r.tracks.reduce((s, t) => s + t.observations.length, 0);
  const expected = spec.faces.reduce((s, f) => s + visibleSeconds(f, 60).length, 0);
  console.log(`  face-seconds found: every ${detectEvery}: ${faceSeconds(sparse)}, every frame: ${faceSeconds(dense)}, on screen by construction: ${expected}`);
  console.log(`  time: every ${detectEvery}: ${sparse.timings.totalS.toFixed(1)} s, every frame: ${dense.timings.totalS.toFixed(1)} s`);
  // Same face, same second in both runs: how far apart are the expression readings?
  let pairs = 0;
  let sameTop = 0;
  let absDiff = 0;
  const denseObs = dense.tracks.flatMap((t) => t.observations);
  for (const o of sparse.tracks.flatMap((t) => t.observations)) {
    const twin = denseObs.find((d) => d.t === o.t && iou(d.box, o.box) > 0.3);
    if (!twin?.expressions || !o.expressions) continue;
    pairs++;
    if (topEmotion(twin.expressions).emotion === topEmotion(o.expressions).emotion) sameTop++;
    absDiff += o.expressions.reduce((s, v, i) => s + Math.abs(v - twin.expressions![i]), 0) / o.expressions.length;
  }
  console.log(`  expressions on the same face-seconds (${pairs}): same top class ${((100 * sameTop) / pairs).toFixed(1)} %, mean |Δp| ${(absDiff / pairs).toFixed(4)}`);
}
