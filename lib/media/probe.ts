import type { AudioStreamFacts, VideoStreamFacts } from './stream-facts';
import { recordingInput, runTool } from './ffmpeg';
import { formatDuration } from '../format';
import { describeNonRecording } from './sniff';

export type MediaFacts = {
  durationSeconds: number;
  container: string;
  video: VideoStreamFacts | null;
  audio: AudioStreamFacts | null;
};

/** `note` tells the teacher about a usable recording that is not whole (its end is missing). */
export type ProbeVerdict = { usable: true; facts: MediaFacts; note?: string } | { usable: false; reason: string };

type FfprobeStream = {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
};
type FfprobeOutput = { format?: { format_name?: string; duration?: string }; streams?: FfprobeStream[] };

/** What the container says about itself, plus which streams the analysis would read. */
type ContainerFacts = MediaFacts & { videoIndex: number | null; audioIndex: number | null };

const UNREADABLE =
  'We could not read this file as a video or audio recording. It may be damaged, incomplete, or not a recording at all.';
const NOT_ALLOWED_FORMAT =
  'This file is not in a recording format LessonLens accepts. Recordings in MP4, MOV, M4A, MKV, WebM, AVI, MPEG, MPEG-TS, WMV, MP3, WAV, OGG, AAC or FLAC can be analysed.';

/** How long ffprobe/ffmpeg may look at one file while a teacher waits for the verdict. */
const CHECK_TIMEOUT_MS = 5 * 60_000;
/** A difference between the packets and the claimed length within this (or this share of it) is rounding, not a cut-off file or a lie. */
const MISSING_TOLERANCE_S = 1;
const MISSING_TOLERANCE_SHARE = 0.02;
/** A file missing more than this share of what it claims is an incomplete copy: refused, not analysed in part (less is analysed, with a note). */
const MAX_MISSING_SHARE = 0.25;

function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [num, den] = rate.split('/').map(Number);
  const value = den ? num / den : num;
  return Number.isFinite(value) && value > 0 ? value : null;
}

function videoFacts(stream: FfprobeStream): VideoStreamFacts {
  const sideRotation = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const rotation = ((Math.round(sideRotation ?? Number(stream.tags?.rotate ?? 0)) % 360) + 360) % 360;
  const nominal = parseRate(stream.r_frame_rate);
  const average = parseRate(stream.avg_frame_rate);
  const [sarNum, sarDen] = (stream.sample_aspect_ratio ?? '1:1').split(':').map(Number);
  const storedWidth = Math.round((stream.width ?? 0) * (sarNum > 0 && sarDen > 0 ? sarNum / sarDen : 1));
  const quarterTurn = rotation % 180 === 90;
  return {
    codec: stream.codec_name ?? 'unknown',
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    rotation,
    displayWidth: quarterTurn ? (stream.height ?? 0) : storedWidth,
    displayHeight: quarterTurn ? storedWidth : (stream.height ?? 0),
    frameRate: average ?? nominal,
    variableFrameRate: nominal !== null && average !== null && Math.abs(nominal - average) / nominal > 0.01,
  };
}

async function probeContainer(location: string): Promise<ContainerFacts | 'not-allowed' | null> {
  const { code, stdout, stderr } = await runTool('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', ...recordingInput(location)], {
    timeoutMs: CHECK_TIMEOUT_MS,
  });
  if (code !== 0) return /not on whitelist/.test(stderr) ? 'not-allowed' : null;
  const parsed = JSON.parse(stdout.toString()) as FfprobeOutput;
  const streams = parsed.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic && (s.width ?? 0) > 0);
  const audio = streams.find((s) => s.codec_type === 'audio' && (s.channels ?? 0) > 0);
  const duration = Number(parsed.format?.duration);
  return {
    durationSeconds: Number.isFinite(duration) ? duration : 0,
    container: parsed.format?.format_name ?? 'unknown',
    video: video ? videoFacts(video) : null,
    audio: audio
      ? { codec: audio.codec_name ?? 'unknown', sampleRate: Number(audio.sample_rate ?? 0), channels: audio.channels ?? 0 }
      : null,
    videoIndex: video?.index ?? null,
    audioIndex: audio?.index ?? null,
  };
}

