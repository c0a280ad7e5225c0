/**
 * npm run eval:audio [-- --split train] [-- --snr 20,10,5] [-- --kinds ravdess,monologue]
 *                    [-- --cluster-similarity 0.6,0.5,…] [-- --change-distance x] [-- --overlap-margin x] [-- --vad both|ours|silero] [-- --cached]
 *
 * Scores the voice stage on labelled lessons built by construction, mixed with synthetic classroom noise (pink,
 * brown, hum, chair scrapes, murmur of train actors; classroom-noise.ts) at each SNR:
 * - ravdess: four lessons of RAVDESS validation actors (17–20; `--split train` uses train actors 01–16, for
 *   tuning): each actor is the teacher once (40 clips in turns of 2–6), the others are students (turns of 1–2
 *   clips, −4 dB), with pauses, waits, overlaps and silences (constructed-lesson.ts);
 * - monologue: one real speaker (the shared 10-s talk recording) in 10-s blocks covering about half of a
 *   ~4-minute lesson, validation actors answering in short turns between the blocks (research/voice/monologue-lesson.ts).
 * Each mix is written as a 16 kHz WAV under tmp/eval-audio/, analysed in 60 s chunks, merged and scored (DER with
 * and without a 0.25 s collar, teacher talk time, teacher identification, speakers found, overlap recall). Then,
 * at 20 dB: a lesson with a music bed and two stretches of music alone, one with two rounds of applause, one
 * speaker with a hum from half-way (research/voice/non-speech-lessons.ts) — non-speech counted as talk, voices
 * found — and a calm read passage (one actor's neutral clips; also at 10 dB): share of seconds labelled angry or
 * fearful. Also prints the speaker encoder's verification AUC/EER on single validation clips (clean and 10 dB). With the
 * default options on the validation split it writes models/voice/metrics.json.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ANALYSIS_SAMPLE_RATE } from '../lib/analysis/audio/decode';
import { planChunks } from '../lib/analysis/chunks';
import { DEFAULT_SER_MODEL_DIR } from '../lib/analysis/ser/model-files';
import { analyseVoiceChunk, type VadChoice } from '../lib/analysis/voice/chunk';
import { classroomNoise } from '@/research/audio/classroom-noise';
import { loadClips } from '@/research/audio/speech-clips';
import { topEmotion } from '../lib/analysis/emotions';
import { seededRandom, shuffled } from '@/research/random';
import { buildLessonSet, composeLesson, mixAtSnr, readRavdessManifest, type NoisyLessonSource, type RavdessClip } from '@/research/voice/constructed-lesson';
import { voiceTimelines } from '../lib/analysis/voice/timeline';
import { mergeVoiceChunks } from '../lib/analysis/voice/merge';
import { VOICE_MODEL_DIR } from '../lib/analysis/voice/models';
import { emotionPairs, macroF1, scoreVoices, type VoiceScores } from '@/research/voice/scoring';
import { loadSpeakerEncoder, SPEAKER_ENCODER_MODEL_ID } from '../lib/analysis/voice/speaker-encoder';
import type { VoiceChunkResult } from '../lib/analysis/voice/types';
import { writeWav16 } from '@/research/voice/wav';
import { buildMonologueLesson } from '../research/voice/monologue-lesson';
import { withApplause, withHum, withMusic } from '../research/voice/non-speech-lessons';
import { verificationScores, type VerificationScores } from '../research/voice/speaker-verification';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const split = option('--split') ?? 'validation';
/** Comma-separated clustering similarities: the first is used, the others are tried on the same chunk results (tuning). */
const clusterSimilarities = option('--cluster-similarity')?.split(',').map(Number);
const changeDistance = option('--change-distance') ? Number(option('--change-distance')) : undefined;
const overlapMargin = option('--overlap-margin') ? Number(option('--overlap-margin')) : undefined;
const vad = option('--vad') as VadChoice | undefined;
/** Re-merges the chunk results of the last run instead of analysing again (tuning the merge). */
const useCache = args.includes('--cached');
const SNRS = option('--snr')?.split(',').map(Number) ?? [20, 10, 5];
const KINDS = option('--kinds')?.split(',') ?? ['ravdess', 'monologue'];
const tuned = !!clusterSimilarities || changeDistance !== undefined || overlapMargin !== undefined || vad !== undefined;

const datasetDir = path.resolve('../shared/data/speech/ravdess');
const recording = path.resolve('../shared/data/video/short_hamilton_clip.mp4');
if (!existsSync(datasetDir) || !existsSync(recording)) {
  console.log(`skipped: needs ${datasetDir} and ${recording}`);
  process.exit(0);
}
const actor = (n: number) => `ravdess_${String(n).padStart(2, '0')}`;
const casts =
  split === 'train'
    ? [[1, 4, 7, 10], [6, 3, 16], [11, 14, 5, 2], [12, 9, 15]]
    : [[17, 18, 19, 20], [18, 17, 20], [19, 20, 17, 18], [20, 19, 18]];
