import { sql } from 'drizzle-orm';
import type { TalkMetrics } from '../analysis/voice/talk-metrics';
import type { AudioStreamFacts, VideoStreamFacts } from '../media/stream-facts';
import type { Role } from '../roles';
import type { WordingMode } from '../wording';
import type { StudentFaceReading } from '../analysis/face/types';
import type { DataQuality, TeacherEvidence } from '../analysis/voice/types';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export type SchoolSettings = {
  /** Keep a face thumbnail of the teacher / of students found in a lesson. */
  keepTeacherThumbnails: boolean;
  keepStudentThumbnails: boolean;
  faceDetector: 'ssd' | 'tiny';
  /** 'expression' words results as visible expressions, not inferred emotions (EU AI Act). */
  wording: WordingMode;
  /** The uploaded recording (and the sound track extracted from it) is deleted this many days after its analysis finished; results stay. */
  recordingRetentionDays: number;
  /** Paper the lesson reports are printed on. */
  paperSize: PaperSize;
  /** An analysis run that a newer successful run replaced (re-run or new recording) is deleted, with its results, this many days later. */
  supersededRunRetentionDays: number;
  /** Audit log entries are deleted this many days after they were written. */
  auditRetentionDays: number;
  /** Who gives consent for a student (face template, personal summary): the student themselves or a guardian. */
  consentGivenBy: ConsentParty;
  /**
   * What is read from students' faces: 'read' (expressions, head pose, per person), 'count-only' (teacher-only
   * analysis; only how many faces were visible each second, anonymously) or 'off' (teacher-only, no counts).
   */
  studentFaceReading: StudentFaceReading;
  /** A copy of the recording with every face but the teacher's blurred: never, when the teacher asks, or after every analysis. */
  blurredPlaybackCopy: BlurredPlaybackCopy;
  /** Students may enrol a face photo and, with consent, see a summary of their own lessons on /me (off by default). */
  studentSummaries: boolean;
  /**
   * On the lesson's people list, its teacher sees which people were matched to consented students (students' own
   * summaries): 'off', 'marked' ("consented student") or 'named' (with the student's name). Off by default.
   */
  consentedStudentMarker: ConsentedStudentMarker;
};

