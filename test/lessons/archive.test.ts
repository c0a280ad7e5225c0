import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { scratchDir } from '../helpers/fixtures';

process.env.LESSONLENS_MEDIA_DIR = scratchDir('lessonlens-media-');

const { eq } = await import('drizzle-orm');
const { getDb, withTransaction } = await import('../../lib/db/client');
const { getLesson, setLessonSharing } = await import('../../lib/db/queries');
const { analysisRuns, lessons, reportVersions } = await import('../../lib/db/schema');
const { archiveFilters, archivePage, archiveScopes, ARCHIVE_PAGE_SIZE } = await import('../../lib/lessons/archive');
const { deleteLesson } = await import('../../lib/lessons/delete');
const { createReportVersion } = await import('../../lib/reports/versions');
const { getStorage } = await import('../../lib/storage');
const { seedAnalysedLesson } = await import('../../research/reports/seed-lesson');
const { useTestDatabase } = await import('../helpers/database');
const { demoSchool } = await import('../helpers/fixtures');

useTestDatabase();

test('the archive filters, sorts, searches and pages in SQL; the head sees only what was shared with them', async () => {
  const { owner, otherTeacher, head, student, admin, physics, history } = await demoSchool();
  const ids: string[] = [];
  const seeded: Awaited<ReturnType<typeof seedAnalysedLesson>>[] = [];
  for (let i = 0; i < 25; i++) {
    const lesson = await seedAnalysedLesson({ schoolId: owner.schoolId, classId: physics.id, teacherId: owner.id, title: i % 5 === 0 ? `Waves ${i}` : `Forces ${i}`, taughtOn: `2026-10-${String(i + 1).padStart(2, '0')}`, durationS: 5, seed: i });
    seeded.push(lesson);
    ids.push(lesson.lessonId);
  }
  await seedAnalysedLesson({ schoolId: owner.schoolId, classId: history.id, teacherId: otherTeacher.id, title: 'Not yours', taughtOn: '2026-10-10', durationS: 5 });
  await getDb().update(lessons).set({ status: 'failed' }).where(eq(lessons.id, ids[3]));
  const page = (scope: 'mine' | 'shared', query: Record<string, string> = {}, who = owner) => archivePage(who, scope, archiveFilters.parse(query));

  const first = await page('mine');
  assert.equal(first.total, 25, 'only the teacher’s own lessons');
  assert.equal(first.lessons.length, ARCHIVE_PAGE_SIZE);
  assert.equal(first.lessons[0].title, 'Forces 24', 'newest first');
  assert.equal((await page('mine', { page: '2' })).lessons.length, 5);
  assert.deepEqual((await page('mine', { q: 'waves', sort: 'title-asc' })).lessons.map((l) => l.title), ['Waves 0', 'Waves 10', 'Waves 15', 'Waves 20', 'Waves 5']);
  assert.equal((await page('mine', { from: '2026-10-05', to: '2026-10-09' })).total, 5);
  assert.deepEqual((await page('mine', { status: 'failed' })).lessons.map((l) => l.id), [ids[3]]);
  assert.equal((await page('mine', { classId: history.id })).total, 0);
  assert.equal((await page('mine', { q: '100%_\\' })).total, 0, 'LIKE wildcards in a search are plain characters');
  const odd = archiveFilters.parse({ page: '-3', sort: 'drop table', from: 'yesterday', status: 'gone' });
  assert.deepEqual([odd.page, odd.sort, odd.from, odd.status], [1, 'date-desc', undefined, undefined], 'malformed filters fall back, nothing breaks');

  assert.equal((await page('shared', {}, head)).total, 0, 'nothing shared yet');
  await setLessonSharing(ids[7], true);
  await withTransaction((tx, client) => createReportVersion(tx, client, { ...seeded[7], reason: 'analysis', requestedBy: owner.id }));
  const shared = await page('shared', {}, head);
  assert.deepEqual(shared.lessons.map((l) => l.id), [ids[7]]);
  assert.equal(shared.versions.get(ids[7]), undefined, 'a version still being printed is not listed');
  await getDb().update(reportVersions).set({ status: 'ready' }).where(eq(reportVersions.lessonId, ids[7]));
  assert.equal((await page('shared', {}, head)).versions.get(ids[7])?.[0].version, 1);
  assert.deepEqual(archiveScopes(head), ['mine', 'shared'], 'the Science head teaches too');
  assert.deepEqual(archiveScopes(student), []);
  assert.deepEqual(archiveScopes(admin), []);
  assert.equal((await page('shared', {}, otherTeacher)).total, 0, 'a teacher has no shared archive');
});

test('deleting a lesson deletes its rows, its report versions and its whole storage folder', async () => {
  const { owner, physics } = await demoSchool();
  const seeded = await seedAnalysedLesson({ schoolId: owner.schoolId, classId: physics.id, teacherId: owner.id, title: 'To delete', taughtOn: '2026-11-01', durationS: 5 });
  const { lessonId, runId } = seeded;
  await withTransaction((tx, client) => createReportVersion(tx, client, { ...seeded, reason: 'analysis', requestedBy: owner.id }));
  const storage = getStorage();
  await storage.write(`lessons/${lessonId}/reports/v1/report.pdf`, Readable.from([Buffer.from('%PDF-1.4')]));
  await storage.write(`lessons/${lessonId}/asset/playback.mp4`, Readable.from([Buffer.from('mp4')]));
  await deleteLesson(lessonId);
  assert.equal(await getLesson(lessonId), null);
  assert.equal((await getDb().select().from(analysisRuns).where(eq(analysisRuns.id, runId))).length, 0);
  assert.equal((await getDb().select().from(reportVersions).where(eq(reportVersions.lessonId, lessonId))).length, 0);
  assert.equal(await storage.size(`lessons/${lessonId}/reports/v1/report.pdf`), null);
  assert.equal(await storage.size(`lessons/${lessonId}/asset/playback.mp4`), null);
});
