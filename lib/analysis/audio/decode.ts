import { recordingInput, startTool, succeeded } from '../../media/ffmpeg';

/** The sample rate every LessonLens audio analysis runs at. */
export const ANALYSIS_SAMPLE_RATE = 16_000;

export interface DecodeOptions {
  /** Output sample rate in Hz (default 16 kHz). */
  sampleRate?: number;
  /** Samples per yielded chunk when streaming (default 1 s of audio). */
  chunkSamples?: number;
  /** Seek to this offset (seconds) before decoding. */
  startSeconds?: number;
  /** Decode at most this many seconds. */
  durationSeconds?: number;
  /** Extra ffmpeg audio filter graph applied before resampling to mono (e.g. 'volume=0.5'). */
  filter?: string;
}

/**
 * Streams a recording (any container of RECORDING_FORMATS) as mono Float32 PCM chunks at the analysis
 * sample rate. Memory stays bounded: ffmpeg's stdout is consumed with
 * backpressure, so a 45-minute lesson never sits in memory at once.
 * Every yielded chunk has exactly `chunkSamples` samples except the last.
 */
export async function* streamAudio(input: string, options: DecodeOptions = {}): AsyncGenerator<Float32Array> {
  const sampleRate = options.sampleRate ?? ANALYSIS_SAMPLE_RATE;
  const chunkSamples = options.chunkSamples ?? sampleRate;
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error'];
  if (options.startSeconds !== undefined) args.push('-ss', String(options.startSeconds));
  if (options.durationSeconds !== undefined) args.push('-t', String(options.durationSeconds));
  args.push(...recordingInput(input), '-vn', '-sn', '-dn');
  if (options.filter) args.push('-af', options.filter);
  args.push('-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1');

  const ffmpeg = startTool('ffmpeg', args);
  const chunkBytes = chunkSamples * 4;
  let pending = Buffer.alloc(chunkBytes);
  let filled = 0;
  let finished = false;
  try {
    for await (const data of ffmpeg.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < data.length) {
        const take = Math.min(chunkBytes - filled, data.length - offset);
        data.copy(pending, filled, offset, offset + take);
        filled += take;
        offset += take;
        if (filled === chunkBytes) {
          yield toFloat32(pending, filled);
          pending = Buffer.alloc(chunkBytes);
          filled = 0;
        }
      }
    }
    await succeeded(ffmpeg, `ffmpeg failed to decode ${input}`);
    if (filled >= 4) yield toFloat32(pending, filled - (filled % 4));
    finished = true;
  } finally {
    if (!finished) ffmpeg.stop();
  }
}

/** Decodes a whole (short) file into one mono Float32Array at the analysis sample rate. */
export async function decodeAudio(input: string, options: Omit<DecodeOptions, 'chunkSamples'> = {}): Promise<Float32Array> {
  const chunks: Float32Array[] = [];
  let total = 0;
  for await (const chunk of streamAudio(input, { ...options, chunkSamples: 1 << 16 })) {
    chunks.push(chunk);
    total += chunk.length;
  }
  const pcm = new Float32Array(total);
  let at = 0;
  for (const chunk of chunks) {
    pcm.set(chunk, at);
    at += chunk.length;
  }
  return pcm;
}

function toFloat32(buffer: Buffer, byteLength: number): Float32Array {
  // Buffers from Buffer.alloc are 4-byte aligned views we own, so a zero-copy view is safe.
  const samples = new Float32Array(buffer.buffer, buffer.byteOffset, byteLength / 4);
  return byteLength === buffer.length ? samples : samples.slice();
}

/**
 * Decodes one (short) file through several filter graphs in a single ffmpeg
 * run — one output pipe per graph — instead of one process per variant
 * (process start-up dominates for clips of a few seconds). `undefined` means
 * no filter. Results are in the order of `filters`, each identical to
 * `decodeAudio(input, { filter })`.
 */
export async function decodeAudioVariants(input: string, filters: (string | undefined)[], options: { sampleRate?: number } = {}): Promise<Float32Array[]> {
  const sampleRate = options.sampleRate ?? ANALYSIS_SAMPLE_RATE;
  const n = filters.length;
  const graph = [`[0:a:0]asplit=${n}${filters.map((_, i) => `[in${i}]`).join('')}`, ...filters.map((filter, i) => `[in${i}]${filter ?? 'anull'}[out${i}]`)].join(';');
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', ...recordingInput(input), '-filter_complex', graph];
  filters.forEach((_, i) => args.push('-map', `[out${i}]`, '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-acodec', 'pcm_f32le', `pipe:${3 + i}`));
  const ffmpeg = startTool('ffmpeg', args, { outputs: n });
  // Every pipe is drained concurrently: ffmpeg interleaves its outputs and would block on a full one.
  const outputs = ffmpeg.outputs.map((stream) => {
    const parts: Buffer[] = [];
    stream.on('data', (part: Buffer) => parts.push(part));
    return new Promise<Buffer>((resolve, reject) => {
      stream.once('end', () => resolve(Buffer.concat(parts)));
      stream.once('error', reject);
    });
  });
  await succeeded(ffmpeg, `ffmpeg failed to decode ${input}`);
  return (await Promise.all(outputs)).map((bytes) => {
    const samples = new Float32Array(Math.floor(bytes.length / 4));
    Buffer.from(samples.buffer).set(bytes.subarray(0, samples.length * 4));
    return samples;
  });
}
