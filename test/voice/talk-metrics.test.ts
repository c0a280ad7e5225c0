import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agglomerativeClusters } from '../../lib/analysis/voice/clustering';
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
    version: 1, durationS, pieces, turns: lessonTurns(pieces), teacherSpeakerId: 0, teacherEvidence: 'dominant-speaker', teacherConfirmed: false,
    teacherScores: [], speechLevelDbPerSecond: [],
    speakers: [{ id: 0, role: 'teacher', speechS: 0, embedding: [0] }, { id: 1, role: 'student', speechS: 0, embedding: [0] }],
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

test('agglomerative clustering finds the number of groups by its stopping rule', () => {
  const items = [[1, 0.1], [1, -0.1], [0.9, 0], [-1, 0.1], [-1, 0], [0.05, 1], [0, 1.1]].map((vector) => ({ vector, weight: 1 }));
  const labels = agglomerativeClusters(items, 0.3);
  assert.equal(new Set(labels).size, 3);
  assert.equal(labels[0], labels[2]);
  assert.notEqual(labels[0], labels[3]);
  assert.equal(new Set(agglomerativeClusters(items, 2.5)).size, 1);
});
