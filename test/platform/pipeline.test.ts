import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { generateRecording, HAMILTON_CLIP, hasSharedData, NEEDS_SHARED_DATA, scratchDir, SHARED_DATA } from '../helpers/fixtures';

process.env.LESSONLENS_MEDIA_DIR = scratchDir('lessonlens-media-');

const { eq } = await import('drizzle-orm');
const { getDb } = await import('../../lib/db/client');
const { runStages, voiceTemplates } = await import('../../lib/db/schema');
const { decodeAudio } = await import('../../lib/analysis/audio/decode');
const { enrolVoice } = await import('../../lib/analysis/voice/enrol');
const { VOICE_TEMPLATE_MODEL } = await import('../../lib/analysis/voice/template-model');
const { OLD_VOICE_MODEL_NOTE } = await import('../../lib/biometrics/templates');
const { getRun, listLessonPeople, listLessonSeconds } = await import('../../lib/db/queries');
const { receiveUpload } = await import('../../lib/lessons/upload');
const { applyTeacherChange } = await import('../../lib/results/relabel');
const { getStorage } = await import('../../lib/storage');
const { useTestDatabase } = await import('../helpers/database');
const { demoSchool } = await import('../helpers/fixtures');

useTestDatabase();

let worker: ChildProcess | undefined;
after(() => {
  worker?.kill('SIGKILL');
});

async function analyse(file: string) {
  worker ??= spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], { env: process.env, stdio: 'ignore' });
  const { owner, newLesson } = await demoSchool();
  const lesson = await newLesson(path.basename(file));
  const upload = await receiveUpload({ lessonId: lesson.id, uploadedBy: owner.id, originalName: path.basename(file), body: createReadStream(file) });
  assert.ok(upload.accepted);
  for (let i = 0; i < 600; i++) {
    const run = await getRun(upload.runId);
    if (run && (run.status === 'succeeded' || run.status === 'failed')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const run = (await getRun(upload.runId))!;
  assert.equal(run.status, 'succeeded', run.error ?? '');
  const stages = await getDb().select().from(runStages).where(eq(runStages.runId, run.id));
  const statusOf = (stage: string) => stages.filter((s) => s.stage === stage).map((s) => s.status);
  return { run, statusOf, people: await listLessonPeople(run.id), seconds: await listLessonSeconds(run.id) };
}

test('a video without faces completes with "no faces found" and coverage 0', async () => {
  const file = generateRecording(path.join(scratchDir(), 'no-faces.mp4'), { seconds: 4 });
  const { run, statusOf, people, seconds } = await analyse(file);
  assert.deepEqual(statusOf('faces'), ['done']);
  assert.equal(run.summary.faces?.coverage, 0);
  assert.equal(run.summary.faces?.people, 0);
  assert.equal(people.length, 0);
  assert.ok(run.notes.some((n) => /No faces were found/.test(n)), run.notes.join(' | '));
  assert.equal(run.tfBackend, 'wasm');
  assert.equal(seconds.length, 4);
  assert.ok(seconds.every((s) => s.teacherFace === null && s.studentFacesVisible === 0));
});

/** The files back to back as one mono AAC recording. */
function concatenate(files: string[], name: string): string {
  const dir = scratchDir();
  const list = path.join(dir, 'list.txt');
  writeFileSync(list, files.map((f) => `file '${f}'`).join('\n'));
  const file = path.join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-ac', '1', '-c:a', 'aac', file]);
  return file;
}

test('an audio-only upload completes with voice results and no face stage', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const actor = path.join(SHARED_DATA, 'speech/ravdess/Actor_18');
  const clips = readdirSync(actor).filter((f) => f.endsWith('.flac')).slice(0, 4);
  const file = concatenate(clips.map((c) => path.join(actor, c)), 'voice.m4a');

  const { run, statusOf, seconds } = await analyse(file);
  assert.deepEqual(statusOf('poster'), ['skipped']);
  assert.deepEqual(statusOf('faces'), ['skipped']);
  assert.deepEqual(statusOf('voices'), ['done']);
  assert.equal(run.summary.faces, undefined, 'no face results');
  assert.ok(run.notes.some((n) => /no picture, so faces were not analysed/.test(n)));
  assert.equal(run.notes.filter((n) => /no picture/.test(n)).length, 1, 'the teacher is told once');
  const voices = run.summary.voices!;
  assert.ok(voices.speakers.length >= 1);
  // RAVDESS clips are about half speech, half leading and trailing silence.
  const speechPct = voices.talk.teacherTalkPct + voices.talk.studentTalkPct;
  assert.ok(speechPct > 30 && speechPct < 90, `speech share ${speechPct} %`);
  assert.ok(seconds.some((s) => s.speech === 'teacher' || s.speech === 'student'));
  // Four utterances are too few to judge a voice's emotion: no confident label, and the page says so.
  assert.ok(voices.speakers.every((s) => s.notEnoughSpeech), JSON.stringify(voices.speakers));
  assert.ok(seconds.every((s) => s.teacherVoice === null && s.studentsVoice === null), 'no emotion from too little speech');
});

