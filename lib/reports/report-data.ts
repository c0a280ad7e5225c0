import { EMOTIONS } from '../analysis/emotions';
import type { AnalysisRun, LessonSecond, MediaAsset, PaperSize, ReportReason } from '../db/schema';
import type { AudioStreamFacts, VideoStreamFacts } from '../media/stream-facts';
import { lessonIndicators, type LessonIndicators } from '../results/indicators';
import { keyMoments, type KeyMoment } from '../results/key-moments';
import { roundTo } from '../round';
import { wordingFor, type WordingMode } from '../wording';
import type { ModelIdentity, ModelPerformance } from './models';
import { sampleSeconds, smoothedSamples, SMOOTHING_WINDOWS_S } from './smoothing';

/**
 * Everything one report shows, and nothing else: the page, the print view
 * and the PDF render from this, and a report version stores it as its
 * snapshot, so later code or model changes cannot alter an old version.
 * Plain JSON; `format` changes when the shape does (old snapshots keep theirs).
 */
export const REPORT_FORMAT = 1;

/** Who speaks in a second, one character each: teacher, students, both, silence; a space without a sound track. */
export const TALK_CODES = { teacher: 't', student: 's', overlap: 'b', none: '-' } as const;
export type TalkCode = (typeof TALK_CODES)[keyof typeof TALK_CODES] | ' ';

export type Group = 'teacher' | 'students';
export const GROUPS: readonly Group[] = ['teacher', 'students'];

/** Share of seconds (percent) in which a group's combined estimate came from both sides, one side, or neither. */
export type SourceShares = { both: number; face: number; voice: number; none: number };

export interface ReportData {
  format: typeof REPORT_FORMAT;
  lesson: { id: string; title: string; taughtOn: string; className: string; subject: string; teacherName: string; schoolName: string };
  wording: WordingMode;
  paperSize: PaperSize;
  generatedAt: string;
  /** Null while the report is the live view of the current run rather than a stored version. */
  version: { number: number; reason: ReportReason; createdAt: string } | null;
  run: { id: string; finishedAt: string | null };
  recording: {
    originalName: string;
    sizeBytes: number;
    sha256: string;
    container: string;
    video: Pick<VideoStreamFacts, 'codec' | 'width' | 'height' | 'frameRate'> | null;
    audio: AudioStreamFacts | null;
  };
  durationS: number;
  timeline: {
    /** The seconds the smoothed curves are sampled at. */
    sampleS: number[];
    /**
     * Face and voice combined, percent, smoothed over each of SMOOTHING_WINDOWS_S (keyed by the window),
     * per group, per expression (EMOTIONS order), at sampleS; null where too little was read.
     */
    smoothed: Record<string, Record<Group, Array<Array<number | null>>>>;
    /** One TALK_CODES character per second. */
    talk: string;
    visibleStudents: number[];
    /** Voice alone, in bins of `binS` seconds: [EMOTIONS index of the strongest, its mean probability in percent], or null where the group did not speak. */
    voiceBand: { binS: number; teacher: Array<[number, number] | null>; students: Array<[number, number] | null> };
  };
  indicators: LessonIndicators;
  /** Percent of the seconds with an estimate in which each expression is the strongest (EMOTIONS order). */
  distribution: Record<Group, number[] | null>;
  sources: Record<Group, SourceShares>;
  keyMoments: KeyMoment[];
  quality: {
    /** Share of each minute's seconds with at least one face visible, percent; empty without video. */
    faceCoveragePerMinute: number[];
    readableFacePct: number | null;
    snrDb: number | null;
    speechRatioPct: number | null;
    levelDb: number | null;
    soundFlags: string[];
    people: number;
    voices: number;
    teacherFace: string | null;
    teacherVoice: string | null;
    detector: string | null;
    backend: string | null;
    models: ModelIdentity[];
    notes: string[];
  };
  performance: ModelPerformance[];
}

