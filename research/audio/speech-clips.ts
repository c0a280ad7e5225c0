import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TimeSpan } from '../../lib/analysis/chunks';
import { ANALYSIS_SAMPLE_RATE, decodeAudio } from '../../lib/analysis/audio/decode';
import { startTool, succeeded } from '../../lib/media/ffmpeg';

/**
 * Short speech clips (corpus recordings) loaded for mixing: decoded to the
 * analysis rate and trimmed to their speech, which is found on the clean
 * recording. Used to build evaluation lessons and the murmur of synthetic
 * classroom noise.
 */

export interface TrimmedSpeech {
  /** Clip trimmed to its speech plus a 0.1 s margin each side. */
  pcm: Float32Array;
  /** Speech inside the trimmed clip, seconds from its start. */
  speech: TimeSpan[];
}

/** Any clip described by its file (a manifest row); loading adds its trimmed speech. */
export type LoadedClip<T extends { file: string }> = T & TrimmedSpeech;

const MARGIN_S = 0.1;

/** Trims a decoded clip to its speech (found on the clean recording) plus a margin. */
function trimClip<T extends { file: string }>(clip: T, full: Float32Array): LoadedClip<T> {
  const spans = cleanSpeechSpans(full, ANALYSIS_SAMPLE_RATE);
  if (spans.length === 0) throw new Error(`no speech found in ${clip.file}`);
  const from = Math.max(0, spans[0].startS - MARGIN_S);
  const to = Math.min(full.length / ANALYSIS_SAMPLE_RATE, spans[spans.length - 1].endS + MARGIN_S);
  const pcm = full.slice(Math.round(from * ANALYSIS_SAMPLE_RATE), Math.round(to * ANALYSIS_SAMPLE_RATE));
  return { ...clip, pcm, speech: spans.map((s) => ({ startS: s.startS - from, endS: s.endS - from })) };
}

async function loadClip<T extends { file: string }>(clip: T): Promise<LoadedClip<T>> {
  return trimClip(clip, await decodeAudio(clip.file));
}

/**
 * Loads many clips with one ffmpeg run (process start-up, not decoding,
 * dominated when every clip had its own: 73 s for ~1,000 clips): the clips
 * are decoded back to back through ffmpeg's concat demuxer and cut apart by
 * the sample counts in their FLAC headers. Clips that are not 16 kHz mono
 * FLAC with a known length are decoded one by one.
 */
export async function loadClips<T extends { file: string }>(clips: T[]): Promise<LoadedClip<T>[]> {
  const lengths = await Promise.all(clips.map((clip) => flacSampleCount(clip.file)));
  const batch = clips.flatMap((clip, i) => (lengths[i] === null ? [] : [i]));
  const out: LoadedClip<T>[] = new Array(clips.length);
  if (batch.length > 0) {
    const dir = await mkdtemp(path.join(tmpdir(), 'lessonlens-clips-'));
    try {
      const list = path.join(dir, 'clips.txt');
      await writeFile(list, batch.map((i) => `file '${clips[i].file.replaceAll("'", "'\\''")}'`).join('\n'));
      const all = await decodeConcatList(list);
      const expected = batch.reduce((sum, i) => sum + lengths[i]!, 0);
      if (all.length !== expected) throw new Error(`batch decode gave ${all.length} samples, the FLAC headers say ${expected}`);
      let at = 0;
      for (const i of batch) {
        out[i] = trimClip(clips[i], all.subarray(at, at + lengths[i]!));
        at += lengths[i]!;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  for (const [i, clip] of clips.entries()) if (lengths[i] === null) out[i] = await loadClip(clip);
  return out;
}

/** Decodes the files of an ffmpeg concat list back to back as mono Float32 PCM at the analysis rate. */
async function decodeConcatList(list: string): Promise<Float32Array> {
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-protocol_whitelist', 'file', '-f', 'concat', '-safe', '0', '-i', list, '-vn', '-ac', '1', '-ar', String(ANALYSIS_SAMPLE_RATE), '-f', 'f32le', 'pipe:1'];
  const ffmpeg = startTool('ffmpeg', args);
  const parts: Buffer[] = [];
  for await (const data of ffmpeg.stdout as AsyncIterable<Buffer>) parts.push(data);
  await succeeded(ffmpeg, 'ffmpeg failed on the clip list');
  const bytes = Buffer.concat(parts);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length - (bytes.length % 4)));
}

/** Total samples from a FLAC file's STREAMINFO when it is 16 kHz mono with a known length, else null. */
async function flacSampleCount(file: string): Promise<number | null> {
  if (!file.toLowerCase().endsWith('.flac')) return null;
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(26);
    await handle.read(header, 0, 26, 0);
    if (header.toString('latin1', 0, 4) !== 'fLaC' || (header[4] & 0x7f) !== 0) return null;
    const info = 8;
    const sampleRate = (header[info + 10] << 12) | (header[info + 11] << 4) | (header[info + 12] >> 4);
    const channels = ((header[info + 12] >> 1) & 0x07) + 1;
    const samples = (header[info + 13] & 0x0f) * 2 ** 32 + header.readUInt32BE(info + 14);
    return sampleRate === ANALYSIS_SAMPLE_RATE && channels === 1 && samples > 0 ? samples : null;
  } finally {
    await handle.close();
  }
}

/**
 * Speech in a clean studio clip: 10 ms frames louder than both 35 dB below
 * the clip's loudest frame and 12 dB above its quietest tenth, gaps under
 * 0.25 s bridged, blips under 80 ms dropped.
 */
export function cleanSpeechSpans(pcm: Float32Array, sampleRate: number): TimeSpan[] {
  const hop = Math.round(sampleRate * 0.01);
  const frames = Math.floor(pcm.length / hop);
  const db = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) sum += pcm[i] * pcm[i];
    db[f] = 10 * Math.log10(sum / hop + 1e-12);
  }
  const sorted = Array.from(db).sort((a, b) => a - b);
  const floor = sorted[Math.floor(sorted.length * 0.1)];
  const threshold = Math.max(sorted[sorted.length - 1] - 35, floor + 12);
  const spans: TimeSpan[] = [];
  for (let f = 0; f < frames; f++) {
    if (db[f] < threshold) continue;
    const startS = f * 0.01;
    const last = spans[spans.length - 1];
    if (last && startS - last.endS < 0.25) last.endS = startS + 0.01;
    else spans.push({ startS, endS: startS + 0.01 });
  }
  return spans.filter((s) => s.endS - s.startS >= 0.08);
}
