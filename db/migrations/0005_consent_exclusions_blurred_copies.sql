CREATE TABLE "blurred_copies" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"storage_key" text,
	"bytes" bigint,
	"teacher_person_key" text,
	"job_id" uuid,
	"progress" real DEFAULT 0 NOT NULL,
	"error" text,
	"stats" jsonb,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "consent_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "consent_records_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"decision" text NOT NULL,
	"given_by" text NOT NULL,
	"guardian_name" text,
	"recorded_by" uuid,
	"recorded_by_name" text NOT NULL,
	"note" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lesson_exclusions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lesson_id" uuid NOT NULL,
	"media_asset_id" uuid NOT NULL,
	"person_key" text NOT NULL,
	"run_id" uuid,
	"positions" jsonb NOT NULL,
	"excluded_by" uuid,
	"excluded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "schools" ALTER COLUMN "settings" SET DEFAULT '{"keepTeacherThumbnails":true,"keepStudentThumbnails":false,"faceDetector":"ssd","wording":"emotion","rawVideoRetentionDays":null,"paperSize":"a4","supersededRunRetentionDays":30,"consentGivenBy":"guardian","studentFaceReading":"read","blurredPlaybackCopy":"on-request"}'::jsonb;--> statement-breakpoint
ALTER TABLE "blurred_copies" ADD CONSTRAINT "blurred_copies_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blurred_copies" ADD CONSTRAINT "blurred_copies_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_exclusions" ADD CONSTRAINT "lesson_exclusions_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_exclusions" ADD CONSTRAINT "lesson_exclusions_media_asset_id_media_assets_id_fk" FOREIGN KEY ("media_asset_id") REFERENCES "public"."media_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_exclusions" ADD CONSTRAINT "lesson_exclusions_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_exclusions" ADD CONSTRAINT "lesson_exclusions_excluded_by_users_id_fk" FOREIGN KEY ("excluded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_records_student" ON "consent_records" USING btree ("student_id","kind","seq");--> statement-breakpoint
CREATE INDEX "lesson_exclusions_asset" ON "lesson_exclusions" USING btree ("media_asset_id");