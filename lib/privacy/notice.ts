import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { config } from '../config';
import { getDb } from '../db/client';
import { auditEvents, faceTemplates, users, voiceTemplates, type SchoolSettings } from '../db/schema';
import { wordingFor } from '../wording';

/**
 * The school's privacy notice, written from its settings and this
 * installation's configuration, for the school to give to students and
 * parents. Every sentence that depends on a setting is built here from it, so
 * the notice changes when the setting does.
 */
export type PrivacyNotice = {
  schoolName: string;
  sections: { id: string; title: string; paragraphs: string[]; items?: string[] }[];
  retention: { what: string; howLong: string }[];
  biometrics: { kind: string; whose: string; kept: string; howLong: string | null }[];
  contacts: { name: string; email: string }[];
  settingsChangedAt: Date | null;
};

const days = (n: number) => (n % 365 === 0 ? `${n / 365} year${n === 365 ? '' : 's'}` : `${n} day${n === 1 ? '' : 's'}`);

/** Where the database is, in words, without credentials. */
function databasePlace(): string {
  if (!config.databaseUrl) return 'a PostgreSQL database on the LessonLens server itself';
  try {
    const host = new URL(config.databaseUrl).hostname;
    return ['localhost', '127.0.0.1', '[::1]'].includes(host) ? 'a PostgreSQL database on the LessonLens server itself' : `a PostgreSQL database on the server ${host}`;
  } catch {
    return 'a PostgreSQL database the school runs';
  }
}

export function buildPrivacyNotice(input: {
  schoolName: string;
  settings: SchoolSettings;
  contacts: { name: string; email: string }[];
  templateCounts: { faceTemplatePeople: number; voiceTemplatePeople: number };
  settingsChangedAt: Date | null;
}): PrivacyNotice {
  const { settings, templateCounts } = input;
  const wording = wordingFor(settings.wording);
  const readAs = settings.wording === 'expression' ? 'visible facial and vocal expressions (such as smiling or frowning), never as emotions' : 'emotions (such as happy or surprised)';
  const consentBy = settings.consentGivenBy === 'guardian' ? 'a parent or guardian' : 'the student';
  const pictures = [
    settings.keepTeacherThumbnails ? 'a small picture of the teacher’s face' : null,
    settings.keepStudentThumbnails ? 'small pictures of the students’ faces' : null,
  ].filter(Boolean);

  return {
    schoolName: input.schoolName,
    contacts: input.contacts,
    settingsChangedAt: input.settingsChangedAt,
    sections: [
      {
        id: 'recorded',
        title: 'What is recorded',
        paragraphs: [
          'Teachers may record their own lessons (picture and sound) and upload the recording to LessonLens, to see afterwards how the lesson went for the class as a whole: who talked how much, how the students and the teacher looked and sounded. Students and the teacher appear in these recordings.',
          'Only the class’s teacher can upload a recording of their lesson. Nothing is recorded by LessonLens itself.',
        ],
      },
      {
        id: 'derived',
        title: 'What is worked out from a recording',
        paragraphs: [
          `Computer models on the school’s own server read the recording. Results are described as ${readAs}. Nobody in the recording is named: the people in a lesson are numbered (P1, P2, …) and the teacher is told apart from the students.`,
        ],
        items: [
          `Second by second, for the teacher and for the students as a group: ${wording.nounPlural.toLowerCase()} read from faces and from voices, how many student faces were visible and how many faced the front, who was speaking (teacher, students, nobody) and how loud.`,
          'For each numbered person: when they were visible and their own timeline of the same readings. For each voice: how long it spoke, and a listening sample of a few seconds so the teacher can say which voice is theirs.',
          'Talk figures for the lesson: the share of teacher talk, student talk and silence, student turns, wait time after questions.',
          pictures.length ? `Face pictures kept with the results: ${pictures.join(' and ')}.` : 'No face pictures are kept with the results.',
          'A report of each analysis: its figures and charts, kept as a numbered version with a printable PDF each time an analysis finishes or the teacher says which person or voice is theirs; earlier versions stay as they were.',
          'A playback copy of the recording, so it can be watched beside the report: the whole recording, picture and sound, at a lower resolution (720 lines at most).',
          'To tell people apart during the analysis, the models describe each face and each voice with numbers (a face or voice “template”). These are discarded when the analysis ends: they are never stored for the people in a lesson.',
        ],
      },
      {
        id: 'who',
        title: 'Who can see what',
        paragraphs: [],
        items: [
          'The teacher who recorded a lesson sees its recording and everything worked out from it. No other teacher does.',
          'A head of department sees a lesson only after its teacher chose to share it with the department.',
          'School administrators manage accounts, classes and these settings. They do not see lesson recordings or their results; they can read the audit log of who opened and changed what.',
          settings.studentSummaries
            ? `Students see no lesson recordings and no one else’s results. Where ${consentBy} consented to a face template and to a personal summary, a student may add a photo of their face on their profile; later analyses of their classes look for them, and they alone see a summary of their own figures (how long they were seen, how often they faced the front, their ${wording.noun.toLowerCase()} balance). Withdrawing either consent deletes the template and every match at once.`
            : 'Students see no lesson recordings and no lesson results.',
          ...(settings.studentSummaries && settings.consentedStudentMarker !== 'off'
            ? [
                `The teacher of a lesson sees, on its list of people, which numbered people were matched to students who consented to their own summary${settings.consentedStudentMarker === 'named' ? ', with the student’s name' : ', without their name'}. No one else sees this, not even the head of department; students without that consent are never marked.`,
              ]
            : []),
          'Whoever may see a lesson’s report may also download its PDF and its per-second figures as files (CSV or JSON); a downloaded file is outside LessonLens and outside these retention periods.',
          'Guardians do not have accounts; the school keeps their name and email address as contacts of the students they look after.',
          'Every opening of a lesson page, a lesson report, the lesson archive or a recording’s playback copy (once per visit), every download of a report PDF or a data file, and every change to sharing, settings, roles, class membership, face and voice references and accounts, is written to an audit log.',
        ],
      },
      {
        id: 'where',
        title: 'Where the data is kept',
        paragraphs: [
          `Accounts, results and the audit log are kept in ${databasePlace()}; recordings, their playback copies, report PDFs and the pictures and samples worked out from recordings in the LessonLens server’s file storage. The models run on the school’s servers: no recording, picture, voice or result is sent to any other company or service${config.smtpUrl ? ', except emails with invitation and password links, which go through the school’s mail server' : ''}.`,
        ],
      },
    ],
    retention: [
      { what: 'The uploaded recording (picture and sound), and the sound track taken from it for the analysis', howLong: `${days(settings.recordingRetentionDays)} after its analysis finished; the results, report versions and playback copy stay` },
      { what: 'The playback copy of the recording (picture and sound, for watching beside the report)', howLong: 'Until the teacher deletes the lesson or replaces its recording' },
      { what: 'Report versions (figures and charts as they were, with their PDF)', howLong: 'Until the teacher deletes the lesson' },
      { what: 'The results of a lesson: timelines, talk figures, face pictures (as set above) and voice samples', howLong: 'Until the teacher deletes the lesson, which deletes everything worked out from it at once' },
      { what: 'An earlier analysis replaced by a new one of the same lesson', howLong: `${days(settings.supersededRunRetentionDays)} after it was replaced` },
      { what: 'The audit log', howLong: days(settings.auditRetentionDays) },
      { what: 'Accounts', howLong: 'Until an administrator deletes them, which deletes everything personal of that person; a deactivated account keeps its data but cannot sign in' },
    ],
    biometrics: [
      {
        kind: 'Face templates (128 numbers describing a face)',
        whose: `Teachers who chose to add reference photos on their profile, so they are recognised in their own lessons (${templateCounts.faceTemplatePeople} now)`,
        kept: 'One template per photo; the photo itself only if the teacher asked to keep it',
        howLong: 'until the teacher removes them, stops being a teacher, or their account is deleted',
      },
      {
        kind: 'Voice templates (numbers describing a voice)',
        whose: `Teachers who chose to record a voice sample on their profile (${templateCounts.voiceTemplatePeople} now)`,
        kept: 'One template; the recorded sample is deleted as soon as the template is made',
        howLong: 'until the teacher removes it, stops being a teacher, or their account is deleted',
      },
      ...(settings.studentSummaries
        ? [
            {
              kind: 'Face templates of students (128 numbers describing a face)',
              whose: `Students who, with consent given by ${consentBy}, added a photo on their profile for their own summary`,
              kept: 'One template per photo, and which numbered person in a lesson was found to be them, with their own figures',
              howLong: 'until either consent is withdrawn or their account is deleted',
            },
          ]
        : []),
      {
        kind: 'Students’ faces and voices',
        whose: settings.studentSummaries ? 'No other face or voice template of a student is kept' : 'No face or voice template of a student is kept',
        kept: 'The faces and voices in a lesson are described only while it is analysed, to tell people apart',
        howLong: null,
      },
    ],
  };
}

