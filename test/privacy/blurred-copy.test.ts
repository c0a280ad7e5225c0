import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HAMILTON_CLIP, hasSharedData, NEEDS_SHARED_DATA, scratchDir } from '../helpers/fixtures';

process.env.LESSONLENS_MEDIA_DIR = scratchDir('lessonlens-media-');

const { eq } = await import('drizzle-orm');
const { IDENTITY_THRESHOLD } = await import('../../lib/analysis/face/people');
const { excludePerson } = await import('../../lib/actions/lessons');
const { getDb } = await import('../../lib/db/client');
const { findActor, getLesson, getMediaAsset, getSchoolSettingsOfLesson, listLessonPeople, listLessonSeconds, saveSchoolSettings } = await import('../../lib/db/queries');
const { lessonExclusions } = await import('../../lib/db/schema');
const { blurredCopyOf, playableCopyOf, stillSourceOf } = await import('../../lib/lessons/blurred-copy');
const { listReportVersions, readSnapshot } = await import('../../lib/reports/versions');
const { probeMedia } = await import('../../lib/media/probe');
const { readMergedAnalysis } = await import('../../lib/results/merged-analysis');
const { getStorage } = await import('../../lib/storage');
const { compareBox, matcherDistances, pairedFrames, toPixels } = await import('../../research/blur/measure');
const { useTestDatabase } = await import('../helpers/database');
const { demoSchool } = await import('../helpers/fixtures');
const { runEnded, startWorker, until, uploadLesson } = await import('../helpers/workers');

useTestDatabase();

const skip = !hasSharedData && NEEDS_SHARED_DATA;

/**
 * One analysis of the shared lesson clip (a performer — the teacher — and an
 * audience), students' face crops kept so there is one to delete; the
 * teacher then excludes the student the analysis found, which asks for the
 * blurred copy. Both tests judge that copy against the original, at the
 * frames where the analysis saw each face (research/blur/measure.ts).
 */
let lesson: Awaited<ReturnType<typeof uploadLesson>>;
let analysed: Promise<void> | undefined;
// Made by the first test that needs it (a file-level before() would run ahead of useTestDatabase's).
function analyseLesson(): Promise<void> {
  analysed ??= (async () => {
    const { admin } = await demoSchool();
    await saveSchoolSettings(admin.schoolId, { keepStudentThumbnails: true, blurredPlaybackCopy: 'never' });
    startWorker();
    lesson = await uploadLesson('Hamilton', HAMILTON_CLIP);
    assert.equal((await runEnded(lesson.runId, 300_000)).status, 'succeeded');
  })();
  return analysed;
}

type Sighting = { t: number; box: [number, number, number, number] };
let before_: { teacher: Sighting[]; students: Sighting[]; excluded: Sighting[] };

/**
 * Hidden from the face matcher: its descriptor of the blurred place is beyond the identity threshold from the
 * face's — or, for a face the matcher cannot tell from a blank patch (the face erased to its surroundings'
 * colour is within the threshold already), at least as far as that blank.
 */
function hidden(f: { distance: number; erasedDistance: number }): boolean {
  return f.distance >= IDENTITY_THRESHOLD || (f.erasedDistance < IDENTITY_THRESHOLD && f.distance >= f.erasedDistance);
}

/** The copy and the original, frame by frame at the copy's rate, at the frames of the given sightings. */
async function atSightings(copyKey: string, sightings: Sighting[]) {
  const storage = getStorage();
  const asset = (await getMediaAsset(lesson.mediaAssetId))!;
  const facts = (await probeMedia(storage.locate(copyKey)))!;
  const fps = facts.video!.frameRate!;
  const wanted = new Map<number, Sighting[]>();
  for (const s of sightings) wanted.set(Math.round(s.t * fps), [...(wanted.get(Math.round(s.t * fps)) ?? []), s]);
  const figures: { t: number; mad: number; detailCorrelation: number; distance: number; erasedDistance: number }[] = [];
  let index = 0;
  for await (const { original, copy } of pairedFrames(storage.locate(asset.storageKey), storage.locate(copyKey), { fps, width: facts.video!.displayWidth, durationS: facts.durationSeconds })) {
    for (const s of wanted.get(index++) ?? []) {
      const box = toPixels(s.box, original.width, original.height);
      figures.push({ t: s.t, ...compareBox(original, copy, box), ...(await matcherDistances(original, copy, box)) });
    }
  }
  return figures;
}

