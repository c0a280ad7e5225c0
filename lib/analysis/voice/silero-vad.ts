import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { VOICE_MODEL_DIR } from './models';

/**
 * Silero VAD v5 (MIT; models/voice/README.md), run by onnxruntime-node: speech probability per 32 ms (512
 * samples at 16 kHz, each fed with the 64 samples before it, as the Silero package does). The network is
 * recurrent, so a chunk is cut into STREAMS parts run side by side as one batch (one call per 32 ms step instead
 * of one per stream); each part starts WARMUP_FRAMES early so its state has settled when its own frames begin.
 */
export const SILERO_FRAME = 512;
const CONTEXT = 64;
const STREAMS = 16;
const WARMUP_FRAMES = 32;

let session: Promise<ort.InferenceSession> | undefined;

function loadSilero(): Promise<ort.InferenceSession> {
  session ??= ort.InferenceSession.create(path.join(VOICE_MODEL_DIR, 'silero-vad-v5.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  return session;
}

/** Speech probability of frame k = samples [k·512, (k+1)·512) of `pcm` (16 kHz). */
export async function sileroSpeechProbabilities(pcm: Float32Array): Promise<Float32Array> {
  const model = await loadSilero();
  const frames = Math.ceil(pcm.length / SILERO_FRAME);
  const out = new Float32Array(frames);
  if (frames === 0) return out;
  const perStream = Math.ceil(frames / STREAMS);
  const streams = Math.ceil(frames / perStream);
  const steps = perStream + WARMUP_FRAMES;
  let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * streams * 128), [2, streams, 128]);
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  const input = new Float32Array(streams * (SILERO_FRAME + CONTEXT));
  for (let step = 0; step < steps; step++) {
    for (let s = 0; s < streams; s++) {
      const frame = s * perStream - WARMUP_FRAMES + step;
      const start = frame * SILERO_FRAME - CONTEXT;
      const row = s * (SILERO_FRAME + CONTEXT);
      for (let i = 0; i < SILERO_FRAME + CONTEXT; i++) {
        const at = start + i;
        input[row + i] = at >= 0 && at < pcm.length ? pcm[at] : 0;
      }
    }
    const result = await model.run({ input: new ort.Tensor('float32', input, [streams, SILERO_FRAME + CONTEXT]), state, sr });
    state = result.stateN as ort.Tensor;
    const probabilities = result.output.data as Float32Array;
    for (let s = 0; s < streams; s++) {
      const frame = s * perStream - WARMUP_FRAMES + step;
      if (step >= WARMUP_FRAMES && frame < frames && frame < (s + 1) * perStream) out[frame] = probabilities[s];
    }
  }
  return out;
}
