import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planChunks } from '../../lib/analysis/chunks';
import { analyseVoiceChunk, enrolVoice, mergeVoiceChunks, relabelTeacher, relinkTeacherByMouth, talkMetrics, voiceTimelines } from '../../lib/analysis/voice';
import { seededRandom } from '../../research/random';
import { loadClips } from '../../research/audio/speech-clips';
import { buildLessonSet, mixAtSnr, readRavdessManifest } from '../../research/voice/constructed-lesson';
import { scoreVoices } from '../../research/voice/scoring';
import { writeWav16 } from '../../research/voice/wav';
import { SPEAKER_ENCODER_MODEL_ID } from '../../lib/analysis/voice/speaker-encoder';
import { applause, hum, musicBed } from '../../research/voice/non-speech-lessons';

const datasetDir = path.resolve('../shared/data/speech/ravdess');
const dir = mkdtempSync(path.join(tmpdir(), 'voice-stage-'));

test('a silent track completes with 0 % speech and is flagged', async () => {
  const wav = path.join(dir, 'silence.wav');
  await writeWav16(wav, new Float32Array(16_000 * 20), 16_000);
  const chunks = await Promise.all(planChunks(20, 10).map((span) => analyseVoiceChunk({ audioPath: wav, ...span }, { emotion: false })));
  const voices = await mergeVoiceChunks(chunks);
  assert.equal(voices.pieces.length, 0);
  assert.equal(voices.speakers.length, 0);
  assert.equal(voices.teacherSpeakerId, null);
  assert.equal(voices.quality.speechRatio, 0);
  assert.ok(voices.quality.flags.includes('no-speech'));
  assert.ok(voices.quality.flags.includes('very-low-level'));
  const metrics = talkMetrics(voices);
  assert.equal(metrics.lesson.silencePct, 100);
  assert.equal(metrics.lesson.teacherTalkPct, 0);
  assert.ok(voiceTimelines(voices).every((s) => s.role === 'none' && !s.speech));
});

test('a clipped track is flagged in the data-quality figures', async () => {
  const wav = path.join(dir, 'clipped.wav');
  const pcm = new Float32Array(16_000 * 5).map((_, i) => 3 * Math.sin((2 * Math.PI * 220 * i) / 16_000));
  await writeWav16(wav, pcm, 16_000);
  const voices = await mergeVoiceChunks([await analyseVoiceChunk({ audioPath: wav, startS: 0, endS: 5 }, { emotion: false })]);
  assert.ok(voices.quality.clippingRatio > 0.5, `clipping ratio ${voices.quality.clippingRatio}`);
  assert.ok(voices.quality.flags.includes('clipping'));
});

test('music, applause and a hum alone are not talk (at most a 1-s blip in 12 s)', async () => {
  for (const [name, sound] of [['music', musicBed(1)], ['applause', applause(2, 12)], ['hum', hum(3)]] as const) {
    const pcm = Float32Array.from({ length: 16_000 * 12 }, (_, i) => sound(i));
    const peak = pcm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const wav = path.join(dir, `${name}.wav`);
    await writeWav16(wav, pcm.map((v) => (0.3 * v) / peak), 16_000);
    const voices = await mergeVoiceChunks([await analyseVoiceChunk({ audioPath: wav, startS: 0, endS: 12 }, { emotion: false })]);
    const talkS = voices.pieces.reduce((sum, p) => sum + p.endS - p.startS, 0);
    assert.ok(talkS <= 1, `${name}: ${talkS.toFixed(2)} s of 12 s taken as talk`);
  }
});

