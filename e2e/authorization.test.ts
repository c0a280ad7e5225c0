import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import * as accountActions from '../lib/actions/account';
import * as adminActions from '../lib/actions/admin';
import * as consentActions from '../lib/actions/consent';
import * as lessonActions from '../lib/actions/lessons';
import { NOT_FOUND, type ActionResult } from '../lib/actions/result';
import { getDb } from '../lib/db/client';
import { findActor, getRun, saveSchoolSettings, setLessonSharing } from '../lib/db/queries';
import { listReportVersions } from '../lib/reports/versions';
import { classes, mediaAssets, users } from '../lib/db/schema';
import { hashPassword } from '../lib/auth/password';
import { DEMO_PASSWORD } from '../lib/db/seed';
import type { Actor } from '../lib/policy';
import { generateRecording, HAMILTON_CLIP, hasSharedData, scratchDir } from '../test/helpers/fixtures';
import { until } from '../test/helpers/until';
import { startApp, type RunningApp } from './helpers/app';
import { sessionCookie } from './helpers/http';

/**
 * Every page, route handler and server action × every kind of visitor.
 * The lists below are the rules; the first test fails when the app gains a
 * route or action that has no rule here.
 */
const WHO = ['signedOut', 'owner', 'otherTeacher', 'head', 'student', 'admin', 'otherHead'] as const;
type Who = (typeof WHO)[number] | 'headShared';
type Verdict = 'allow' | 'deny';
/**
 * `headShared` is the department head once the teacher has shared the lesson
 * (the tests share it, run every rule for that visitor, and unshare it); a
 * rule without it treats the head the same before and after sharing.
 */
type Rule = Record<(typeof WHO)[number], Verdict> & { headShared?: Verdict };
const verdictOf = (rule: Rule, who: Who): Verdict => (who === 'headShared' ? (rule.headShared ?? rule.head) : rule[who]);

const EMAILS: Record<Exclude<(typeof WHO)[number], 'signedOut'>, string> = {
  owner: 'alex.chen@riverside.example',
  otherTeacher: 'jordan.blake@riverside.example',
  head: 'sam.rivera@riverside.example',
  student: 'ava.patel@riverside.example',
  admin: 'morgan.admin@riverside.example',
  /** Head of Humanities (made by the test): a head, but not of the lesson's department. */
  otherHead: 'humanities.head@riverside.example',
};

const everyone: Rule = { signedOut: 'allow', owner: 'allow', otherTeacher: 'allow', head: 'allow', student: 'allow', admin: 'allow', otherHead: 'allow' };
const signedIn: Rule = { ...everyone, signedOut: 'deny' };
const ownerOnly: Rule = { signedOut: 'deny', owner: 'allow', otherTeacher: 'deny', head: 'deny', student: 'deny', admin: 'deny', otherHead: 'deny' };
const adminOnly: Rule = { signedOut: 'deny', owner: 'deny', otherTeacher: 'deny', head: 'deny', student: 'deny', admin: 'allow', otherHead: 'deny' };
/** Everyone with the teacher role (the Science head teaches too). */
const teachers: Rule = { signedOut: 'deny', owner: 'allow', otherTeacher: 'allow', head: 'allow', student: 'deny', admin: 'deny', otherHead: 'deny' };
/** A lesson and what was derived from it: its teacher, and the head of its department once the teacher shares it. */
const lessonViewers: Rule = { ...ownerOnly, headShared: 'allow' };
/** Everyone with an archive: teachers (their own lessons) and department heads (the shared ones). */
const archiveHolders: Rule = { ...teachers, otherHead: 'allow' };
/** A department's trends: the head of that department (Science); the Humanities head has a dashboard of their own, never Science's. */
const scienceTrends: Rule = { ...adminOnly, admin: 'deny', head: 'allow' };
/** The dashboard page: every head, each for their own department. */
const departmentHeads: Rule = { ...scienceTrends, otherHead: 'allow' };
/** A student's own summary page (the school has summaries on; without consent it explains why there is nothing). */
const studentOnly: Rule = { ...adminOnly, admin: 'deny', student: 'allow' };
/** A student's summary as data: their own only, with consent — none of the visitors here has it (e2e/student-summary.test.ts has the allowed case and a classmate's 404). */
const nobody: Rule = { ...adminOnly, admin: 'deny' };
/** Physics 9A: its teacher, the Science head, and the admin. */
const physicsClass: Rule = { signedOut: 'deny', owner: 'allow', otherTeacher: 'deny', head: 'allow', student: 'deny', admin: 'allow', otherHead: 'deny' };
/** Physics 9A's students' consent: its teacher and the admin (the head sees aggregates, not who consented). */
const physicsConsent: Rule = { ...physicsClass, head: 'deny' };

