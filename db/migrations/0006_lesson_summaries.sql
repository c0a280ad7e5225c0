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
ALTER TABLE "lesson_summaries" ADD CONSTRAINT "lesson_summaries_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;