/** The notice of a school as it is now: its settings, its admins as contacts, how many people have templates. */
export async function privacyNoticeOf(school: { id: string; name: string; settings: SchoolSettings }): Promise<PrivacyNotice> {
  const db = getDb();
  const distinctUsers = (column: typeof faceTemplates.userId | typeof voiceTemplates.userId) => sql<number>`count(distinct ${column})::int`;
  const [admins, [faces], [voices], [changed]] = await Promise.all([
    db
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.schoolId, school.id), isNull(users.disabledAt), sql`'admin' = any(${users.roles})`))
      .orderBy(users.name),
    db.select({ n: distinctUsers(faceTemplates.userId) }).from(faceTemplates).innerJoin(users, eq(users.id, faceTemplates.userId)).where(and(eq(users.schoolId, school.id), eq(faceTemplates.status, 'ready'))),
    db.select({ n: distinctUsers(voiceTemplates.userId) }).from(voiceTemplates).innerJoin(users, eq(users.id, voiceTemplates.userId)).where(and(eq(users.schoolId, school.id), eq(voiceTemplates.status, 'ready'))),
    db.select({ at: auditEvents.at }).from(auditEvents).where(and(eq(auditEvents.schoolId, school.id), eq(auditEvents.action, 'settings.change'))).orderBy(desc(auditEvents.at)).limit(1),
  ]);
  return buildPrivacyNotice({
    schoolName: school.name,
    settings: school.settings,
    contacts: admins,
    templateCounts: { faceTemplatePeople: faces.n, voiceTemplatePeople: voices.n },
    settingsChangedAt: changed?.at ?? null,
  });
}
