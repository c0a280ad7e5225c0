CREATE TABLE "face_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"descriptor" real[],
	"model_name" text,
	"model_version" text,
	"problem" text,
	"photo_key" text,
	"keep_photo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_analyses" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"analysis" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_templates" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"embedding" real[],
	"model_name" text,
	"model_version" text,
	"problem" text,
	"sample_key" text,
	"seconds" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analysis_runs" DROP CONSTRAINT "analysis_runs_media_asset_id_media_assets_id_fk";
--> statement-breakpoint
ALTER TABLE "schools" ALTER COLUMN "settings" SET DEFAULT '{"keepTeacherThumbnails":true,"keepStudentThumbnails":false,"faceDetector":"ssd","wording":"emotion","rawVideoRetentionDays":null,"supersededRunRetentionDays":30}'::jsonb;--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "current_run_id" uuid;--> statement-breakpoint
ALTER TABLE "media_assets" ADD COLUMN "replaced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "run_stages" ADD COLUMN "progress" real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "run_stages" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "run_stages" ADD COLUMN "worker_id" text;--> statement-breakpoint
ALTER TABLE "run_stages" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "face_templates" ADD CONSTRAINT "face_templates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_analyses" ADD CONSTRAINT "run_analyses_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_templates" ADD CONSTRAINT "voice_templates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_media_asset_id_media_assets_id_fk" FOREIGN KEY ("media_asset_id") REFERENCES "public"."media_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_current_run_id_analysis_runs_id_fk" FOREIGN KEY ("current_run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analysis_runs_superseded" ON "analysis_runs" USING btree ("superseded_at");--> statement-breakpoint
CREATE INDEX "run_stages_running" ON "run_stages" USING btree ("status","heartbeat_at");--> statement-breakpoint
ALTER TABLE "analysis_runs" DROP COLUMN "stage";