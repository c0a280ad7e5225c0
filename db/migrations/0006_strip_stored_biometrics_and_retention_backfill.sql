-- The recording retention setting is now recordingRetentionDays (30 days by default); the old key was never read.
UPDATE "schools" SET "settings" = "settings" - 'rawVideoRetentionDays';
--> statement-breakpoint
-- Replaced recordings had their files deleted when they were replaced.
UPDATE "media_assets" SET "recording_deleted_at" = "replaced_at" WHERE "replaced_at" IS NOT NULL AND "recording_deleted_at" IS NULL;
--> statement-breakpoint
-- Face descriptors and voice embeddings of the people in a lesson are no longer stored (lib/results/merged-analysis.ts):
-- drop them from every stored merged analysis.
UPDATE "run_analyses" SET "analysis" = "analysis"
  || CASE WHEN jsonb_typeof("analysis"->'faces') = 'object' THEN jsonb_build_object('faces', ("analysis"->'faces') || jsonb_build_object(
       'tracks', (SELECT coalesce(jsonb_agg(t.value || '{"descriptor": null}'::jsonb ORDER BY t.ordinality), '[]'::jsonb) FROM jsonb_array_elements("analysis"->'faces'->'tracks') WITH ORDINALITY t),
       'people', (SELECT coalesce(jsonb_agg(p.value || '{"descriptor": null}'::jsonb ORDER BY p.ordinality), '[]'::jsonb) FROM jsonb_array_elements("analysis"->'faces'->'people') WITH ORDINALITY p)))
     ELSE '{}'::jsonb END
  || CASE WHEN jsonb_typeof("analysis"->'voices') = 'object' THEN jsonb_build_object('voices', ("analysis"->'voices') || jsonb_build_object(
       'speakers', (SELECT coalesce(jsonb_agg(s.value || '{"embedding": []}'::jsonb ORDER BY s.ordinality), '[]'::jsonb) FROM jsonb_array_elements("analysis"->'voices'->'speakers') WITH ORDINALITY s)))
     ELSE '{}'::jsonb END;
--> statement-breakpoint
-- Chunk outputs (every face's descriptor, every voice's embedding) of runs that ended are dropped, however they ended.
UPDATE "run_stages" SET "output" = NULL
WHERE "stage" IN ('faces', 'voices') AND "output" IS NOT NULL
  AND "run_id" IN (SELECT "id" FROM "analysis_runs" WHERE "status" IN ('succeeded', 'failed', 'cancelled'));