test('a long recording in which only one voice is found says that student talk may be counted as the teacher’s', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const actor = path.join(SHARED_DATA, 'speech/ravdess/Actor_18');
  // Neutral and calm clips (emotion 01/02), five times over: one steady voice, about 100 s of speech.
  const calm = readdirSync(actor).filter((f) => /^03-01-0[12]-.*\.flac$/.test(f)).map((f) => path.join(actor, f));
  const { run, seconds } = await analyse(concatenate(Array.from({ length: 5 }, () => calm).flat(), 'one-voice.m4a'));
  assert.equal(run.summary.voices!.speakers.length, 1);
  assert.ok(seconds.some((s) => Array.isArray(s.teacherVoice)), 'enough speech for voice emotion per second');
  assert.ok(run.notes.some((n) => /Only one voice was told apart/.test(n)), run.notes.join(' | '));
});

test('a silent sound track completes with 0 % speech', async () => {
  const file = path.join(scratchDir(), 'silence.wav');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '6', file]);
  const { run, seconds } = await analyse(file);
  assert.equal(run.summary.voices?.quality.speechRatio, 0);
  assert.equal(run.summary.voices?.talk.silencePct, 100);
  assert.ok(seconds.every((s) => s.speech === 'none'));
  assert.ok(run.notes.some((n) => /No speech was found/.test(n)));
});

test('marking another face as the teacher gives them the face crop and deletes the former teacher’s', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const { run, people } = await analyse(HAMILTON_CLIP);
  const storage = getStorage();
  const teacher = people.find((p) => p.role === 'teacher');
  const other = people.find((p) => p.role !== 'teacher');
  assert.ok(teacher?.thumbnailKey && other, `a teacher with a crop and another person (${people.length} people)`);
  assert.equal(other.thumbnailKey, null, 'students get no crop under the default settings');
  assert.ok(await storage.size(teacher.thumbnailKey));

  const changed = await applyTeacherChange(run.id, { personKey: other.personKey }, run.requestedBy);
  assert.equal(changed.problem, null);
  assert.ok('reportVersionId' in changed && changed.reportVersionId, 'a report version is reserved with the change');
  const after = await listLessonPeople(run.id);
  const newTeacher = after.find((p) => p.personKey === other.personKey)!;
  assert.equal(newTeacher.role, 'teacher');
  assert.ok(newTeacher.thumbnailKey && (await storage.size(newTeacher.thumbnailKey)), 'the new teacher has a crop on disk');
  assert.equal(after.find((p) => p.personKey === teacher.personKey)!.thumbnailKey, null);
  assert.ok(!(await storage.size(teacher.thumbnailKey)), 'the former teacher\'s crop is deleted');
  assert.deepEqual(await applyTeacherChange(run.id, { personKey: 'P999' }, run.requestedBy), { problem: 'That person is not in this lesson.' });
});

test('a voice template made by another voice model version is not used to find the teacher, and the run says why', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const actor = path.join(SHARED_DATA, 'speech/ravdess/Actor_18');
  const clips = readdirSync(actor).filter((f) => f.endsWith('.flac')).map((c) => path.join(actor, c));
  const file = concatenate(clips.slice(0, 4), 'voice-templates.m4a');
  const { owner } = await demoSchool();
  const { embedding } = await enrolVoice(await decodeAudio(concatenate(clips.slice(4, 14), 'sample.m4a')));
  const template = async (version: string) =>
    getDb()
      .insert(voiceTemplates)
      .values({ userId: owner.id, status: 'ready', embedding, modelName: VOICE_TEMPLATE_MODEL.name, modelVersion: version, seconds: 30 })
      .onConflictDoUpdate({ target: voiceTemplates.userId, set: { modelVersion: version } });

  await template(VOICE_TEMPLATE_MODEL.version);
  const current = await analyse(file);
  assert.equal(current.run.summary.voices?.teacherEvidence, 'enrolled-voice', 'a template of today’s model finds the teacher');

  await template(`${VOICE_TEMPLATE_MODEL.version}-earlier`);
  const outdated = await analyse(file);
  assert.notEqual(outdated.run.summary.voices?.teacherEvidence, 'enrolled-voice', 'the earlier model’s template was not compared');
  assert.ok(outdated.run.notes.some((n) => n.includes(OLD_VOICE_MODEL_NOTE)), outdated.run.notes.join(' | '));
  await getDb().delete(voiceTemplates).where(eq(voiceTemplates.userId, owner.id));
});
