CREATE TABLE "report_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lesson_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"run_id" uuid,
	"media_asset_id" uuid,
	"reason" text NOT NULL,
	"status" text DEFAULT 'rendering' NOT NULL,
	"error" text,
	"snapshot_key" text,
	"pdf_key" text,
	"pdf_bytes" integer,
	"pdf_pages" integer,
	"pdf_sha256" text,
	"render_ms" integer,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rendered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "schools" ALTER COLUMN "settings" SET DEFAULT '{"keepTeacherThumbnails":true,"keepStudentThumbnails":false,"faceDetector":"ssd","wording":"emotion","rawVideoRetentionDays":null,"paperSize":"a4","supersededRunRetentionDays":30}'::jsonb;--> statement-breakpoint
ALTER TABLE "lesson_seconds" ADD COLUMN "student_faces_posed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lesson_seconds" ADD COLUMN "student_faces_front" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lesson_seconds" ADD COLUMN "teacher_face_weight" real;--> statement-breakpoint
ALTER TABLE "lesson_seconds" ADD COLUMN "students_face_weight" real;--> statement-breakpoint
ALTER TABLE "lesson_seconds" ADD COLUMN "teacher_voice_weight" real;--> statement-breakpoint
ALTER TABLE "lesson_seconds" ADD COLUMN "students_voice_weight" real;--> statement-breakpoint
ALTER TABLE "lesson_seconds" ADD COLUMN "teacher_combined" real[];--> statement-breakpoint
ALTER TABLE "lesson_seconds" ADD COLUMN "students_combined" real[];--> statement-breakpoint
ALTER TABLE "media_assets" ADD COLUMN "playback_key" text;--> statement-breakpoint
ALTER TABLE "media_assets" ADD COLUMN "playback_type" text;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_media_asset_id_media_assets_id_fk" FOREIGN KEY ("media_asset_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_versions" ADD CONSTRAINT "report_versions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_versions_lesson_version" ON "report_versions" USING btree ("lesson_id","version");