const castSpeakers = split === 'train' ? [1, 4, 7, 10] : [17, 18, 19, 20];
const murmurSpeakers = split === 'train' ? [8, 13].map(actor) : Array.from({ length: 16 }, (_, i) => actor(i + 1));
const outDir = path.resolve('tmp/eval-audio');
mkdirSync(outDir, { recursive: true });
const serModelPresent = existsSync(DEFAULT_SER_MODEL_DIR) && readdirSync(DEFAULT_SER_MODEL_DIR).length > 0;
if (!serModelPresent) console.log(`note: no speech-emotion model in ${DEFAULT_SER_MODEL_DIR}; emotion is not scored`);

const started = Date.now();
const lessons: Record<string, NoisyLessonSource[]> = {};
if (KINDS.includes('ravdess')) lessons.ravdess = await buildLessonSet({ datasetDir, casts: casts.map((c) => c.map(actor)), murmurSpeakers, teacherClips: 40, seed: split === 'train' ? 101 : 202 });
if (KINDS.includes('monologue')) lessons.monologue = [await buildMonologueLesson({ recording, datasetDir, students: castSpeakers.map(actor), murmurSpeakers, seed: split === 'train' ? 303 : 404 })];
console.log(`${split} lessons built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.entries(lessons).map(([kind, list]) => `${kind} ${list.map((s) => s.lesson.durationS.toFixed(0)).join(', ')} s`).join('; ')}`);