type Context = { lessonId: string; classId: string; historyClassId: string; studentId: string; token: string; teacherPersonKey: string; reportVersion: number; departmentId: string };

/** Pages: allow = 200 (or a redirect elsewhere than sign-in); deny = 404, or the sign-in page for signed-out visitors. */
const PAGES: Record<string, { path: (c: Context) => string; rule: Rule }> = {
  '/': { path: () => '/', rule: signedIn },
  '/signin': { path: () => '/signin', rule: everyone },
  '/forgot': { path: () => '/forgot', rule: everyone },
  '/invite/[token]': { path: (c) => `/invite/${c.token}`, rule: everyone },
  '/reset/[token]': { path: (c) => `/reset/${c.token}`, rule: everyone },
  '/dashboard': { path: () => '/dashboard', rule: signedIn },
  '/classes/[id]': { path: (c) => `/classes/${c.classId}`, rule: physicsClass },
  '/lessons': { path: () => '/lessons', rule: archiveHolders },
  '/lessons/[id]': { path: (c) => `/lessons/${c.lessonId}`, rule: lessonViewers },
  '/lessons/[id]/report': { path: (c) => `/lessons/${c.lessonId}/report?version=${c.reportVersion}`, rule: lessonViewers },
  '/admin/people': { path: () => '/admin/people', rule: adminOnly },
  '/admin/people/[id]': { path: (c) => `/admin/people/${c.studentId}`, rule: adminOnly },
  '/admin/roster': { path: () => '/admin/roster', rule: adminOnly },
  '/admin/audit': { path: () => '/admin/audit', rule: adminOnly },
  '/privacy': { path: () => '/privacy', rule: signedIn },
  '/admin/classes': { path: () => '/admin/classes', rule: adminOnly },
  '/admin/school': { path: () => '/admin/school', rule: adminOnly },
  '/profile': { path: () => '/profile', rule: teachers },
  '/department': { path: () => '/department', rule: departmentHeads },
  '/me': { path: () => '/me', rule: studentOnly },
};

