/**
 * npm run eval:audio [-- --split train] [-- --cluster-penalty 1,2,3] [-- --snr 10]
 *
 * Builds labelled lessons by construction from RAVDESS validation actors
 * (17–20; `--split train` uses train actors 01–16 instead, for tuning): each
 * actor is the teacher once (40 clips in turns of 2–6), the others are
 * students (turns of 1–2 clips, −4 dB), with pauses, waits, overlaps and
 * silences (see constructed-lesson.ts), mixed with synthetic classroom noise
 * (pink, brown, 50/100/150 Hz hum, chair scrapes, murmur of train actors; see
 * classroom-noise.ts) at 20, 10 and 5 dB SNR. Each mix is written as a 16 kHz
 * 16-bit WAV, analysed in 60 s chunks, merged, and scored; the ground-truth
 * timeline of every lesson is written to tmp/eval-audio/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ANALYSIS_SAMPLE_RATE } from '../lib/analysis/audio/decode';
import { DEFAULT_SER_MODEL_DIR } from '../lib/analysis/ser/model-files';
import { analyseVoiceChunk } from '../lib/analysis/voice/chunk';
import { buildLessonSet, mixAtSnr } from '../research/voice/constructed-lesson';
import { mergeVoiceChunks } from '../lib/analysis/voice/merge';
import { planChunks } from '../lib/analysis/chunks';
import { emotionPairs, macroF1, scoreVoices, type VoiceScores } from '../research/voice/scoring';
import { talkMetrics } from '../lib/analysis/voice/talk-metrics';
import { writeWav16 } from '../research/voice/wav';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const split = option('--split') ?? 'validation';
/** Comma-separated list of BIC penalties: each is tried on the same chunk results (tuning). */
const clusterPenalties = option('--cluster-penalty')?.split(',').map(Number);
const datasetDir = path.resolve('../shared/data/speech/ravdess');
if (!existsSync(datasetDir)) {
  console.log(`skipped: needs ${datasetDir}`);
  process.exit(0);
}
const actor = (n: number) => `ravdess_${String(n).padStart(2, '0')}`;
const casts =
  split === 'train'
    ? [[1, 4, 7, 10], [6, 3, 16], [11, 14, 5, 2], [12, 9, 15]]
    : [[17, 18, 19, 20], [18, 17, 20], [19, 20, 17, 18], [20, 19, 18]];
const murmurSpeakers = split === 'train' ? [8, 13].map(actor) : Array.from({ length: 16 }, (_, i) => actor(i + 1));
const SNRS = option('--snr')?.split(',').map(Number) ?? [20, 10, 5];
const outDir = path.resolve('tmp/eval-audio');
mkdirSync(outDir, { recursive: true });

const serModelPresent = existsSync(DEFAULT_SER_MODEL_DIR) && (await import('node:fs')).readdirSync(DEFAULT_SER_MODEL_DIR).length > 0;
if (!serModelPresent) console.log(`note: no speech-emotion model in ${DEFAULT_SER_MODEL_DIR}; emotion is not scored`);

const started = Date.now();
const sources = await buildLessonSet({ datasetDir, casts: casts.map((c) => c.map(actor)), murmurSpeakers, teacherClips: 40, seed: split === 'train' ? 101 : 202 });
console.log(`${sources.length} ${split} lessons built in ${((Date.now() - started) / 1000).toFixed(1)} s (${sources.map((s) => s.lesson.durationS.toFixed(0)).join(', ')} s)`);

let audioS = 0;
let analysisMs = 0;
for (const snr of SNRS) {
  const scores: VoiceScores[] = [];
  const pairs: ReturnType<typeof emotionPairs> = [];
  for (const [index, { lesson, noise }] of sources.entries()) {
    const wavPath = path.join(outDir, `${split}-${index}-${snr}dB.wav`);
    await writeWav16(wavPath, mixAtSnr(lesson, noise, snr), ANALYSIS_SAMPLE_RATE);
    await writeFile(path.join(outDir, `${split}-${index}-truth.json`), JSON.stringify({ teacher: lesson.teacher, students: lesson.students, durationS: lesson.durationS, utterances: lesson.utterances }, null, 1));
    const t0 = Date.now();
    const chunks = [];
    for (const span of planChunks(lesson.durationS, 60)) {
      chunks.push(await analyseVoiceChunk({ audioPath: wavPath, ...span }, { emotion: serModelPresent }));
    }
    const voices = await mergeVoiceChunks(chunks, { clusterPenalty: clusterPenalties?.[0] });
    analysisMs += Date.now() - t0;
    for (const clusterPenalty of clusterPenalties?.slice(1) ?? []) {
      const alternative = scoreVoices(lesson, await mergeVoiceChunks(chunks, { clusterPenalty }));
      console.log(`    penalty ${clusterPenalty}: DER ${pct(alternative.diarizationErrorRate)}, speakers ${alternative.speakersFound}, teacher id ${pct(alternative.teacherIdentification)}`);
    }
    audioS += lesson.durationS;
    const score = scoreVoices(lesson, voices);
    scores.push(score);
    pairs.push(...emotionPairs(lesson, voices));
    const metrics = talkMetrics(voices).lesson;
    console.log(
      `  ${snr} dB lesson ${index}: DER ${pct(score.diarizationErrorRate)} (collar ${pct(score.diarizationErrorRateCollar)}), speakers ${score.speakersFound}/${score.speakersTrue}, teacher id ${pct(score.teacherIdentification)}, ` +
        `teacher talk ${score.hypothesisTeacherTalkPct.toFixed(1)} vs ${score.referenceTeacherTalkPct.toFixed(1)} %, student turns ${metrics.studentTurns}, est. SNR ${voices.quality.estimatedSnrDb} dB`,
    );
  }
  const mean = (pick: (s: VoiceScores) => number) => scores.reduce((a, s) => a + pick(s), 0) / scores.length;
  console.log(
    `${snr} dB SNR: VAD precision ${pct(mean((s) => s.vadPrecision))}, recall ${pct(mean((s) => s.vadRecall))}, DER ${pct(mean((s) => s.diarizationErrorRate))} (0.25 s collar ${pct(mean((s) => s.diarizationErrorRateCollar))}; missed ${pct(mean((s) => s.missedSpeechRate))}, false alarm ${pct(mean((s) => s.falseAlarmRate))}, confusion ${pct(mean((s) => s.speakerConfusionRate))}), ` +
      `teacher identification ${pct(mean((s) => s.teacherIdentification))}, teacher talk-time error ${mean((s) => s.teacherTalkErrorPts).toFixed(2)} pts, ` +
      `student talk-time error ${mean((s) => s.studentTalkErrorPts).toFixed(2)} pts, emotion macro-F1 ${serModelPresent ? macroF1(pairs).toFixed(3) : 'n/a'}`,
  );
}
console.log(`analysed ${audioS.toFixed(0)} s of audio in ${(analysisMs / 1000).toFixed(1)} s (${(audioS / (analysisMs / 1000)).toFixed(1)}× real time)`);

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}