export const CONSENT_PARTIES = ['student', 'guardian'] as const;
export type ConsentParty = (typeof CONSENT_PARTIES)[number];
export const BLURRED_PLAYBACK_COPY = ['never', 'on-request', 'always'] as const;
export type BlurredPlaybackCopy = (typeof BLURRED_PLAYBACK_COPY)[number];
export const CONSENTED_STUDENT_MARKERS = ['off', 'marked', 'named'] as const;
export type ConsentedStudentMarker = (typeof CONSENTED_STUDENT_MARKERS)[number];
export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export const DEFAULT_SCHOOL_SETTINGS: SchoolSettings = {
  keepTeacherThumbnails: true,
  keepStudentThumbnails: false,
  faceDetector: 'ssd',
  wording: 'emotion',
  recordingRetentionDays: 30,
  paperSize: 'a4',
  supersededRunRetentionDays: 30,
  auditRetentionDays: 365,
  consentGivenBy: 'guardian',
  studentFaceReading: 'read',
  blurredPlaybackCopy: 'on-request',
  studentSummaries: false,
  consentedStudentMarker: 'off',
};

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const schools = pgTable('schools', {
  id: id(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<SchoolSettings>().notNull().default(DEFAULT_SCHOOL_SETTINGS),
  createdAt: createdAt(),
});

export const departments = pgTable(
  'departments',
  {
    id: id(),
    schoolId: uuid('school_id').notNull().references(() => schools.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('departments_school_name').on(t.schoolId, t.name)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    schoolId: uuid('school_id').notNull().references(() => schools.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** argon2id; null until the person accepts their invite. */
    passwordHash: text('password_hash'),
    roles: text('roles').array().$type<Role[]>().notNull(),
    /** The department a department head leads (teachers' departments come from their classes). */
    departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'set null' }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Sessions signed in before this moment are over (set when the password is reset). */
    sessionsValidFrom: timestamp('sessions_valid_from', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email').on(sql`lower(${t.email})`)],
);

export const classes = pgTable(
  'classes',
  {
    id: id(),
    schoolId: uuid('school_id').notNull().references(() => schools.id, { onDelete: 'cascade' }),
    departmentId: uuid('department_id').notNull().references(() => departments.id),
    teacherId: uuid('teacher_id').notNull().references(() => users.id),
    name: text('name').notNull(),
    subject: text('subject').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('classes_teacher').on(t.teacherId)],
);

export const enrolments = pgTable(
  'enrolments',
  {
    classId: uuid('class_id').notNull().references(() => classes.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.studentId] })],
);

export const LESSON_STATUSES = ['draft', 'processing', 'ready', 'failed', 'cancelled'] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

export const lessons = pgTable(
  'lessons',
  {
    id: id(),
    schoolId: uuid('school_id').notNull().references(() => schools.id, { onDelete: 'cascade' }),
    classId: uuid('class_id').notNull().references(() => classes.id),
    teacherId: uuid('teacher_id').notNull().references(() => users.id),
    title: text('title').notNull(),
    taughtOn: date('taught_on').notNull(),
    status: text('status').$type<LessonStatus>().notNull().default('draft'),
    /** The teacher's switch: department heads see a lesson only when this is on. */
    sharedWithDepartment: boolean('shared_with_department').notNull().default(false),
    currentMediaId: uuid('current_media_id'),
    /** The run whose results the lesson shows: its latest successful one (earlier ones stay until their retention ends). */
    currentRunId: uuid('current_run_id').references((): AnyPgColumn => analysisRuns.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('lessons_class').on(t.classId), index('lessons_teacher').on(t.teacherId)],
);

export const mediaAssets = pgTable(
  'media_assets',
  {
    id: id(),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    originalName: text('original_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    durationSeconds: real('duration_seconds').notNull(),
    container: text('container').notNull(),
    video: jsonb('video').$type<VideoStreamFacts | null>(),
    audio: jsonb('audio').$type<AudioStreamFacts | null>(),
    /** Derived files written by analysis stages. */
    posterKey: text('poster_key'),
    audioTrackKey: text('audio_track_key'),
    /** The browser-playable copy (H.264/AAC MP4, or AAC/MP4 for sound only) the report plays; the upload itself is never served. */
    playbackKey: text('playback_key'),
    playbackType: text('playback_type'),
    uploadedBy: uuid('uploaded_by').notNull().references(() => users.id),
    /** When a newer upload replaced this recording (its runs are kept until their retention ends). */
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
    /** When the retention sweep deleted the uploaded file and its sound track (lib/lessons/recording-retention.ts); the row, its facts and results stay. */
    recordingDeletedAt: timestamp('recording_deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('media_assets_lesson').on(t.lessonId)],
);

export type RunSummary = {
  faces?: {
    coverage: number;
    people: number;
    teacherPersonKey: string | null;
    teacherMethod: string;
    teacherConfirmed: boolean;
    teacherExplanation: string;
    detector: string;
    /** What was read from students' faces (school setting at the time of the run); absent in runs made before it existed: 'read'. */
    studentFaceReading?: StudentFaceReading;
  };
  voices?: {
    /** The lesson's voices, for the page's list and the teacher's choice. */
    /**
     * sampleKey: the voice's listening sample (a few seconds of WAV) in storage, null or absent when none was cut;
     * notEnoughSpeech: too little speech for a voice-emotion estimate.
     */
    speakers: { id: number; role: 'teacher' | 'student'; speechS: number; sampleKey?: string | null; notEnoughSpeech?: boolean }[];
    teacherSpeakerId: number | null;
    teacherEvidence: TeacherEvidence | null;
    teacherConfirmed: boolean;
    quality: DataQuality;
    talk: TalkMetrics;
    /** The same figures per 5-minute window. */
    windows: TalkMetrics[];
    /** Teacher turns (the talk metrics' monologues) of at least a minute, for the report's key moments. */
    monologues?: { startS: number; endS: number }[];
  };
};

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const analysisRuns = pgTable(
  'analysis_runs',
  {
    id: id(),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    // No cascade: replacing a recording keeps the runs made from it; the superseded-run sweep deletes both.
    mediaAssetId: uuid('media_asset_id').notNull().references(() => mediaAssets.id),
    status: text('status').$type<RunStatus>().notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    /** Failed stage attempts over the whole run. */
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** Milliseconds spent per stage, summed over chunks. */
    stageTimings: jsonb('stage_timings').$type<Record<string, number>>().notNull().default({}),
    /** Sentences for the teacher about skipped or degraded parts ("no audio stream: voice stage skipped"). */
    notes: jsonb('notes').$type<string[]>().notNull().default([]),
    /** TensorFlow.js backend that ran the models. */
    tfBackend: text('tf_backend'),
    /** Lesson-level results for lists and reports: face coverage, teacher choice, talk metrics, audio quality. */
    summary: jsonb('summary').$type<RunSummary>().notNull().default({}),
    requestedBy: uuid('requested_by').notNull().references(() => users.id),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** When a newer run of the lesson succeeded; the superseded-run sweep deletes this run after the school's retention. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [index('analysis_runs_lesson').on(t.lessonId), index('analysis_runs_superseded').on(t.supersededAt)],
);

/** The merged analysis of a run (lib/results/merged-analysis.ts reads and writes it): what relabels and reports start from. */
export const runAnalyses = pgTable('run_analyses', {
  runId: uuid('run_id').primaryKey().references(() => analysisRuns.id, { onDelete: 'cascade' }),
  analysis: jsonb('analysis').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const STAGE_STATUSES = ['queued', 'running', 'done', 'failed', 'skipped', 'cancelled'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/**
 * One row per stage (and per chunk of a chunked stage) of a run. The unique key
 * is what makes a retried or duplicated job unable to store its output twice.
 */
export const runStages = pgTable(
  'run_stages',
  {
    id: id(),
    runId: uuid('run_id').notNull().references(() => analysisRuns.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    chunk: integer('chunk').notNull().default(0),
    status: text('status').$type<StageStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    output: jsonb('output'),
    /** How far the running attempt is, 0–1 (frames or seconds done of this chunk). */
    progress: real('progress').notNull().default(0),
    /** The pg-boss job last sent for this stage. */
    jobId: uuid('job_id'),
    /** The worker whose attempt holds the stage, and when it last said it is alive (its lease: lib/jobs/lease.ts). */
    workerId: text('worker_id'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('run_stages_key').on(t.runId, t.stage, t.chunk), index('run_stages_running').on(t.status, t.heartbeatAt)],
);

/** One person seen in a lesson's video, with their per-second face timeline. */
export const lessonPeople = pgTable(
  'lesson_people',
  {
    id: id(),
    runId: uuid('run_id').notNull().references(() => analysisRuns.id, { onDelete: 'cascade' }),
    /** Lesson-local id: P1, P2, … in order of first appearance. */
    personKey: text('person_key').notNull(),
    role: text('role').$type<'teacher' | 'student'>().notNull(),
    visibleSeconds: real('visible_seconds').notNull(),
    ranges: jsonb('ranges').$type<Array<[number, number]>>().notNull(),
    /** A face crop, kept only where the school's privacy settings allow it for this role. */
    thumbnailKey: text('thumbnail_key'),
    /** Per second from the lesson start: visible (0/1), face quality, expression probabilities. */
    timeline: jsonb('timeline').$type<{ visible: number[]; quality: Array<number | null>; expressions: Array<number[] | null> }>().notNull(),
  },
  (t) => [uniqueIndex('lesson_people_key').on(t.runId, t.personKey)],
);

/**
 * The lesson second by second: the teacher's and the students' faces and
 * voices. One row per second, so trends and reports aggregate in SQL.
 */
export const lessonSeconds = pgTable(
  'lesson_seconds',
  {
    runId: uuid('run_id').notNull().references(() => analysisRuns.id, { onDelete: 'cascade' }),
    t: integer('t').notNull(),
    teacherFace: real('teacher_face').array(),
    studentsFace: real('students_face').array(),
    studentFacesVisible: integer('student_faces_visible').notNull().default(0),
    studentFacesReadable: integer('student_faces_readable').notNull().default(0),
    /** Student faces whose head pose was read, and those of them facing the front (lib/results/indicators.ts). */
    studentFacesPosed: integer('student_faces_posed').notNull().default(0),
    studentFacesFront: integer('student_faces_front').notNull().default(0),
    /** Weights of each side in the combined estimate (lib/results/fusion.ts): face quality × readable share, voice confidence × speech share × sound-quality factor. */
    teacherFaceWeight: real('teacher_face_weight'),
    studentsFaceWeight: real('students_face_weight'),
    teacherVoiceWeight: real('teacher_voice_weight'),
    studentsVoiceWeight: real('students_voice_weight'),
    /** Face and voice combined by those weights (EMOTIONS order); null when neither side was read. */
    teacherCombined: real('teacher_combined').array(),
    studentsCombined: real('students_combined').array(),
    /** Who is speaking: teacher, student, overlap or none; null without a sound track. */
    speech: text('speech').$type<'teacher' | 'student' | 'overlap' | 'none'>(),
    teacherVoice: real('teacher_voice').array(),
    teacherVoiceConfidence: real('teacher_voice_confidence'),
    studentsVoice: real('students_voice').array(),
    studentsVoiceConfidence: real('students_voice_confidence'),
    levelDb: real('level_db'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.t] })],
);

/**
 * One row per run with its lesson-level figures (lib/results/lesson-summary.ts
 * computes it from `lesson_seconds` with INDICATOR_SQL, in the transaction
 * that stores the seconds), so department trends aggregate hundreds of
 * lessons without reading their seconds again.
 */
export const lessonSummaries = pgTable('lesson_summaries', {
  runId: uuid('run_id').primaryKey().references(() => analysisRuns.id, { onDelete: 'cascade' }),
  seconds: integer('seconds').notNull(),
  /** Student people found in the run's video (lesson_people): with the roster, the base of the minimum group size. */
  studentsSeen: integer('students_seen').notNull(),
  attentionPct: real('attention_pct'),
  posedFaceSeconds: integer('posed_face_seconds').notNull(),
  studentsBalancePts: real('students_balance_pts'),
  studentsBalanceSeconds: integer('students_balance_seconds').notNull(),
  teacherBalancePts: real('teacher_balance_pts'),
  teacherBalanceSeconds: integer('teacher_balance_seconds').notNull(),
  /** From the run summary's talk metrics; null without a sound track. */
  teacherTalkPct: real('teacher_talk_pct'),
  studentTalkPct: real('student_talk_pct'),
  overlapPct: real('overlap_pct'),
  silencePct: real('silence_pct'),
  studentTurns: integer('student_turns'),
  medianWaitS: real('median_wait_s'),
  answeredQuestions: integer('answered_questions'),
});

/**
 * A consented, enrolled student found among a run's people (lib/students):
 * which person, how near their face template, and the figures their own
 * summary shows. Stored only while the student's consent is in force;
 * withdrawing it deletes every row with the face template.
 */
export const studentMatches = pgTable(
  'student_matches',
  {
    runId: uuid('run_id').notNull().references(() => analysisRuns.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    personKey: text('person_key').notNull(),
    distance: real('distance').notNull(),
    visibleSeconds: real('visible_seconds').notNull(),
    /** The student's own figures, by the lesson indicators' definitions applied to their face alone. */
    attentionPct: real('attention_pct'),
    balancePts: real('balance_pts'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.studentId] }), index('student_matches_student').on(t.studentId)],
);

export const REPORT_REASONS = ['analysis', 'rerun', 'recording-replaced', 'teacher-face', 'teacher-voice', 'person-excluded'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_STATUSES = ['rendering', 'ready', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * One immutable version of a lesson's report: the snapshot of exactly the
 * data it shows and the PDF printed from it, under the lesson's storage
 * prefix. Never updated once ready; deleted with the lesson.
 */
export const reportVersions = pgTable(
  'report_versions',
  {
    id: id(),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    /** 1, 2, … per lesson. */
    version: integer('version').notNull(),
    /** The run the snapshot was taken from (null once that run is gone; the snapshot stays). */
    runId: uuid('run_id').references(() => analysisRuns.id, { onDelete: 'set null' }),
    /** The recording that run analysed (null once that recording is gone: it was replaced). */
    mediaAssetId: uuid('media_asset_id').references(() => mediaAssets.id, { onDelete: 'set null' }),
    reason: text('reason').$type<ReportReason>().notNull(),
    status: text('status').$type<ReportStatus>().notNull().default('rendering'),
    error: text('error'),
    snapshotKey: text('snapshot_key'),
    pdfKey: text('pdf_key'),
    pdfBytes: integer('pdf_bytes'),
    pdfPages: integer('pdf_pages'),
    pdfSha256: text('pdf_sha256'),
    renderMs: integer('render_ms'),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    renderedAt: timestamp('rendered_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('report_versions_lesson_version').on(t.lessonId, t.version)],
);

/** A template is made by a job in a worker (models stay out of the web process): pending until then, failed with a sentence. */
export const TEMPLATE_STATUSES = ['pending', 'ready', 'failed'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/**
 * Face templates from a teacher's reference photos: the descriptor, and the
 * model that made it (a descriptor from another model is never compared).
 * The photo is stored while the template is pending, and kept only if the
 * teacher chose to.
 */
export const faceTemplates = pgTable('face_templates', {
  id: id(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  status: text('status').$type<TemplateStatus>().notNull(),
  descriptor: real('descriptor').array(),
  modelName: text('model_name'),
  modelVersion: text('model_version'),
  /** Why no descriptor could be made, for the teacher. */
  problem: text('problem'),
  photoKey: text('photo_key'),
  keepPhoto: boolean('keep_photo').notNull().default(false),
  createdAt: createdAt(),
});

/**
 * The voice template from a teacher's reference voice sample: an embedding
 * and the model that made it. The sample is stored only until the template
 * is made.
 */
export const voiceTemplates = pgTable('voice_templates', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  status: text('status').$type<TemplateStatus>().notNull(),
  embedding: real('embedding').array(),
  modelName: text('model_name'),
  modelVersion: text('model_version'),
  problem: text('problem'),
  sampleKey: text('sample_key'),
  seconds: real('seconds').notNull(),
  createdAt: createdAt(),
});

/** What a student (or their guardian) can consent to, or opt out of. */
export const CONSENT_KINDS = ['face-template', 'personal-summary', 'analysis-opt-out'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export const CONSENT_DECISIONS = ['given', 'withdrawn'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/**
 * Every consent decision about a student, never updated or deleted while the
 * student's account exists (lib/consent writes them): the current state of a
 * kind is its latest record. 'given' on 'analysis-opt-out' means the student
 * opted out.
 */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: id(),
    /** Strict order of records (two in one transaction share a timestamp). */
    seq: integer('seq').generatedAlwaysAsIdentity(),
    schoolId: uuid('school_id').notNull().references(() => schools.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ConsentKind>().notNull(),
    decision: text('decision').$type<ConsentDecision>().notNull(),
    givenBy: text('given_by').$type<ConsentParty>().notNull(),
    /** The guardian who decided, as they signed (guardians have no account). */
    guardianName: text('guardian_name'),
    /** Who recorded it; the name is kept so the history still says who after their account is deleted. */
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedByName: text('recorded_by_name').notNull(),
    note: text('note'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consent_records_student').on(t.studentId, t.kind, t.seq)],
);

/** Where an excluded person's face was (seconds from the lesson start, relative box): enough to find them again in a re-run of the same recording, nothing biometric. */
export type ExcludedPosition = { t: number; box: [number, number, number, number] };

/**
 * A person the teacher excluded from a lesson's recording (a student who
 * opted out): their data is deleted from every run of this recording and
 * their face is blurred. Positions, not a face template, say who they were.
 */
export const lessonExclusions = pgTable(
  'lesson_exclusions',
  {
    id: id(),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    mediaAssetId: uuid('media_asset_id').notNull().references(() => mediaAssets.id, { onDelete: 'cascade' }),
    /** The person's label (P3) in the run where they were excluded. */
    personKey: text('person_key').notNull(),
    runId: uuid('run_id').references(() => analysisRuns.id, { onDelete: 'set null' }),
    positions: jsonb('positions').$type<ExcludedPosition[]>().notNull(),
    excludedBy: uuid('excluded_by').references(() => users.id, { onDelete: 'set null' }),
    excludedByName: text('excluded_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('lesson_exclusions_asset').on(t.mediaAssetId)],
);

export const BLURRED_COPY_STATUSES = ['queued', 'making', 'ready', 'failed'] as const;
export type BlurredCopyStatus = (typeof BLURRED_COPY_STATUSES)[number];
export const BLURRED_COPY_REASONS = ['school-setting', 'requested', 'exclusion'] as const;
export type BlurredCopyReason = (typeof BLURRED_COPY_REASONS)[number];

/** How a blurred copy was made, for the lesson page and for checking it. */
export type BlurredCopyStats = {
  frames: number;
  fps: number;
  /** Frames with at least one blurred region, and regions blurred over all frames. */
  framesBlurred: number;
  regions: number;
  /** Face tracks found by the blur pass, and how many of their sightings were the teacher's (left unblurred). */
  tracks: number;
  teacherSightings: number;
  detectorFps: number;
  seconds: number;
};

/**
 * The copy of a run's recording with every face but the teacher's blurred
 * (lib/lessons/blurred-copy.ts): one per run, since who the teacher is and
 * who is excluded belong to the run. Made by the `blurred-copy` job.
 */
export const blurredCopies = pgTable('blurred_copies', {
  runId: uuid('run_id').primaryKey().references(() => analysisRuns.id, { onDelete: 'cascade' }),
  status: text('status').$type<BlurredCopyStatus>().notNull(),
  reason: text('reason').$type<BlurredCopyReason>().notNull(),
  storageKey: text('storage_key'),
  bytes: bigint('bytes', { mode: 'number' }),
  /** The teacher (person key) the copy leaves unblurred, as the run said when it was requested; null: nobody is known to be the teacher, so every face is blurred. */
  teacherPersonKey: text('teacher_person_key'),
  /** The job making it now; a newer request replaces it, and only the named job may store its copy. */
  jobId: uuid('job_id'),
  progress: real('progress').notNull().default(0),
  error: text('error'),
  stats: jsonb('stats').$type<BlurredCopyStats>(),
  requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

export const TOKEN_KINDS = ['invite', 'reset'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Invite and password-reset links; only a hash of the secret is stored. */
export const oneTimeTokens = pgTable('one_time_tokens', {
  id: id(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<TokenKind>().notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: id(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    /** SHA-256 of the browser's device cookie (lib/auth/device.ts); null when it sent none. */
    device: text('device'),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_attempts_email_at').on(t.email, t.at),
    index('sign_in_attempts_ip_at').on(t.ip, t.at),
    index('sign_in_attempts_email_device').on(t.email, t.device),
  ],
);

/**
 * A student's parent or carer: a contact record of the school, not an
 * account (guardians do not sign in). Consent records name the guardian who
 * gave consent; the roster import creates and links them.
 */
export const guardians = pgTable(
  'guardians',
  {
    id: id(),
    schoolId: uuid('school_id').notNull().references(() => schools.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('guardians_school_email').on(t.schoolId, sql`lower(${t.email})`)],
);

/** Which students a guardian is responsible for; goes with the student or the guardian. */
export const studentGuardians = pgTable(
  'student_guardians',
  {
    studentId: uuid('student_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    guardianId: uuid('guardian_id').notNull().references(() => guardians.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.studentId, t.guardianId] }), index('student_guardians_guardian').on(t.guardianId)],
);

/**
 * Who opened what, and who changed what (lib/audit). Links to the person and
 * the lesson are cleared when they are deleted; the labels written with the
 * entry keep it readable (a deleted person's name is removed from entries
 * about them, see lib/people/delete-person.ts).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    schoolId: uuid('school_id').notNull().references(() => schools.id, { onDelete: 'cascade' }),
    // Milliseconds, as JavaScript dates hold them: the CSV export pages through entries by (at, id).
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    lessonId: uuid('lesson_id').references(() => lessons.id, { onDelete: 'set null' }),
    /** The person the entry is about (roles, enrolment, consent, account changes). */
    personId: uuid('person_id').references(() => users.id, { onDelete: 'set null' }),
    /** What was opened or changed, in words: "Forces · Physics 9A · 20 Nov 2026", "Ava Patel", "School settings". */
    subject: text('subject').notNull(),
    /** What changed, in words ("roles: Teacher → Teacher, Department head"); never ids of lessons, runs or files. */
    detail: text('detail'),
  },
  (t) => [
    index('audit_events_school_at').on(t.schoolId, t.at),
    index('audit_events_actor').on(t.actorId),
    index('audit_events_lesson').on(t.lessonId),
    index('audit_events_person').on(t.personId),
  ],
);

export type School = typeof schools.$inferSelect;
export type Department = typeof departments.$inferSelect;
export type User = typeof users.$inferSelect;
export type Class = typeof classes.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;
export type MediaAsset = typeof mediaAssets.$inferSelect;
export type AnalysisRun = typeof analysisRuns.$inferSelect;
export type RunStage = typeof runStages.$inferSelect;
export type LessonPerson = typeof lessonPeople.$inferSelect;
export type LessonSecond = typeof lessonSeconds.$inferSelect;
export type ReportVersion = typeof reportVersions.$inferSelect;
export type LessonSummaryRow = typeof lessonSummaries.$inferSelect;
export type StudentMatch = typeof studentMatches.$inferSelect;
export type FaceTemplate = typeof faceTemplates.$inferSelect;
export type VoiceTemplate = typeof voiceTemplates.$inferSelect;
export type Guardian = typeof guardians.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type ConsentRecord = typeof consentRecords.$inferSelect;
export type LessonExclusion = typeof lessonExclusions.$inferSelect;
export type BlurredCopy = typeof blurredCopies.$inferSelect;