/** Route handlers: allow = the expected success status; deny = 404 (401-free: nothing is revealed). */
const HANDLERS: Record<string, { request: (c: Context) => { path: string; method: string; body?: BodyInit; headers?: Record<string, string> }; allowStatus: number; rule: Rule }> = {
  'GET /api/auth/[...nextauth]': { request: () => ({ method: 'GET', path: '/api/auth/providers' }), allowStatus: 200, rule: everyone },
  'POST /api/auth/[...nextauth]': { request: () => ({ method: 'POST', path: '/api/auth/_log', body: '' }), allowStatus: 200, rule: everyone },
  'GET /api/lessons/[id]/status': { request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/status` }), allowStatus: 200, rule: lessonViewers },
  'GET /api/lessons/[id]/poster': { request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/poster` }), allowStatus: 200, rule: lessonViewers },
  'GET /api/lessons/[id]/people/[personKey]/thumbnail': {
    request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/people/${c.teacherPersonKey}/thumbnail` }),
    allowStatus: 200,
    rule: lessonViewers,
  },
  // A ranged request: the playable copy answers 206 with the bytes asked for.
  'GET /api/lessons/[id]/playback': { request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/playback`, headers: { Range: 'bytes=0-99' } }), allowStatus: 206, rule: lessonViewers },
  'GET /api/lessons/[id]/reports/[version]/pdf': { request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/reports/${c.reportVersion}/pdf` }), allowStatus: 200, rule: lessonViewers },
  'GET /api/lessons/[id]/export/timeline.csv': { request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/export/timeline.csv` }), allowStatus: 200, rule: lessonViewers },
  'GET /api/lessons/[id]/export/timeline.json': { request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/export/timeline.json` }), allowStatus: 200, rule: lessonViewers },
  'GET /api/lessons/[id]/export/summary.json': { request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/export/summary.json` }), allowStatus: 200, rule: lessonViewers },
  'GET /api/lessons/[id]/voices/[speakerId]/sample': {
    request: (c) => ({ method: 'GET', path: `/api/lessons/${c.lessonId}/voices/0/sample` }),
    allowStatus: 200,
    rule: lessonViewers,
  },
  // Enrolment of one's own face and voice: a teacher's empty submission is refused by content (422), others never get that far.
  'POST /api/profile/face-photos': { request: () => ({ method: 'POST', path: '/api/profile/face-photos', body: new FormData() }), allowStatus: 422, rule: teachers },
  'DELETE /api/profile/face-photos': { request: () => ({ method: 'DELETE', path: '/api/profile/face-photos' }), allowStatus: 200, rule: teachers },
  'POST /api/profile/voice-sample': { request: () => ({ method: 'POST', path: '/api/profile/voice-sample', body: 'not audio' }), allowStatus: 422, rule: teachers },
  'DELETE /api/profile/voice-sample': { request: () => ({ method: 'DELETE', path: '/api/profile/voice-sample' }), allowStatus: 200, rule: teachers },
  'GET /api/admin/audit': { request: () => ({ method: 'GET', path: '/api/admin/audit?action=lesson.view' }), allowStatus: 200, rule: adminOnly },
  'GET /api/departments/[id]/trends.csv': { request: (c) => ({ method: 'GET', path: `/api/departments/${c.departmentId}/trends.csv` }), allowStatus: 200, rule: scienceTrends },
  'GET /api/students/[id]/summary.json': { request: (c) => ({ method: 'GET', path: `/api/students/${c.studentId}/summary.json` }), allowStatus: 200, rule: nobody },
  'PUT /api/lessons/[id]/media': {
    // A non-recording: passing the policy shows as the content refusal (422), not a 404.
    request: (c) => ({ method: 'PUT', path: `/api/lessons/${c.lessonId}/media`, body: 'not a video' }),
    allowStatus: 422,
    rule: ownerOnly,
  },
};

