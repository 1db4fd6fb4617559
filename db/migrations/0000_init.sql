CREATE TABLE "audit_stages" (
	"audit_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"model_id" uuid NOT NULL,
	"source_dataset_id" uuid NOT NULL,
	"target_dataset_id" uuid NOT NULL,
	"layers" jsonb NOT NULL,
	"settings" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"stage" text,
	"error" text,
	"review_status" text DEFAULT 'draft' NOT NULL,
	"verdict" text,
	"highest_severity" text,
	"runtime" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "account" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"user_id" text NOT NULL,
	CONSTRAINT "session_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" text DEFAULT 'viewer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verification" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"provenance" text DEFAULT '' NOT NULL,
	"license" text DEFAULT '' NOT NULL,
	"card_id" text,
	"content_hash" text NOT NULL,
	"sample_count" integer DEFAULT 0 NOT NULL,
	"label_column" text,
	"feature_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attribute_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"text_column" text,
	"missing_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "samples" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "samples_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"dataset_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"external_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"label" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"content" "bytea",
	"mime" text,
	"width" integer,
	"height" integer,
	"channels" integer,
	"text" text
);
--> statement-breakpoint
CREATE TABLE "embedding_shards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "embedding_shards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"extractor_key" text NOT NULL,
	"content_key" text NOT NULL,
	"dataset_id" uuid,
	"layer" text NOT NULL,
	"shard_index" integer NOT NULL,
	"sample_ids" jsonb NOT NULL,
	"count" integer NOT NULL,
	"dim" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"engine" text NOT NULL,
	"backend" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_id" uuid NOT NULL,
	"audit_id" uuid,
	"level" text DEFAULT 'info' NOT NULL,
	"message" text NOT NULL,
	"data" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"type" text NOT NULL,
	"audit_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"stage" text,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"worker_id" text,
	"started_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "model_files" (
	"model_id" uuid NOT NULL,
	"path" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "model_files_model_id_path_pk" PRIMARY KEY("model_id","path")
);
--> statement-breakpoint
CREATE TABLE "model_layers" (
	"model_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"name" text NOT NULL,
	"class_name" text NOT NULL,
	"output_shape" jsonb NOT NULL,
	"params" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "model_layers_model_id_index_pk" PRIMARY KEY("model_id","index")
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"format" text NOT NULL,
	"bundled_path" text,
	"input_shape" jsonb NOT NULL,
	"preprocessing" jsonb NOT NULL,
	"weights_hash" text NOT NULL,
	"parameter_count" integer DEFAULT 0 NOT NULL,
	"has_head" boolean DEFAULT false NOT NULL,
	"head_classes" jsonb,
	"source_dataset" jsonb NOT NULL,
	"provenance" text DEFAULT '' NOT NULL,
	"suggested_layers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_bundled" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "audit_artifacts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_artifacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"audit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"layer" text,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"audit_id" uuid NOT NULL,
	"actor_id" text,
	"actor_email" text,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bias_findings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bias_findings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"audit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"attribute" text NOT NULL,
	"layer" text,
	"inferred_by" text,
	"result" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_results" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "metric_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"audit_id" uuid NOT NULL,
	"layer" text NOT NULL,
	"family" text NOT NULL,
	"features" text NOT NULL,
	"metric" text NOT NULL,
	"value" double precision,
	"low" double precision,
	"high" double precision,
	"p_value" double precision,
	"sample_size" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"audit_id" uuid PRIMARY KEY NOT NULL,
	"verdict" text NOT NULL,
	"split_layer" text,
	"confidence" double precision NOT NULL,
	"confidence_label" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"thresholds_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"audit_id" uuid NOT NULL,
	"warning_id" integer,
	"user_id" text,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"audit_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text,
	"created_by" text,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "share_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "verification_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "verification_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"audit_id" uuid NOT NULL,
	"strategy" text NOT NULL,
	"fraction" double precision NOT NULL,
	"train_size" integer NOT NULL,
	"test_size" integer NOT NULL,
	"seed" integer NOT NULL,
	"accuracy" double precision NOT NULL,
	"low" double precision,
	"high" double precision,
	"epochs" integer NOT NULL,
	"curve" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warnings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"audit_id" uuid NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"message" text NOT NULL,
	"mitigation" text,
	"evidence" jsonb,
	"review_state" text DEFAULT 'open' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_stages" ADD CONSTRAINT "audit_stages_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_source_dataset_id_datasets_id_fk" FOREIGN KEY ("source_dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_target_dataset_id_datasets_id_fk" FOREIGN KEY ("target_dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "samples" ADD CONSTRAINT "samples_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "embedding_shards" ADD CONSTRAINT "embedding_shards_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_logs" ADD CONSTRAINT "job_logs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_files" ADD CONSTRAINT "model_files_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_layers" ADD CONSTRAINT "model_layers_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_artifacts" ADD CONSTRAINT "audit_artifacts_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bias_findings" ADD CONSTRAINT "bias_findings_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_results" ADD CONSTRAINT "metric_results_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_runs" ADD CONSTRAINT "verification_runs_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_stages_key_idx" ON "audit_stages" USING btree ("audit_id","stage");--> statement-breakpoint
CREATE INDEX "audits_created_idx" ON "audits" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_content_hash_idx" ON "datasets" USING btree ("content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "samples_dataset_external_idx" ON "samples" USING btree ("dataset_id","external_id");--> statement-breakpoint
CREATE INDEX "samples_dataset_ordinal_idx" ON "samples" USING btree ("dataset_id","ordinal");--> statement-breakpoint
CREATE INDEX "samples_content_hash_idx" ON "samples" USING btree ("content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "embedding_shards_key_idx" ON "embedding_shards" USING btree ("extractor_key","content_key");--> statement-breakpoint
CREATE INDEX "embedding_shards_dataset_idx" ON "embedding_shards" USING btree ("dataset_id","layer");--> statement-breakpoint
CREATE INDEX "job_logs_audit_idx" ON "job_logs" USING btree ("audit_id","id");--> statement-breakpoint
CREATE INDEX "jobs_audit_idx" ON "jobs" USING btree ("audit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_artifacts_key_idx" ON "audit_artifacts" USING btree ("audit_id","kind","layer");--> statement-breakpoint
CREATE INDEX "audit_events_audit_idx" ON "audit_events" USING btree ("audit_id","id");--> statement-breakpoint
CREATE INDEX "bias_findings_audit_idx" ON "bias_findings" USING btree ("audit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_results_key_idx" ON "metric_results" USING btree ("audit_id","layer","features","metric");--> statement-breakpoint
CREATE INDEX "reviews_audit_idx" ON "reviews" USING btree ("audit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "verification_runs_key_idx" ON "verification_runs" USING btree ("audit_id","strategy","fraction");--> statement-breakpoint
CREATE INDEX "warnings_audit_idx" ON "warnings" USING btree ("audit_id");