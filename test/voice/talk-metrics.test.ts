import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bicClusters } from '../../lib/analysis/voice/clustering';
import { seededRandom, gaussian } from '../../research/random';
import { decodeGaussian, encodeGaussian, FrameStatistics, GAUSSIAN_DIMS } from '../../lib/analysis/voice/speaker-gaussian';
import { lessonTurns } from '../../lib/analysis/voice/merge';
import { talkMetrics } from '../../lib/analysis/voice/talk-metrics';
import { voiceTimelines } from '../../lib/analysis/voice/timeline';
import type { LessonPiece, LessonVoices } from '../../lib/analysis/voice/types';

const piece = (speaker: number, startS: number, endS: number, finalPitchSlope: number | null = null): LessonPiece => ({
  speaker, startS, endS, localSpeaker: 0, embedding: [0], levelDb: -20, medianF0Hz: 120, finalPitchSlope,
  emotions: [{ startS, endS, probabilities: [1, 0, 0, 0, 0, 0, 0], confidence: 1 }],
});

function voicesOf(pieces: LessonPiece[], durationS: number): LessonVoices {
  return {
    version: 3, durationS, pieces, turns: lessonTurns(pieces), teacherSpeakerId: 0, teacherEvidence: 'dominant-speaker', teacherConfirmed: false,
    teacherScores: [], speechLevelDbPerSecond: [],
    speakers: [{ id: 0, role: 'teacher', speechS: 0, embedding: [0], emotionNormalisation: null }, { id: 1, role: 'student', speechS: 0, embedding: [0], emotionNormalisation: null }],
    quality: { estimatedSnrDb: null, speechRatio: 0, clippingRatio: 0, levelDb: null, flags: [] },
  };
}

test('talk shares, student turns, wait time after a rising teacher turn, longest monologue', () => {
  // Teacher 0–10 s (two pieces, 1 s pause, rising end), student answers after 2 s (12–14 s),
  // teacher 15–20 s (flat end), student 20–21 s; 40 s lesson.
  const voices = voicesOf([piece(0, 0, 4), piece(0, 5, 10, 6), piece(1, 12, 14), piece(0, 15, 20, -1), piece(1, 20, 21)], 40);
  const { lesson, windows } = talkMetrics(voices, 0, 20);
  assert.equal(lesson.teacherTalkPct, 35);
  assert.equal(lesson.studentTalkPct, 7.5);
  assert.equal(lesson.overlapPct, 0);
  assert.equal(lesson.silencePct, 57.5);
  assert.equal(lesson.studentTurns, 2);
  assert.equal(lesson.medianStudentTurnS, 1.5);
  assert.equal(lesson.questionLikeTeacherTurns, 1);
  assert.equal(lesson.medianWaitTimeS, 2);
  assert.equal(lesson.longestTeacherMonologueS, 10);
  assert.equal(windows.length, 2);
  assert.equal(windows[1].studentTurns, 1);
  assert.equal(windows[1].teacherTalkPct, 0);
});

test('a question the teacher answers themself is unanswered', () => {
  const voices = voicesOf([piece(0, 0, 3, 8), piece(0, 7, 9), piece(1, 10, 11)], 12);
  const { lesson } = talkMetrics(voices, 0);
  assert.equal(lesson.questionLikeTeacherTurns, 1);
  assert.equal(lesson.answeredQuestions, 0);
});

test('per-second timeline gives roles and group emotion', () => {
  const timeline = voiceTimelines(voicesOf([piece(0, 0, 2), piece(1, 3, 4)], 5), 0);
  assert.deepEqual(timeline.map((s) => s.role), ['teacher', 'teacher', 'none', 'student', 'none']);
  assert.deepEqual(timeline[0].teacher.probabilities, [1, 0, 0, 0, 0, 0, 0]);
  assert.equal(timeline[0].students.probabilities, null);
  assert.equal(timeline[3].students.speechS, 1);
});

test('BIC clustering finds the number of voices by its stopping rule, and speaker models survive JSON', () => {
  // Three synthetic "voices": Gaussians with different means and spreads; six 2 s pieces of each.
  const random = seededRandom(3);
  const voices = [0, 1, 2].map((v) => ({ mean: Array.from({ length: GAUSSIAN_DIMS }, (_, i) => (v === 1 ? 1.5 : v === 2 ? -1.5 : 0) * Math.cos(i + v)), spread: 1 + v * 0.5 }));
  const frames = 125;
  const truth: number[] = [];
  const cepstra = new Float32Array(18 * frames * GAUSSIAN_DIMS);
  for (let piece = 0; piece < 18; piece++) {
    const voice = piece % 3;
    truth.push(voice);
    for (let f = 0; f < frames; f++) for (let i = 0; i < GAUSSIAN_DIMS; i++) cepstra[(piece * frames + f) * GAUSSIAN_DIMS + i] = voices[voice].mean[i] + voices[voice].spread * gaussian(random);
  }
  const statistics = new FrameStatistics(cepstra, 18 * frames);
  const pieces = truth.map((_, piece) => decodeGaussian(JSON.parse(JSON.stringify(encodeGaussian(statistics.gaussian(piece * frames, (piece + 1) * frames))))));
  const labels = bicClusters(pieces, { penalty: 1, minFrames: 50 });
  assert.equal(new Set(labels).size, 3);
  for (let a = 0; a < 18; a++) for (let b = 0; b < 18; b++) assert.equal(labels[a] === labels[b], truth[a] === truth[b]);
  // A huge penalty merges everything; pieces too short for a covariance join the nearest cluster.
  assert.equal(new Set(bicClusters(pieces, { penalty: 1000, minFrames: 50 })).size, 1);
  const short = statistics.gaussian(1 * frames, 1 * frames + 20);
  assert.equal(bicClusters([...pieces, short], { penalty: 1, minFrames: 50 })[18], labels[1]);
});