/** Server actions, keyed "<file in app/actions>.<export>", each calling the action's logic as the visitor. */
const ACTIONS: Record<string, { call: (actor: Actor | null, c: Context) => Promise<ActionResult>; rule: Rule }> = {
  'lessons.createLessonAction': { call: (a, c) => lessonActions.createLesson(a, { classId: c.classId, title: 'Probe', taughtOn: '2026-11-02' }), rule: ownerOnly },
  // Sharing stays as the test left it: the head-after-sharing pass needs the lesson shared.
  'lessons.setSharingAction': { call: (a, c) => lessonActions.setLessonSharing(a, { lessonId: c.lessonId, shared: sharedNow }), rule: ownerOnly },
  'lessons.renameLessonAction': { call: (a, c) => lessonActions.renameLesson(a, { lessonId: c.lessonId, title: 'Authorisation' }), rule: ownerOnly },
  // Unconfirmed: the owner gets the request to tick the box (allowed, nothing deleted); everyone else a 404.
  'lessons.deleteLessonAction': { call: (a, c) => lessonActions.deleteLesson(a, { lessonId: c.lessonId, confirmed: false }), rule: ownerOnly },
  'lessons.rerunAction': { call: (a, c) => lessonActions.rerunAnalysis(a, { lessonId: c.lessonId }), rule: ownerOnly },
  'lessons.cancelAction': { call: (a, c) => lessonActions.cancelAnalysis(a, { lessonId: c.lessonId }), rule: ownerOnly },
  // A person who is not in the lesson: allowed visitors get that sentence, so nothing is excluded here (test/privacy covers excluding).
  'lessons.excludePersonAction': { call: (a, c) => lessonActions.excludePerson(a, { lessonId: c.lessonId, personKey: 'P99' }), rule: ownerOnly },
  'lessons.requestBlurredCopyAction': { call: (a, c) => lessonActions.requestBlurredCopy(a, { lessonId: c.lessonId }), rule: ownerOnly },
  // A protective decision (an opt-out), which the class's teacher may record too; a consent is the admin's (test/privacy/consent.test.ts).
  'consent.recordConsentAction': {
    call: (a, c) => consentActions.recordConsent(a, { classId: c.classId, studentId: c.studentId, kind: 'analysis-opt-out', decision: 'given', givenBy: 'student' }),
    rule: physicsConsent,
  },
  'lessons.markTeacherAction': { call: (a, c) => lessonActions.markTeacher(a, { lessonId: c.lessonId, personKey: c.teacherPersonKey }), rule: ownerOnly },
  'admin.invitePersonAction': { call: (a) => adminActions.invitePerson(a, { name: 'New Person', email: `p${Math.random()}@riverside.example`, roles: ['student'] }), rule: adminOnly },
  'admin.resetLinkAction': { call: (a, c) => adminActions.createResetLink(a, { userId: c.studentId }), rule: adminOnly },
  'admin.createDepartmentAction': { call: (a) => adminActions.createDepartment(a, { name: `Dept ${Math.random()}` }), rule: adminOnly },
  'admin.createClassAction': { call: (a, c) => adminActions.createClass(a, { name: 'X', subject: 'Y', departmentId: 'none', teacherId: c.studentId }), rule: adminOnly },
  'admin.enrolStudentsAction': { call: (a, c) => adminActions.enrolStudents(a, { classId: c.historyClassId, studentIds: [c.studentId] }), rule: adminOnly },
  'admin.updateSchoolSettingsAction': {
    call: (a) => adminActions.updateSchoolSettings(a, { faceDetector: 'ssd', wording: 'emotion', keepTeacherThumbnails: true, keepStudentThumbnails: false, auditRetentionDays: 400 }),
    rule: adminOnly,
  },
  'admin.setRolesAction': { call: (a, c) => adminActions.setRoles(a, { userId: c.studentId, roles: ['student'] }), rule: adminOnly },
  // Calls that change nothing when allowed (already active, a name that does not match, no such guardian, not a teacher, no rows).
  'admin.setActiveAction': { call: (a, c) => adminActions.setActive(a, { userId: c.studentId, active: true }), rule: adminOnly },
  'admin.deletePersonAction': { call: (a, c) => adminActions.deletePerson(a, { userId: c.studentId, confirmName: 'someone else' }), rule: adminOnly },
  'admin.addGuardianAction': { call: (a, c) => adminActions.addGuardian(a, { studentId: c.studentId, name: 'Probe Guardian', email: 'probe.guardian@home.example' }), rule: adminOnly },
  'admin.removeGuardianAction': { call: (a, c) => adminActions.removeGuardian(a, { studentId: c.studentId, guardianId: '00000000-0000-4000-8000-000000000000' }), rule: adminOnly },
  'admin.changeClassTeacherAction': { call: (a, c) => adminActions.changeClassTeacher(a, { classId: c.historyClassId, teacherId: c.studentId }), rule: adminOnly },
  'admin.previewRosterAction': { call: (a) => adminActions.previewRoster(a, { text: 'role,name\n' }), rule: adminOnly },
  'admin.importRosterAction': { call: (a) => adminActions.importRoster(a, { text: 'role,name\n', fileName: 'probe.csv' }), rule: adminOnly },
  'admin.unenrolStudentAction': { call: (a, c) => adminActions.unenrolStudent(a, { classId: c.historyClassId, studentId: c.studentId }), rule: adminOnly },
  // Public by design: a valid one-time token is the credential.
  'account.acceptInviteAction': { call: () => accountActions.setPasswordWithToken('invite', { token: 'forged', password: 'long enough pass', confirm: 'long enough pass' }), rule: everyone },
  'account.resetPasswordAction': { call: () => accountActions.setPasswordWithToken('reset', { token: 'forged', password: 'long enough pass', confirm: 'long enough pass' }), rule: everyone },
  'account.requestResetAction': { call: () => accountActions.requestPasswordReset({ email: 'alex.chen@riverside.example' }), rule: everyone },
};

function filesNamed(dir: string, names: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesNamed(full, names);
    return names.includes(name) ? [full] : [];
  });
}

function routeOf(file: string): string {
  const segments = path.dirname(path.relative('app', file)).split(path.sep).filter((s) => s !== '.' && !/^\(.*\)$/.test(s));
  return `/${segments.join('/')}`;
}

