import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMOTIONS } from '@/lib/analysis/emotions';
import { readCorpusManifest } from '@/research/ser/corpus';
import { applyPcmAugmentation, TRAINING_AUGMENTATIONS } from '@/research/ser/augment';
import { classificationReport, formatReport } from '@/research/ser/metrics';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ser-corpus-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function manifest(rows: string[]): string {
  const corpus = mkdtempSync(path.join(dir, 'corpus-'));
  writeFileSync(path.join(corpus, 'manifest.csv'), ['path,speaker,sex,emotion,intensity,statement,repetition,duration_s,split', ...rows].join('\r\n') + '\r\n');
  return corpus;
}

test('manifest rows map to the shared labels, calm folding into neutral', () => {
  const corpus = manifest([
    'a/1.flac,s1,F,calm,normal,01,01,3.1,train',
    '"a/2, quoted.flac",s1,F,disgust,strong,01,01,3.1,train',
    'b/3.flac,s2,M,Surprised,normal,01,01,3.1,validation',
    'c/4.flac,s3,M,happy,normal,01,01,3.1,test',
  ]);
  const clips = readCorpusManifest(corpus);
  assert.equal(clips.length, 2 + 1, 'rows of other splits are ignored');
  assert.deepEqual(clips.map((c) => EMOTIONS[c.label]), ['neutral', 'disgusted', 'surprised']);
  assert.equal(clips[1].file, path.join(corpus, 'a/2, quoted.flac'));
  assert.equal(clips[2].split, 'validation');
});

test('a speaker on both sides of the split, or an unknown emotion, is refused', () => {
  assert.throws(() => readCorpusManifest(manifest(['a.flac,s1,F,happy,,,,,train', 'b.flac,s1,F,sad,,,,,validation'])), /both train and validation/);
  assert.throws(() => readCorpusManifest(manifest(['a.flac,s1,F,bored,,,,,train'])), /'bored' has no mapping/);
});

const tone = () => Float32Array.from({ length: 16000 }, (_, i) => 0.1 * Math.sin(i * 0.07));

function measuredSnrDb(augmented: Float32Array, gainDb: number): number {
  const clean = tone().map((v) => v * 10 ** (gainDb / 20));
  let signal = 0;
  let noise = 0;
  augmented.forEach((v, i) => {
    signal += clean[i] ** 2;
    noise += (v - clean[i]) ** 2;
  });
  return 10 * Math.log10(signal / noise);
}

test('noise augmentation hits its SNR and is reproducible', () => {
  const variant = TRAINING_AUGMENTATIONS.find((a) => a.name === 'noise-10dB')!;
  const a = applyPcmAugmentation(tone(), variant, 42);
  assert.deepEqual(a, applyPcmAugmentation(tone(), variant, 42));
  assert.ok(Math.abs(measuredSnrDb(a, variant.gainDb) - 10) < 0.5);
});

test('classroom-noise augmentation hits its SNR, is reproducible and needs other speakers for the murmur', () => {
  const variant = TRAINING_AUGMENTATIONS.find((a) => a.name === 'classroom-10dB')!;
  const murmur = [Float32Array.from({ length: 8000 }, (_, i) => 0.2 * Math.sin(i * 0.031) * Math.sin(i * 0.002))];
  const a = applyPcmAugmentation(tone(), variant, 7, murmur);
  assert.deepEqual(a, applyPcmAugmentation(tone(), variant, 7, murmur));
  assert.notDeepEqual(a, applyPcmAugmentation(tone(), variant, 8, murmur), 'another seed gives other noise');
  assert.ok(Math.abs(measuredSnrDb(a, variant.gainDb) - 10) < 0.5);
  assert.throws(() => applyPcmAugmentation(tone(), variant, 7), /murmur needs at least one clip/);
});

test('classification report computes per-class scores, macro-F1 and the confusion matrix', () => {
  const report = classificationReport([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], ['a', 'b', 'c']);
  assert.deepEqual(report.confusion, [[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
  assert.equal(report.accuracy, 4 / 6);
  assert.deepEqual(report.perClass.map((c) => c.support), [2, 2, 2]);
  assert.equal(report.perClass[1].precision, 2 / 3);
  assert.equal(report.perClass[1].recall, 1);
  assert.ok(Math.abs(report.macroF1 - (0.5 + 0.8 + 2 / 3) / 3) < 1e-12);
  assert.match(formatReport('x', report), /macro-F1 65\.6 %/);
});