/** Reads the container's own description of its streams (by content, whatever the file is called); null when it is not a readable recording. */
export async function probeMedia(location: string): Promise<MediaFacts | null> {
  const facts = await probeContainer(location);
  if (!facts || facts === 'not-allowed') return null;
  return withoutIndices(facts);
}

function withoutIndices({ videoIndex: _video, audioIndex: _audio, ...facts }: ContainerFacts): MediaFacts {
  return facts;
}

function streamMaps(facts: ContainerFacts): string[] {
  return [facts.videoIndex, facts.audioIndex].flatMap((index) => (index === null ? [] : ['-map', `0:${index}`]));
}

/**
 * How many seconds of the analysed streams the file really holds, from the
 * timestamps of its packets (read, not decoded, so a 4-hour file takes
 * seconds). Headers and bitrate estimates can claim anything: a file cut off
 * mid-upload claims its whole length, an MP3 of 10 s at a high bitrate
 * followed by hours at a low one claims minutes. Reading stops just past
 * `limitSeconds`.
 */
async function readableSeconds(location: string, facts: ContainerFacts, limitSeconds: number): Promise<number> {
  const { stdout } = await runTool(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1', ...recordingInput(location), ...streamMaps(facts), '-c', 'copy', '-t', String(limitSeconds + 1), '-f', 'null', '-'],
    { timeoutMs: CHECK_TIMEOUT_MS },
  );
  const times = [...stdout.toString().matchAll(/^out_time_us=(\d+)$/gm)];
  return times.length ? Number(times[times.length - 1][1]) / 1e6 : 0;
}

/** The first seconds decode to pictures and sound (a known container can still hold a codec ffmpeg cannot decode). */
async function startIsDecodable(location: string, facts: ContainerFacts): Promise<boolean> {
  const { code } = await runTool('ffmpeg', ['-nostdin', '-v', 'error', ...recordingInput(location), ...streamMaps(facts), '-t', '2', '-f', 'null', '-'], {
    timeoutMs: CHECK_TIMEOUT_MS,
  });
  return code === 0;
}

function formatLimit(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1).replace(/\.0$/, '')} h`;
}

/**
 * Decides whether a stored file can be analysed; the reason and the note are
 * written for the teacher. The facts' duration is what the file really holds
 * (never more than `maxDurationSeconds`), so every later extraction is
 * bounded by it.
 */
export async function judgeRecording(location: string, sizeBytes: number, maxDurationSeconds: number): Promise<ProbeVerdict> {
  if (sizeBytes === 0) return { usable: false, reason: 'The file is empty (0 bytes). Please choose the recording again.' };
  const nonRecording = await describeNonRecording(location);
  if (nonRecording) return { usable: false, reason: nonRecording };
  const container = await probeContainer(location);
  if (container === 'not-allowed') return { usable: false, reason: NOT_ALLOWED_FORMAT };
  if (!container) return { usable: false, reason: UNREADABLE };
  if (!container.video && !container.audio) {
    return { usable: false, reason: 'This file has neither a picture nor a sound track, so there is nothing to analyse.' };
  }
  const readable = await readableSeconds(location, container, maxDurationSeconds);
  if (readable > maxDurationSeconds) {
    return {
      usable: false,
      reason: `Recordings up to ${formatLimit(maxDurationSeconds)} long can be analysed, and this one is longer. Please trim it and upload again.`,
    };
  }
  if (readable <= 0 || !(await startIsDecodable(location, container))) return { usable: false, reason: UNREADABLE };

  const claimed = container.durationSeconds;
  const missing = claimed - readable;
  const tolerance = Math.max(MISSING_TOLERANCE_S, MISSING_TOLERANCE_SHARE * claimed);
  // Within the tolerance the container's own figure stands (packets overshoot it by their padding: 4.032 s of AAC frames for 4 s).
  const durationSeconds = Math.abs(missing) <= tolerance ? claimed : readable;
  let note: string | undefined;
  if (missing > tolerance) {
    if (missing > MAX_MISSING_SHARE * claimed) {
      return {
        usable: false,
        reason: `The recording is cut off: only the first ${formatDuration(readable)} of its ${formatDuration(claimed)} could be read (the file is incomplete). Please upload the whole file.`,
      };
    }
    note = `The end of the recording is missing: the file claims ${formatDuration(claimed)} but only the first ${formatDuration(readable)} could be read, so the analysis covers that part.`;
  }
  return { usable: true, facts: { ...withoutIndices(container), durationSeconds }, note };
}