test('every page, route handler and server action has a rule in this table', () => {
  const pages = filesNamed('app', ['page.tsx']).map(routeOf).sort();
  assert.deepEqual(pages, Object.keys(PAGES).sort(), 'pages and their rules');
  const handlers = filesNamed('app', ['route.ts']).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/export (?:async function (GET|POST|PUT|PATCH|DELETE)\b|\{[^}]*\bas (GET|POST|PUT|PATCH|DELETE)\b[^}]*\})/g)].flatMap((m) => {
      const methods = m[1] ? [m[1]] : [...m[0].matchAll(/as (GET|POST|PUT|PATCH|DELETE)/g)].map((x) => x[1]);
      return methods.map((method) => `${method} ${routeOf(file)}`);
    }),
  );
  assert.deepEqual(handlers.sort(), Object.keys(HANDLERS).sort(), 'route handlers and their rules');
  const actions = readdirSync('app/actions').flatMap((file) =>
    [...readFileSync(path.join('app/actions', file), 'utf8').matchAll(/export async function (\w+)/g)].map((m) => `${path.basename(file, '.ts')}.${m[1]}`),
  );
  assert.deepEqual(actions.sort(), Object.keys(ACTIONS).sort(), 'server actions and their rules');
});

let app: RunningApp;
let context: Context;
let sharedNow = false;
const cookies = {} as Record<Who, string | null>;
const actors = {} as Record<Who, Actor | null>;

/** Runs `check` for every visitor, then shares the lesson and runs it for the head again (headShared), then unshares it. */
async function forEveryVisitor(check: (who: Who) => Promise<void>): Promise<void> {
  for (const who of WHO) await check(who);
  await setLessonSharing(context.lessonId, (sharedNow = true));
  try {
    await check('headShared');
  } finally {
    await setLessonSharing(context.lessonId, (sharedNow = false));
  }
}

before(async () => {
  app = await startApp({ workers: 1 });
  const db = getDb();
  const [historyClass] = await db.select().from(classes).where(eq(classes.name, 'History 10B'));
  const [demoUser] = await db.select().from(users).limit(1);
  await saveSchoolSettings(demoUser.schoolId, { studentSummaries: true });
  await db.insert(users).values({ schoolId: demoUser.schoolId, email: EMAILS.otherHead, name: 'Robin Hale', roles: ['department_head'], departmentId: historyClass.departmentId, passwordHash: await hashPassword(DEMO_PASSWORD) });
  for (const who of WHO) {
    if (who === 'signedOut') {
      cookies[who] = null;
      actors[who] = null;
      continue;
    }
    cookies[who] = await sessionCookie(app.url, EMAILS[who]);
    assert.ok(cookies[who], `${who} can sign in`);
    const [user] = await db.select().from(users).where(eq(users.email, EMAILS[who]));
    actors[who] = await findActor(user.id);
  }
  cookies.headShared = cookies.head;
  actors.headShared = actors.head;
  const [physics] = await db.select().from(classes).where(eq(classes.teacherId, actors.owner!.id));
  const [history] = await db.select().from(classes).where(eq(classes.teacherId, actors.otherTeacher!.id));
  const created = await lessonActions.createLesson(actors.owner, { classId: physics.id, title: 'Authorisation', taughtOn: '2026-11-01' });
  // A real clip with faces, so the lesson has people and a teacher thumbnail.
  const recording = hasSharedData ? HAMILTON_CLIP : generateRecording(path.join(scratchDir(), 'clip.mp4'), { seconds: 2 });
  const response = await fetch(`${app.url}/api/lessons/${created.id}/media`, {
    method: 'PUT',
    headers: { Cookie: cookies.owner!, 'X-File-Name': 'clip.mp4' },
    body: readFileSync(recording),
  });
  assert.equal(response.status, 201);
  const upload = (await response.json()) as { runId: string };
  // A worker starting on a busy machine may take a while to take the run up: wait for it to end, however long it queues.
  const ended = await until('the run to end', async () => ((await getRun(upload.runId))?.status ?? 'queued').match(/^(succeeded|failed|cancelled)$/)?.[0], 300_000);
  assert.equal(ended, 'succeeded', 'the lesson has a finished run (and so a poster)');
  const teacherPersonKey = (await getRun(upload.runId))?.summary.faces?.teacherPersonKey ?? 'P1';
  // The finished run's render-report job prints version 1, for the version page and the PDF route.
  const version = await until('version 1 to be printed', async () => (await listReportVersions(created.id!)).find((v) => v.status === 'ready'), 120_000);
  context = { lessonId: created.id!, classId: physics.id, historyClassId: history.id, studentId: actors.student!.id, token: 'not-a-real-token', teacherPersonKey, reportVersion: version.version, departmentId: physics.departmentId };
});
after(async () => {
  await app?.stop();
});

