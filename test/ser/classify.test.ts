import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeAudio } from '@/lib/analysis/audio';
import { EMOTIONS } from '@/lib/analysis/emotions';
import { classifyUtterance, classifyUtterances } from '@/lib/analysis/ser/classify';
import { readCorpusManifest } from '@/research/ser/corpus';

const SR = 16_000;
const RAVDESS = path.resolve('../shared/data/speech/ravdess');
const needsData = !existsSync(path.join(RAVDESS, 'manifest.csv')) && 'needs ../shared/data/speech/ravdess (validation clips)';
const metrics = JSON.parse(readFileSync(new URL('../../models/ser/metrics.json', import.meta.url), 'utf8')) as {
  network: { validation: { accuracy: number } };
  speakerNormalised: { network: { validation: { accuracy: number } } };
};

/** A voiced, speech-like 2 s signal: harmonic glide with syllable-rate amplitude modulation. */
function voiceLike(): Float32Array {
  let phase = 0;
  return Float32Array.from({ length: 2 * SR }, (_, i) => {
    phase += (2 * Math.PI * (140 + 30 * Math.sin((2 * Math.PI * 0.7 * i) / SR))) / SR;
    let v = 0;
    for (let k = 1; k <= 10; k++) v += Math.sin(k * phase) / k;
    return 0.1 * v * (0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * i) / SR));
  });
}

test('shipped model gives probabilities over the seven labels that sum to 1', async () => {
  const result = await classifyUtterance(voiceLike(), SR);
  assert.equal(result.kind, 'speech');
  if (result.kind !== 'speech') return;
  assert.equal(result.probabilities.length, EMOTIONS.length);
  assert.ok(result.probabilities.every((p) => p >= 0 && p <= 1));
  assert.ok(Math.abs(result.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.equal(result.confidence, Math.max(...result.probabilities));
  assert.equal(result.emotion, EMOTIONS[result.probabilities.indexOf(result.confidence)]);
  assert.ok(result.quality.speechRatio > 0.9 && result.quality.levelDb > -30);
});

test('silence, a 0.2 s snippet and unvoiced noise are "no speech", not a guess', async () => {
  const silent = await classifyUtterance(new Float32Array(3 * SR), SR);
  assert.deepEqual([silent.kind, silent.kind === 'no-speech' && silent.reason], ['no-speech', 'too-quiet']);
  const short = await classifyUtterance(voiceLike().subarray(0, 0.2 * SR), SR);
  assert.deepEqual([short.kind, short.kind === 'no-speech' && short.reason], ['no-speech', 'too-short']);
  let s = 1;
  const hiss = Float32Array.from({ length: 3 * SR }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.2);
  const noise = await classifyUtterance(hiss, SR);
  assert.deepEqual([noise.kind, noise.kind === 'no-speech' && noise.reason], ['no-speech', 'no-voiced-frames']);
  await assert.rejects(classifyUtterance(voiceLike(), 44_100), /expects 16000 Hz/);
});

test('classifyUtterances keeps input order and falls back to the global model with too few speech turns', async () => {
  const turns = [voiceLike(), new Float32Array(SR), voiceLike().subarray(0, SR)];
  const result = await classifyUtterances(turns, SR, { speakerNormalise: true });
  assert.equal(result.normalisation, 'global');
  assert.deepEqual(result.utterances.map((u) => u.kind), ['speech', 'no-speech', 'speech']);
  assert.deepEqual(result.utterances[0], await classifyUtterance(turns[0], SR));
  assert.deepEqual(result.utterances[2], await classifyUtterance(turns[2], SR));
});

test('accuracy on the validation speakers matches metrics.json within 2 points, globally and speaker-normalised', { skip: needsData }, async () => {
  const clips = readCorpusManifest(RAVDESS).filter((c) => c.split === 'validation');
  const pcms = await Promise.all(clips.map((clip) => decodeAudio(clip.file)));
  let correct = 0;
  for (const [i, clip] of clips.entries()) {
    const result = await classifyUtterance(pcms[i], SR);
    if (result.kind === 'speech' && result.emotion === EMOTIONS[clip.label]) correct++;
  }
  const accuracy = correct / clips.length;
  const recorded = metrics.network.validation.accuracy;
  assert.ok(Math.abs(accuracy - recorded) <= 0.02, `accuracy ${accuracy.toFixed(4)} vs metrics.json ${recorded.toFixed(4)}`);

  let speakerCorrect = 0;
  for (const speaker of new Set(clips.map((clip) => clip.speaker))) {
    const own = clips.flatMap((clip, i) => (clip.speaker === speaker ? [i] : []));
    const { normalisation, utterances } = await classifyUtterances(own.map((i) => pcms[i]), SR, { speakerNormalise: true });
    assert.equal(normalisation, 'speaker');
    utterances.forEach((u, k) => u.kind === 'speech' && u.emotion === EMOTIONS[clips[own[k]].label] && speakerCorrect++);
  }
  const speakerAccuracy = speakerCorrect / clips.length;
  const speakerRecorded = metrics.speakerNormalised.network.validation.accuracy;
  assert.ok(Math.abs(speakerAccuracy - speakerRecorded) <= 0.02, `speaker-normalised accuracy ${speakerAccuracy.toFixed(4)} vs metrics.json ${speakerRecorded.toFixed(4)}`);
});
