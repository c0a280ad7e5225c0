-- Face and voice templates move from the enrolment tables, made by the models of the code that wrote them
-- (lib/analysis/face/template-model.ts, lib/analysis/voice/template-model.ts at this migration).
INSERT INTO "face_templates" ("id", "user_id", "status", "descriptor", "model_name", "model_version", "photo_key", "keep_photo", "created_at")
SELECT "id", "user_id", 'ready', "descriptor", 'face-api face recognition', '1.7.15', "photo_key", "photo_key" IS NOT NULL, "created_at" FROM "face_enrolments";
--> statement-breakpoint
INSERT INTO "voice_templates" ("user_id", "status", "embedding", "model_name", "model_version", "seconds", "created_at")
SELECT "user_id", 'ready', "embedding", 'MFCC Gaussian speaker model', '1', "seconds", "created_at" FROM "voice_enrolments";
--> statement-breakpoint
DROP TABLE "face_enrolments";
--> statement-breakpoint
DROP TABLE "voice_enrolments";
--> statement-breakpoint
-- The merged analysis of each finished run moves out of its merge stage row.
INSERT INTO "run_analyses" ("run_id", "analysis", "updated_at")
SELECT "run_id", "output", coalesce("finished_at", now()) FROM "run_stages" WHERE "stage" = 'merge' AND "status" = 'done' AND "output" IS NOT NULL;
--> statement-breakpoint
UPDATE "run_stages" SET "output" = NULL WHERE "stage" = 'merge';
--> statement-breakpoint
-- Each lesson shows its latest successful run; older successful runs are superseded from now.
UPDATE "lessons" SET "current_run_id" = latest."id"
FROM (SELECT DISTINCT ON ("lesson_id") "id", "lesson_id" FROM "analysis_runs" WHERE "status" = 'succeeded' ORDER BY "lesson_id", "created_at" DESC) AS latest
WHERE latest."lesson_id" = "lessons"."id";
--> statement-breakpoint
UPDATE "analysis_runs" SET "superseded_at" = now()
WHERE "id" NOT IN (SELECT "current_run_id" FROM "lessons" WHERE "current_run_id" IS NOT NULL)
  AND "status" IN ('succeeded', 'failed', 'cancelled')
  AND EXISTS (SELECT 1 FROM "lessons" WHERE "lessons"."id" = "analysis_runs"."lesson_id" AND "lessons"."current_run_id" IS NOT NULL);