test('exclusion: the person’s row and crop go, the students’ figures change, and they are blurred in the copy', { skip, timeout: 1_200_000 }, async () => {
  await analyseLesson();
  const owner = (await findActor(lesson.ownerId))!;
  const faces = (await readMergedAnalysis(getDb(), lesson.runId))!.faces!;
  const people = await listLessonPeople(lesson.runId);
  const student = people.find((p) => p.role === 'student' && p.thumbnailKey);
  assert.ok(student, `a student with a face crop: ${JSON.stringify(people.map((p) => [p.personKey, p.role, !!p.thumbnailKey]))}`);
  const storage = getStorage();
  assert.ok(await storage.size(student.thumbnailKey!));
  const secondsBefore = await listLessonSeconds(lesson.runId);
  const ownerOf = new Map(faces.people.flatMap((p) => p.trackIds.map((id) => [id, p.id])));
  const sightings = (who: (personId: string | undefined) => boolean) =>
    faces.tracks.filter((t) => who(ownerOf.get(t.id))).flatMap((t) => t.observations.filter((o) => o.expressions).map(({ t: at, box }) => ({ t: at, box })));
  before_ = {
    teacher: sightings((p) => p === faces.teacher.personId),
    students: sightings((p) => p !== faces.teacher.personId),
    excluded: sightings((p) => p === student.personKey),
  };

  // The teacher excludes them once the report of the analysis is printed (a version prints the rows as they are when its job runs).
  await until('version 1 to be printed', async () => (await listReportVersions(lesson.lessonId)).find((v) => v.status === 'ready') ?? null, 300_000, 1000);
  const result = await excludePerson(owner, { lessonId: lesson.lessonId, personKey: student.personKey });
  assert.equal(result.ok, true, result.error);
  const after = await listLessonPeople(lesson.runId);
  assert.deepEqual(after.map((p) => p.personKey).sort(), people.filter((p) => p !== student).map((p) => p.personKey).sort());
  assert.equal(await storage.size(student.thumbnailKey!), null, 'their face crop is deleted');
  const analysis = (await readMergedAnalysis(getDb(), lesson.runId))!;
  assert.ok(!JSON.stringify(analysis).includes(`"${student.personKey}"`), 'nothing of theirs is left in the merged analysis');
  const secondsAfter = await listLessonSeconds(lesson.runId);
  const theirSeconds = new Set(before_.excluded.map((s) => Math.floor(s.t)));
  for (const s of theirSeconds) {
    assert.equal(secondsAfter[s].studentFacesVisible, secondsBefore[s].studentFacesVisible - 1, `students visible at ${s} s`);
    assert.notDeepEqual(secondsAfter[s].studentsFace, secondsBefore[s].studentsFace, `students' expressions at ${s} s`);
  }
  const [exclusion] = await getDb().select().from(lessonExclusions).where(eq(lessonExclusions.lessonId, lesson.lessonId));
  assert.equal(exclusion.excludedByName, 'Alex Chen');
  assert.equal((await getMediaAsset(lesson.mediaAssetId))!.posterKey, null, 'the still that may show them is dropped until the blurred one is cut');
  const settings = await getSchoolSettingsOfLesson(lesson.lessonId);
  const playable = await playableCopyOf((await getMediaAsset(lesson.mediaAssetId))!, settings);
  if (playable.blurred !== true) {
    assert.equal(playable.blurred, null, 'until the blurred copy is ready, the unblurred copy is not played');
    assert.equal(await stillSourceOf((await getMediaAsset(lesson.mediaAssetId))!, settings), null, 'nor is a still cut from the recording (a re-run’s poster stage)');
  }

  // The report: a version without them is printed, its figures recomputed from the remaining faces.
  const versions = await until('the report version of the exclusion', async () => {
    const rows = await listReportVersions(lesson.lessonId);
    return rows.length === 2 && rows.every((v) => v.status === 'ready') ? rows : null;
  }, 300_000, 1000);
  assert.deepEqual(versions.map((v) => [v.version, v.reason]), [[2, 'person-excluded'], [1, 'analysis']]);
  const [withoutThem, withThem] = await Promise.all(versions.map((v) => readSnapshot(v)));
  assert.equal(withoutThem!.quality.people, withThem!.quality.people - 1);
  for (const s of theirSeconds) assert.equal(withoutThem!.timeline.visibleStudents[s], withThem!.timeline.visibleStudents[s] - 1, `report: students visible at ${s} s`);
  assert.notDeepEqual(withoutThem!.timeline.smoothed, withThem!.timeline.smoothed, 'the students’ curves are recomputed');

  // The school makes no blurred copies ('never'), but an exclusion always asks for one.
  const copy = await until('the blurred copy', async () => {
    const row = await blurredCopyOf(lesson.runId);
    assert.notEqual(row?.status, 'failed', row?.error ?? '');
    return row?.status === 'ready' ? row : null;
  }, 600_000, 1000);
  assert.equal(copy.reason, 'exclusion');
  const facts = (await probeMedia(storage.locate(copy.storageKey!)))!;
  assert.deepEqual([facts.video?.codec, facts.audio?.codec], ['h264', 'aac']);
  assert.ok(Math.min(facts.video!.displayWidth, facts.video!.displayHeight) <= 720);
  const head = readFileSync(storage.locate(copy.storageKey!)).subarray(0, 64 * 1024).toString('latin1');
  assert.ok(head.indexOf('moov') >= 0 && (head.indexOf('mdat') < 0 || head.indexOf('moov') < head.indexOf('mdat')), 'faststart: the index comes first');
  assert.ok((await getMediaAsset(lesson.mediaAssetId))!.posterKey, 'the poster is cut again, from the blurred copy');
  assert.deepEqual(await playableCopyOf((await getMediaAsset(lesson.mediaAssetId))!, settings), { blurred: true, key: copy.storageKey, type: 'video/mp4' }, 'the report plays the blurred copy');
  assert.equal(await stillSourceOf((await getMediaAsset(lesson.mediaAssetId))!, settings), copy.storageKey, 'stills are cut from the blurred copy');

  for (const f of await atSightings(copy.storageKey!, before_.excluded)) {
    assert.ok(f.detailCorrelation < 0.3 && hidden(f), `excluded person at ${f.t} s: ${JSON.stringify(f)}`);
  }
  assert.ok((await getLesson(lesson.lessonId))!.currentRunId === lesson.runId);
});