interface KindFigures {
  lessons: number;
  der: number;
  derCollar: number;
  missed: number;
  falseAlarm: number;
  confusion: number;
  vadPrecision: number;
  vadRecall: number;
  teacherTalkErrorPts: number;
  studentTalkErrorPts: number;
  teacherIdentification: number;
  speakersFound: number[];
  speakersTrue: number[];
  speakerCountExact: number;
  overlapRecall: number | null;
  overlapPrecision: number | null;
  emotionMacroF1: number | null;
}
const metrics: Record<string, Record<string, KindFigures>> = {};
let audioS = 0;
let analysisMs = 0;
for (const snr of SNRS) {
  metrics[`${snr}dB`] = {};
  for (const [kind, sources] of Object.entries(lessons)) {
    const scores: VoiceScores[] = [];
    const pairs: ReturnType<typeof emotionPairs> = [];
    for (const [index, { lesson, noise }] of sources.entries()) {
      const name = `${split}-${kind}-${index}`;
      const wavPath = path.join(outDir, `${name}-${snr}dB.wav`);
      await writeWav16(wavPath, mixAtSnr(lesson, noise, snr), ANALYSIS_SAMPLE_RATE);
      await writeFile(path.join(outDir, `${name}-truth.json`), JSON.stringify({ teacher: lesson.teacher, students: lesson.students, durationS: lesson.durationS, utterances: lesson.utterances }, null, 1));
      const t0 = Date.now();
      const cachePath = path.join(outDir, `${name}-${snr}dB-chunks.json`);
      let chunks: VoiceChunkResult[] = [];
      if (useCache && existsSync(cachePath)) chunks = JSON.parse(await readFile(cachePath, 'utf8')) as VoiceChunkResult[];
      else {
        for (const span of planChunks(lesson.durationS, 60)) chunks.push(await analyseVoiceChunk({ audioPath: wavPath, ...span }, { emotion: serModelPresent, changeDistance, overlapMargin, vad }));
        await writeFile(cachePath, JSON.stringify(chunks));
        analysisMs += Date.now() - t0;
        audioS += lesson.durationS;
      }
      const voices = await mergeVoiceChunks(chunks, { clusterSimilarity: clusterSimilarities?.[0] });
      for (const clusterSimilarity of clusterSimilarities?.slice(1) ?? []) {
        const alternative = scoreVoices(lesson, await mergeVoiceChunks(chunks, { clusterSimilarity }));
        console.log(`    similarity ${clusterSimilarity}: DER ${pct(alternative.diarizationErrorRate)}, speakers ${alternative.speakersFound}/${alternative.speakersTrue}, teacher id ${pct(alternative.teacherIdentification)}, teacher talk error ${alternative.teacherTalkErrorPts.toFixed(1)} pts`);
      }
      const score = scoreVoices(lesson, voices);
      scores.push(score);
      if (kind === 'ravdess') pairs.push(...emotionPairs(lesson, voices));
      console.log(
        `  ${snr} dB ${kind} ${index}: DER ${pct(score.diarizationErrorRate)} (collar ${pct(score.diarizationErrorRateCollar)}), speakers ${score.speakersFound}/${score.speakersTrue}, teacher id ${pct(score.teacherIdentification)}, ` +
          `teacher talk ${score.hypothesisTeacherTalkPct.toFixed(1)} vs ${score.referenceTeacherTalkPct.toFixed(1)} %, overlap recall ${score.overlapRecall === null ? 'n/a' : pct(score.overlapRecall)}, est. SNR ${voices.quality.estimatedSnrDb} dB`,
      );
    }
    const mean = (pick: (s: VoiceScores) => number) => scores.reduce((a, s) => a + pick(s), 0) / scores.length;
    const meanOrNull = (pick: (s: VoiceScores) => number | null) => {
      const values = scores.map(pick).filter((v): v is number => v !== null);
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
    };
    const figures: KindFigures = {
      lessons: scores.length,
      der: round(mean((s) => s.diarizationErrorRate)),
      derCollar: round(mean((s) => s.diarizationErrorRateCollar)),
      missed: round(mean((s) => s.missedSpeechRate)),
      falseAlarm: round(mean((s) => s.falseAlarmRate)),
      confusion: round(mean((s) => s.speakerConfusionRate)),
      vadPrecision: round(mean((s) => s.vadPrecision)),
      vadRecall: round(mean((s) => s.vadRecall)),
      teacherTalkErrorPts: round(mean((s) => s.teacherTalkErrorPts), 2),
      studentTalkErrorPts: round(mean((s) => s.studentTalkErrorPts), 2),
      teacherIdentification: round(mean((s) => s.teacherIdentification)),
      speakersFound: scores.map((s) => s.speakersFound),
      speakersTrue: scores.map((s) => s.speakersTrue),
      speakerCountExact: scores.filter((s) => s.speakersFound === s.speakersTrue).length,
      overlapRecall: roundOrNull(meanOrNull((s) => s.overlapRecall)),
      overlapPrecision: roundOrNull(meanOrNull((s) => s.overlapPrecision)),
      emotionMacroF1: kind === 'ravdess' && serModelPresent ? round(macroF1(pairs)) : null,
    };
    metrics[`${snr}dB`][kind] = figures;
    console.log(
      `${snr} dB SNR, ${kind}: VAD precision ${pct(figures.vadPrecision)}, recall ${pct(figures.vadRecall)}, DER ${pct(figures.der)} (0.25 s collar ${pct(figures.derCollar)}; missed ${pct(figures.missed)}, false alarm ${pct(figures.falseAlarm)}, confusion ${pct(figures.confusion)}), ` +
        `teacher identification ${pct(figures.teacherIdentification)}, teacher talk-time error ${figures.teacherTalkErrorPts.toFixed(2)} pts, student talk-time error ${figures.studentTalkErrorPts.toFixed(2)} pts, ` +
        `speakers ${figures.speakersFound.join('/')} vs ${figures.speakersTrue.join('/')} (exact ${figures.speakerCountExact} of ${scores.length}), overlap recall ${figures.overlapRecall === null ? 'n/a' : pct(figures.overlapRecall)} (precision ${figures.overlapPrecision === null ? 'n/a' : pct(figures.overlapPrecision)}), ` +
        `emotion macro-F1 ${figures.emotionMacroF1?.toFixed(3) ?? 'n/a'}`,
    );
  }
}
if (audioS > 0) console.log(`analysed ${audioS.toFixed(0)} s of audio in ${(analysisMs / 1000).toFixed(1)} s (${(audioS / (analysisMs / 1000)).toFixed(1)}× real time)`);

