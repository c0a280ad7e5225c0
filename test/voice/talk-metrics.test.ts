import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom, gaussian } from '../../research/random';
import { clusterVoices } from '../../lib/analysis/voice/speaker-clusters';
import { talkMetrics } from '../../lib/analysis/voice/talk-metrics';
import { voiceTimelines } from '../../lib/analysis/voice/timeline';
import { piece, voicesOf } from '../helpers/analysis-builders';

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

test('embedding clustering finds the number of voices by its stopping rule; short segments join the most similar voice', () => {
  // Three synthetic voices: random unit directions, each segment its voice plus noise.
  const random = seededRandom(3);
  const unit = (v: number[]) => {
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const voices = [0, 1, 2].map(() => unit(Array.from({ length: 256 }, () => Math.abs(gaussian(random)))));
  const truth = Array.from({ length: 18 }, (_, k) => k % 3);
  const items = truth.map((voice) => ({ embedding: unit(voices[voice].map((x) => x + 0.03 * gaussian(random))), speechS: 2 + (voice === 0 ? 1 : 0), snrDb: 20 }));
  // Each voice speaks 12–18 s in all (more than MIN_VOICE_SPEECH_S).
  const { labels, centroids } = clusterVoices(items);
  assert.equal(centroids.length, 3);
  for (let a = 0; a < 18; a++) for (let b = 0; b < 18; b++) assert.equal(labels[a] === labels[b], truth[a] === truth[b]);
  assert.equal(labels[0], 0, 'speakers are numbered by speech time');
  // A stopping similarity below every pair merges everything; a segment too short to seed joins its voice.
  assert.equal(clusterVoices(items, -1).centroids.length, 1);
  const short = { embedding: unit(voices[1].map((x) => x + 0.03 * gaussian(random))), speechS: 0.5, snrDb: 20 };
  assert.equal(clusterVoices([...items, short]).labels[18], labels[1]);
});