/** The per-second columns a report reads (face and voice vectors are summed up in their weights and the combined vector). */
export const REPORT_SECOND_COLUMNS = [
  't', 'speech', 'studentFacesVisible', 'studentFacesReadable', 'studentFacesPosed', 'studentFacesFront',
  'teacherFaceWeight', 'studentsFaceWeight', 'teacherVoiceWeight', 'studentsVoiceWeight',
  'teacherVoice', 'studentsVoice', 'teacherCombined', 'studentsCombined',
] as const satisfies ReadonlyArray<keyof LessonSecond>;
export type ReportSecond = Pick<LessonSecond, (typeof REPORT_SECOND_COLUMNS)[number]>;

export interface ReportInput {
  lesson: ReportData['lesson'];
  wording: WordingMode;
  paperSize: PaperSize;
  version: ReportData['version'];
  run: Pick<AnalysisRun, 'id' | 'finishedAt' | 'summary' | 'notes' | 'tfBackend'>;
  asset: Pick<MediaAsset, 'originalName' | 'sizeBytes' | 'sha256' | 'container' | 'video' | 'audio' | 'durationSeconds'>;
  seconds: ReportSecond[];
  models: { performance: ModelPerformance[]; identities: ModelIdentity[] };
  now: Date;
}

const DETECTORS: Record<string, string> = { ssd: 'SSD MobileNet V1', tiny: 'Tiny Face Detector' };
const VOICE_BAND_MAX_BINS = 300;

const percent = (part: number, whole: number) => (whole > 0 ? roundTo((100 * part) / whole, 1) : 0);