// Sounds that are not talk (music bed, applause, a hum from half-way) and a calm read passage, at 20 dB.
const soundChecks: Record<string, Record<string, number | number[] | null>> = {};
if (!tuned && KINDS.includes('ravdess')) {
  const manifest = readRavdessManifest(datasetDir);
  const random = seededRandom(split === 'train' ? 505 : 606);
  const [t, s1, s2] = castSpeakers.map(actor);
  const clipsOf = async (speaker: string, filter: (c: RavdessClip) => boolean = () => true) => shuffled(await loadClips(manifest.filter((c) => c.speaker === speaker && filter(c))), random);
  const murmur = (await loadClips(shuffled(manifest.filter((c) => murmurSpeakers.includes(c.speaker)), random).slice(0, 40))).map((c) => c.pcm);
  const talk = composeLesson({ teacherClips: (await clipsOf(t)).slice(0, 24), studentClips: [await clipsOf(s1), await clipsOf(s2)], random });
  const alone = composeLesson({ teacherClips: (await clipsOf(s1)).slice(0, 40), studentClips: [], random });
  const calm = composeLesson({ teacherClips: await clipsOf(castSpeakers.map(actor)[3], (c) => c.emotion === 'neutral'), studentClips: [], random });
  const cases = { music: withMusic(talk, 11), applause: withApplause(talk, 12), hum: withHum(alone, 13), calm: { lesson: calm, events: [] } };
  for (const [name, { lesson, events }] of Object.entries(cases)) {
    const noise = classroomNoise({ samples: lesson.clean.length, sampleRate: ANALYSIS_SAMPLE_RATE, random, murmurClips: murmur });
    for (const snr of name === 'calm' ? [20, 10] : [20]) {
      const wavPath = path.join(outDir, `${split}-${name}-${snr}dB.wav`);
      await writeWav16(wavPath, mixAtSnr(lesson, noise, snr), ANALYSIS_SAMPLE_RATE);
      const chunks: VoiceChunkResult[] = [];
      for (const span of planChunks(lesson.durationS, 60)) chunks.push(await analyseVoiceChunk({ audioPath: wavPath, ...span }, { emotion: serModelPresent }));
      const voices = await mergeVoiceChunks(chunks);
      const score = scoreVoices(lesson, voices);
      const eventS = events.reduce((sum, e) => sum + voices.pieces.reduce((n, p) => n + Math.max(0, Math.min(p.endS, e.endS) - Math.max(p.startS, e.startS)), 0), 0);
      const seconds = voiceTimelines(voices).filter((second) => second.teacher.speechS > 0 && second.teacher.probabilities);
      const agitated = seconds.filter((second) => ['angry', 'fearful'].includes(topEmotion(second.teacher.probabilities!).emotion)).length;
      const labels = seconds.map((second) => topEmotion(second.teacher.probabilities!).emotion);
      const flips = labels.filter((label, k) => k > 0 && label !== labels[k - 1]).length;
      const figures = {
        speakersFound: score.speakersFound,
        speakersTrue: score.speakersTrue,
        der: round(score.diarizationErrorRate),
        nonSpeechCountedAsTalkPct: events.length ? round((100 * eventS) / lesson.durationS, 2) : null,
        angryOrFearfulSecondsPct: name === 'calm' ? round((100 * agitated) / Math.max(1, seconds.length), 1) : null,
        labelChangesPerMinuteOfSpeech: name === 'calm' ? round(flips / Math.max(1 / 60, seconds.length / 60), 2) : null,
      };
      soundChecks[`${name}-${snr}dB`] = figures;
      console.log(
        `${name} (${snr} dB, ${lesson.durationS.toFixed(0)} s): speakers ${figures.speakersFound}/${figures.speakersTrue}, DER ${pct(figures.der)}` +
          (figures.nonSpeechCountedAsTalkPct !== null ? `, non-speech counted as talk ${figures.nonSpeechCountedAsTalkPct.toFixed(2)} % of the lesson` : '') +
          (name === 'calm' ? `, teacher seconds labelled angry or fearful ${figures.angryOrFearfulSecondsPct} % of ${seconds.length}, label changes ${figures.labelChangesPerMinuteOfSpeech} per minute of speech` : ''),
      );
    }
  }
}

const verification: Record<string, VerificationScores> = {};
if (!tuned) {
  const encoder = await loadSpeakerEncoder();
  for (const [condition, snrDb] of [['clean', null], ['10dB', 10]] as const) {
    verification[condition] = await verificationScores({ encoder, datasetDir, speakers: castSpeakers.map(actor), murmurSpeakers, snrDb, seed: 5 });
    const v = verification[condition];
    console.log(`speaker verification, ${split} actors, single clips, ${condition}: AUC ${v.auc.toFixed(3)}, EER ${pct(v.eer)} (${v.pairs} pairs; same-speaker cosine ${v.sameMean.toFixed(3)}, different ${v.differentMean.toFixed(3)}); the cepstral Gaussians' pair AUC was 0.82 clean, 0.72 at 10 dB`);
  }
}
if (!tuned && split === 'validation' && SNRS.join() === '20,10,5' && KINDS.join() === 'ravdess,monologue') {
  const file = path.join(VOICE_MODEL_DIR, 'metrics.json');
  await writeFile(file, JSON.stringify({ speakerModel: SPEAKER_ENCODER_MODEL_ID, command: 'npm run eval:audio', split, perSnr: metrics, nonSpeechAndCalm: soundChecks, speakerVerification: verification }, null, 1) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}
function round(x: number, digits = 4): number {
  return Number(x.toFixed(digits));
}
function roundOrNull(x: number | null): number | null {
  return x === null ? null : round(x);
}