test('pages: allowed visitors get the page, others 404 (or the sign-in page when signed out)', async () => {
  await forEveryVisitor(async (who) => {
    for (const [route, { path: pathOf, rule }] of Object.entries(PAGES)) {
      const response = await fetch(`${app.url}${pathOf(context)}`, { headers: cookies[who] ? { Cookie: cookies[who]! } : {}, redirect: 'manual' });
      const location = response.headers.get('location') ?? '';
      const denied = response.status === 404 || (response.status === 307 && /\/signin$/.test(location));
      const outcome = denied ? 'deny' : response.status === 200 || response.status === 307 ? 'allow' : `status ${response.status}`;
      assert.equal(outcome, verdictOf(rule, who), `${who} → ${route}`);
    }
  });
});

test('route handlers: allowed visitors get their answer, others 404; a forged id is 404 for everyone', async () => {
  await forEveryVisitor(async (who) => {
    for (const [route, { request, allowStatus, rule }] of Object.entries(HANDLERS)) {
      if ((route.includes('thumbnail') || route.includes('sample')) && !hasSharedData) continue; // a generated clip has no faces or voices, so no thumbnail or sample to allow
      const { method, path: url, body, headers } = request(context);
      const response = await fetch(`${app.url}${url}`, { method, body, headers: { ...headers, ...(cookies[who] ? { Cookie: cookies[who]! } : {}) }, redirect: 'manual' });
      await response.arrayBuffer();
      assert.equal(response.status, verdictOf(rule, who) === 'allow' ? allowStatus : 404, `${who} → ${route}`);
    }
  });
  const forged = { ...context, lessonId: '00000000-0000-4000-8000-000000000000' };
  for (const route of ['GET /api/lessons/[id]/status', 'PUT /api/lessons/[id]/media', 'GET /api/lessons/[id]/playback', 'GET /api/lessons/[id]/reports/[version]/pdf', 'GET /api/lessons/[id]/export/timeline.csv']) {
    const { method, path: url, body } = HANDLERS[route].request(forged);
    const response = await fetch(`${app.url}${url}`, { method, body, headers: { Cookie: cookies.owner! } });
    assert.equal(response.status, 404, `forged id → ${route}`);
  }
  const forgedDepartment = await fetch(`${app.url}/api/departments/00000000-0000-4000-8000-000000000000/trends.csv`, { headers: { Cookie: cookies.head! } });
  assert.equal(forgedDepartment.status, 404, 'forged id → department trends');
  // Another lesson's recording through a lesson the visitor may see: 404, not that recording.
  const other = await lessonActions.createLesson(actors.otherTeacher, { classId: context.historyClassId, title: 'Not theirs', taughtOn: '2026-11-02' });
  const [own] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.lessonId, context.lessonId));
  const { id: _, ...copy } = own;
  const [foreign] = await getDb().insert(mediaAssets).values({ ...copy, lessonId: other.id! }).returning();
  const crossed = await fetch(`${app.url}/api/lessons/${context.lessonId}/playback?recording=${foreign.id}`, { headers: { Cookie: cookies.owner!, Range: 'bytes=0-99' } });
  assert.equal(crossed.status, 404, 'a recording of another lesson');
  const garbage = await fetch(`${app.url}/api/lessons/1%27%20or%201=1/status`, { headers: { Cookie: cookies.owner! } });
  assert.equal(garbage.status, 404);
});

test('server actions: the policy refuses everyone but the allowed visitors', async () => {
  await forEveryVisitor(async (who) => {
    for (const [name, { call, rule }] of Object.entries(ACTIONS)) {
      const result = await call(actors[who], context);
      assert.equal(result.error === NOT_FOUND.error ? 'deny' : 'allow', verdictOf(rule, who), `${who} → ${name}: ${JSON.stringify(result)}`);
    }
  });
});

test('the favicon and the icon are served to everyone (no 404 on every page)', async () => {
  for (const file of ['/favicon.ico', '/icon.svg']) {
    const response = await fetch(`${app.url}${file}`);
    assert.equal(response.status, 200, file);
    assert.ok((await response.arrayBuffer()).byteLength > 100, `${file} has content`);
  }
});
