import type { AudioStreamFacts, VideoStreamFacts } from './stream-facts';
import { runTool } from './ffmpeg';

export type MediaFacts = {
  durationSeconds: number;
  container: string;
  video: VideoStreamFacts | null;
  audio: AudioStreamFacts | null;
};

export type ProbeVerdict = { usable: true; facts: MediaFacts } | { usable: false; reason: string };

type FfprobeStream = {
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

const UNREADABLE =
  'We could not read this file as a video or audio recording. It may be damaged, incomplete, or not a recording at all.';

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

/** Reads the container's own description of its streams (by content, whatever the file is called). */
export async function probeMedia(location: string): Promise<MediaFacts | null> {
  const { code, stdout } = await runTool('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', location]);
  if (code !== 0) return null;
  const parsed = JSON.parse(stdout.toString()) as FfprobeOutput;
  const streams = parsed.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic && (s.width ?? 0) > 0);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const duration = Number(parsed.format?.duration);
  return {
    durationSeconds: Number.isFinite(duration) ? duration : 0,
    container: parsed.format?.format_name ?? 'unknown',
    video: video ? videoFacts(video) : null,
    audio: audio
      ? { codec: audio.codec_name ?? 'unknown', sampleRate: Number(audio.sample_rate ?? 0), channels: audio.channels ?? 0 }
      : null,
  };
}

/** A file whose header promises more than it holds (cut off mid-upload) fails to decode its last seconds. */
async function endIsDecodable(location: string, durationSeconds: number): Promise<boolean> {
  const start = Math.max(0, durationSeconds - 2).toFixed(3);
  const { code, stderr } = await runTool('ffmpeg', ['-nostdin', '-v', 'error', '-ss', start, '-i', location, '-t', '1', '-f', 'null', '-']);
  return code === 0 && !/Invalid data|partial file|error while decoding/i.test(stderr);
}

function formatHours(seconds: number): string {
  const hours = seconds / 3600;
  return hours >= 1 ? `${hours.toFixed(1).replace(/\.0$/, '')} h` : `${Math.round(seconds / 60)} min`;
}

/** Decides whether a stored file can be analysed; the reason is written for the teacher. */
export async function judgeRecording(location: string, sizeBytes: number, maxDurationSeconds: number): Promise<ProbeVerdict> {
  if (sizeBytes === 0) return { usable: false, reason: 'The file is empty (0 bytes). Please choose the recording again.' };
  const facts = await probeMedia(location);
  if (!facts) return { usable: false, reason: UNREADABLE };
  if (!facts.video && !facts.audio) {
    return { usable: false, reason: 'This file has neither a picture nor a sound track, so there is nothing to analyse.' };
  }
  if (facts.durationSeconds <= 0) return { usable: false, reason: UNREADABLE };
  if (facts.durationSeconds > maxDurationSeconds) {
    return {
      usable: false,
      reason: `This recording is ${formatHours(facts.durationSeconds)} long; recordings up to ${formatHours(maxDurationSeconds)} can be analysed. Please trim it and upload again.`,
    };
  }
  if (!(await endIsDecodable(location, facts.durationSeconds))) {
    return { usable: false, reason: 'The recording seems to be cut off before its end (the file is incomplete). Please upload the full file.' };
  }
  return { usable: true, facts };
}
