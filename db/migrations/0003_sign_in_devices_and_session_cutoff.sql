ALTER TABLE "sign_in_attempts" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sessions_valid_from" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email_device" ON "sign_in_attempts" USING btree ("email","device");