test('blurred copy: every student face the analysis found is hidden from the face matcher, the teacher’s face is unchanged', { skip, timeout: 600_000 }, async () => {
  assert.ok(before_, 'runs after the exclusion test, on its copy');
  const copy = (await blurredCopyOf(lesson.runId))!;
  const students = await atSightings(copy.storageKey!, before_.students);
  const teacher = await atSightings(copy.storageKey!, before_.teacher);
  console.log(JSON.stringify({ students, teacher }));
  assert.ok(students.length > 0 && teacher.length > 0);
  for (const f of students) {
    // Blurred: none of the face's fine structure is left, its pixels moved, and the matcher no longer sees the same person.
    assert.ok(f.detailCorrelation < 0.3, `student at ${f.t} s: detail correlation ${f.detailCorrelation}`);
    assert.ok(f.mad > 8, `student at ${f.t} s: mean luma difference ${f.mad}`);
    assert.ok(hidden(f), `student at ${f.t} s: descriptor distance ${f.distance} (erased: ${f.erasedDistance})`);
  }
  for (const f of teacher) {
    // Encoded again, nothing more: the detail stays, the pixels barely move, the matcher sees the same face.
    assert.ok(f.detailCorrelation > 0.7, `teacher at ${f.t} s: detail correlation ${f.detailCorrelation}`);
    assert.ok(f.mad < 6, `teacher at ${f.t} s: mean luma difference ${f.mad}`);
    assert.ok(f.distance < 0.3, `teacher at ${f.t} s: descriptor distance ${f.distance}`);
  }
});
