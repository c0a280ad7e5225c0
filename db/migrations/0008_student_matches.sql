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
ALTER TABLE "schools" ALTER COLUMN "settings" SET DEFAULT '{"keepTeacherThumbnails":true,"keepStudentThumbnails":false,"faceDetector":"ssd","wording":"emotion","rawVideoRetentionDays":null,"paperSize":"a4","supersededRunRetentionDays":30,"consentGivenBy":"guardian","studentFaceReading":"read","blurredPlaybackCopy":"on-request","studentSummaries":false}'::jsonb;--> statement-breakpoint
ALTER TABLE "student_matches" ADD CONSTRAINT "student_matches_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_matches" ADD CONSTRAINT "student_matches_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "student_matches_student" ON "student_matches" USING btree ("student_id");