function topIndex(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

function distribution(vectors: Array<number[] | null>): number[] | null {
  const counts = new Array<number>(EMOTIONS.length).fill(0);
  let n = 0;
  for (const v of vectors) {
    if (!v) continue;
    counts[topIndex(v)]++;
    n++;
  }
  return n ? counts.map((c) => percent(c, n)) : null;
}

/** A side counts for a second when it was read with some weight (a weight above 0 means its reading exists, lib/results/fusion.ts). */
function sources(seconds: ReportSecond[], group: Group): SourceShares {
  const counts = { both: 0, face: 0, voice: 0, none: 0 };
  for (const s of seconds) {
    const face = ((group === 'teacher' ? s.teacherFaceWeight : s.studentsFaceWeight) ?? 0) > 0;
    const voice = ((group === 'teacher' ? s.teacherVoiceWeight : s.studentsVoiceWeight) ?? 0) > 0;
    counts[face && voice ? 'both' : face ? 'face' : voice ? 'voice' : 'none']++;
  }
  const n = seconds.length;
  return { both: percent(counts.both, n), face: percent(counts.face, n), voice: percent(counts.voice, n), none: percent(counts.none, n) };
}

function voiceBand(seconds: ReportSecond[], group: Group, binS: number): Array<[number, number] | null> {
  const out: Array<[number, number] | null> = [];
  for (let start = 0; start < seconds.length; start += binS) {
    const sum = new Array<number>(EMOTIONS.length).fill(0);
    let weight = 0;
    for (const s of seconds.slice(start, start + binS)) {
      const v = group === 'teacher' ? s.teacherVoice : s.studentsVoice;
      if (!v) continue;
      const w = Math.max(1e-3, (group === 'teacher' ? s.teacherVoiceWeight : s.studentsVoiceWeight) ?? 0);
      v.forEach((p, i) => (sum[i] += w * p));
      weight += w;
    }
    if (weight === 0) {
      out.push(null);
      continue;
    }
    const best = topIndex(sum);
    out.push([best, Math.round((100 * sum[best]) / weight)]);
  }
  return out;
}

function faceCoveragePerMinute(seconds: ReportSecond[]): number[] {
  const out: number[] = [];
  for (let start = 0; start < seconds.length; start += 60) {
    const minute = seconds.slice(start, start + 60);
    out.push(Math.round(percent(minute.filter((s) => s.studentFacesVisible > 0 || s.teacherFaceWeight !== null).length, minute.length)));
  }
  return out;
}

function describeTeacherVoice(summary: AnalysisRun['summary']): string | null {
  const v = summary.voices;
  if (!v || v.teacherSpeakerId === null) return null;
  const how = { 'enrolled-voice': 'recognised from the voice sample', 'mouth-movement': 'matched to the teacher’s mouth movement', relabel: 'chosen by the teacher', 'dominant-speaker': 'guessed as the voice speaking most' } as const;
  return `Voice ${v.teacherSpeakerId + 1}, ${how[v.teacherEvidence ?? 'dominant-speaker']}${v.teacherConfirmed ? '' : ' (unconfirmed)'}`;
}

/** Pure: the report of one finished run, from its rows and summary. */
export function buildReport(input: ReportInput): ReportData {
  const { run, asset, seconds } = input;
  const { faces, voices } = run.summary;
  const wording = wordingFor(input.wording);
  const hasVideo = !!asset.video && !!faces;
  const binS = Math.max(1, Math.ceil(seconds.length / VOICE_BAND_MAX_BINS));
  const sampleS = sampleSeconds(seconds.length);
  let readable = 0;
  let visible = 0;
  for (const s of seconds) {
    readable += s.studentFacesReadable + ((s.teacherFaceWeight ?? 0) > 0 ? 1 : 0);
    visible += s.studentFacesVisible + (s.teacherFaceWeight !== null ? 1 : 0);
  }
  return {
    format: REPORT_FORMAT,
    lesson: input.lesson,
    wording: input.wording,
    paperSize: input.paperSize,
    generatedAt: input.now.toISOString(),
    version: input.version,
    run: { id: run.id, finishedAt: run.finishedAt?.toISOString() ?? null },
    recording: {
      originalName: asset.originalName,
      sizeBytes: asset.sizeBytes,
      sha256: asset.sha256,
      container: asset.container,
      video: asset.video && { codec: asset.video.codec, width: asset.video.displayWidth, height: asset.video.displayHeight, frameRate: asset.video.frameRate },
      audio: asset.audio,
    },
    durationS: roundTo(asset.durationSeconds, 2),
    timeline: {
      sampleS,
      smoothed: Object.fromEntries(
        SMOOTHING_WINDOWS_S.map((w) => [
          String(w),
          {
            teacher: EMOTIONS.map((_, i) => smoothedSamples(seconds.map((s) => (s.teacherCombined ? 100 * s.teacherCombined[i] : null)), w, sampleS)),
            students: EMOTIONS.map((_, i) => smoothedSamples(seconds.map((s) => (s.studentsCombined ? 100 * s.studentsCombined[i] : null)), w, sampleS)),
          },
        ]),
      ),
      talk: seconds.map((s) => (s.speech ? TALK_CODES[s.speech] : ' ')).join(''),
      visibleStudents: seconds.map((s) => s.studentFacesVisible),
      voiceBand: { binS, teacher: voiceBand(seconds, 'teacher', binS), students: voiceBand(seconds, 'students', binS) },
    },
    indicators: lessonIndicators(seconds, voices?.talk ?? null, hasVideo),
    distribution: { teacher: distribution(seconds.map((s) => s.teacherCombined)), students: distribution(seconds.map((s) => s.studentsCombined)) },
    sources: { teacher: sources(seconds, 'teacher'), students: sources(seconds, 'students') },
    keyMoments: keyMoments(seconds, voices?.monologues ?? [], wording),
    quality: {
      faceCoveragePerMinute: hasVideo ? faceCoveragePerMinute(seconds) : [],
      readableFacePct: visible > 0 ? percent(readable, visible) : null,
      snrDb: voices?.quality.estimatedSnrDb === null || voices?.quality.estimatedSnrDb === undefined ? null : roundTo(voices.quality.estimatedSnrDb, 1),
      speechRatioPct: voices ? roundTo(voices.quality.speechRatio * 100, 1) : null,
      levelDb: voices?.quality.levelDb ?? null,
      soundFlags: voices?.quality.flags ?? [],
      people: faces?.people ?? 0,
      voices: voices?.speakers.length ?? 0,
      teacherFace: faces?.teacherPersonKey ? `${faces.teacherPersonKey}: ${faces.teacherExplanation}${faces.teacherConfirmed ? '' : ' (unconfirmed)'}` : null,
      teacherVoice: describeTeacherVoice(run.summary),
      detector: faces ? (DETECTORS[faces.detector] ?? faces.detector) : null,
      backend: run.tfBackend,
      models: input.models.identities,
      notes: run.notes,
    },
    performance: input.models.performance,
  };
}
