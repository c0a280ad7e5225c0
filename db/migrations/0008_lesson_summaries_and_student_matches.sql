CREATE TABLE "lesson_summaries" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"seconds" integer NOT NULL,
	"students_seen" integer NOT NULL,
	"attention_pct" real,
	"posed_face_seconds" integer NOT NULL,
	"students_balance_pts" real,
	"students_balance_seconds" integer NOT NULL,
	"teacher_balance_pts" real,
	"teacher_balance_seconds" integer NOT NULL,
	"teacher_talk_pct" real,
	"student_talk_pct" real,
	"overlap_pct" real,
	"silence_pct" real,
	"student_turns" integer,
	"median_wait_s" real,
	"answered_questions" integer
);
--> statement-breakpoint
CREATE TABLE "student_matches" (
	"run_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"person_key" text NOT NULL,
	"distance" real NOT NULL,
	"visible_seconds" real NOT NULL,
	"attention_pct" real,
	"balance_pts" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "student_matches_run_id_student_id_pk" PRIMARY KEY("run_id","student_id")
);
--> statement-breakpoint
ALTER TABLE "schools" ALTER COLUMN "settings" SET DEFAULT '{"keepTeacherThumbnails":true,"keepStudentThumbnails":false,"faceDetector":"ssd","wording":"emotion","recordingRetentionDays":30,"paperSize":"a4","supersededRunRetentionDays":30,"auditRetentionDays":365,"consentGivenBy":"guardian","studentFaceReading":"read","blurredPlaybackCopy":"on-request","studentSummaries":false}'::jsonb;--> statement-breakpoint
ALTER TABLE "lesson_summaries" ADD CONSTRAINT "lesson_summaries_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_matches" ADD CONSTRAINT "student_matches_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_matches" ADD CONSTRAINT "student_matches_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "student_matches_student" ON "student_matches" USING btree ("student_id");