test('a constructed two-speaker lesson gives two speakers and the right teacher', { skip: !existsSync(datasetDir) && 'needs ../shared/data/speech/ravdess' }, async () => {
  const [{ lesson, noise }] = await buildLessonSet({
    datasetDir,
    casts: [['ravdess_17', 'ravdess_18']],
    murmurSpeakers: ['ravdess_01', 'ravdess_02'],
    teacherClips: 24,
    seed: 42,
  });
  const wav = path.join(dir, 'two-speakers.wav');
  // A quiet room (30 dB): at 20 dB and below the encoder does not keep these two actors apart reliably (see the
  // eval:audio figures in lib/analysis/voice/README.md).
  await writeWav16(wav, mixAtSnr(lesson, noise, 30), 16_000);
  const chunks = [];
  for (const span of planChunks(lesson.durationS, 60)) chunks.push(await analyseVoiceChunk({ audioPath: wav, ...span }, { emotion: false }));
  const voices = await mergeVoiceChunks(chunks);
  const score = scoreVoices(lesson, voices);
  assert.equal(voices.speakers.length, 2, `found ${voices.speakers.length} speakers`);
  assert.equal(voices.teacherEvidence, 'dominant-speaker');
  assert.equal(voices.teacherConfirmed, false);
  assert.ok(score.teacherIdentification >= 0.9, `teacher identification ${score.teacherIdentification}`);
  const student = voices.speakers.find((s) => s.id !== voices.teacherSpeakerId)!;
  const relabelled = relabelTeacher(voices, student.id);
  assert.equal(relabelled.teacherEvidence, 'relabel');
  assert.equal(relabelled.speakers.find((s) => s.id === student.id)!.role, 'teacher');
  assert.ok(talkMetrics(relabelled).lesson.teacherTalkPct < talkMetrics(voices).lesson.teacherTalkPct);
  // An enrolled voice sample (10 clips of the teacher's actor, recorded in the same room) confirms the teacher.
  const teacherClips = readRavdessManifest(datasetDir).filter((clip) => clip.speaker === 'ravdess_17').slice(0, 10);
  const sample = (await loadClips(teacherClips)).map((clip) => clip.pcm);
  const enrolment = new Float32Array(sample.reduce((n, pcm) => n + pcm.length, 0));
  sample.reduce((at, pcm) => (enrolment.set(pcm, at), at + pcm.length), 0);
  // Recorded in the same room: the sample gets the lesson's noise at the lesson's SNR.
  const template = JSON.parse(JSON.stringify(await enrolVoice(withNoise(enrolment, noise, 30)))) as Awaited<ReturnType<typeof enrolVoice>>;
  assert.equal(template.model, SPEAKER_ENCODER_MODEL_ID);
  const enrolled = await mergeVoiceChunks(chunks, { teacherVoice: template });
  assert.equal(enrolled.teacherEvidence, 'enrolled-voice');
  assert.equal(enrolled.teacherConfirmed, true);
  assert.equal(enrolled.teacherSpeakerId, voices.teacherSpeakerId, JSON.stringify(enrolled.teacherScores));
  // An enrolment made by another model is not compared: the teacher is only guessed.
  const foreign = await mergeVoiceChunks(chunks, { teacherVoice: { ...template, model: 'another-encoder' } });
  assert.equal(foreign.teacherEvidence, 'dominant-speaker');
  // Every voice has a listening sample of 3–5 s where no other voice is heard.
  for (const speaker of voices.speakers) {
    const sample = speaker.sample!;
    assert.ok(sample.endS - sample.startS <= 5 && sample.endS - sample.startS >= 1, JSON.stringify(sample));
    assert.ok(!voices.pieces.some((p) => p.speaker !== speaker.id && p.startS < sample.endS && p.endS > sample.startS), 'no other voice in the sample');
  }

  // Mouth movement: a reading every second (the face stage with its detector on every frame) of a face whose
  // lips are apart 70 % of the time its owner speaks and 5 % otherwise. The face of the actor who spoke
  // LESS is linked to the quieter voice, overriding the dominant-speaker guess.
  const random = seededRandom(7);
  const studentActor = lesson.students[0];
  const mouth = Array.from({ length: Math.floor(lesson.durationS) }, (_, k) => {
    const t = k + 0.5;
    const speaking = lesson.utterances.some((u) => u.speaker === studentActor && u.speech.some((s) => s.startS <= t && t < s.endS));
    return { t, open: random() < (speaking ? 0.7 : 0.05) ? 0.1 + 0.1 * random() : 0.02 * random() };
  });
  const linked = await mergeVoiceChunks(chunks, { teacherMouthOpenness: mouth });
  assert.equal(linked.teacherEvidence, 'mouth-movement', JSON.stringify(linked.teacherScores));
  assert.equal(linked.teacherSpeakerId, student.id);
  assert.equal(linked.teacherConfirmed, true);
  // Marking that face on the lesson page re-links a guessed voice, never an enrolled one.
  assert.equal(relinkTeacherByMouth(voices, mouth).teacherSpeakerId, student.id);
  assert.equal(relinkTeacherByMouth(enrolled, mouth).teacherSpeakerId, enrolled.teacherSpeakerId);
});

/** `noise` (unit RMS) added `snrDb` below the sample's own power. */
function withNoise(sample: Float32Array, noise: Float32Array, snrDb: number): Float32Array {
  const power = sample.reduce((sum, x) => sum + x * x, 0) / sample.length;
  const gain = Math.sqrt(power / 10 ** (snrDb / 10));
  return sample.map((x, i) => x + gain * noise[i % noise.length]);
}
