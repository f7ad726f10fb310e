CREATE TYPE "public"."account_role" AS ENUM('province_admin', 'jurisdiction_admin', 'department_reviewer', 'unit_officer', 'proctor', 'applicant');--> statement-breakpoint
CREATE TYPE "public"."jurisdiction_type" AS ENUM('city', 'county', 'provincial_units', 'central_units');--> statement-breakpoint
CREATE TYPE "public"."org_kind" AS ENUM('province', 'jurisdiction', 'department', 'unit');--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" "account_role" NOT NULL,
	"org_node_id" integer,
	"org_path" text,
	"phone" text,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "accounts_official_bound" CHECK ("accounts"."role" = 'applicant' or ("accounts"."org_node_id" is not null and "accounts"."org_path" is not null))
);
--> statement-breakpoint
ALTER TABLE "accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_id" bigint NOT NULL,
	"last_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"actor_account_id" integer,
	"actor_username" text,
	"actor_role" text,
	"org_node_id" integer,
	"org_path" text,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"action" text NOT NULL,
	"summary" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "org_nodes" (
	"id" serial PRIMARY KEY NOT NULL,
	"parent_id" integer,
	"kind" "org_kind" NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"path" text NOT NULL,
	"depth" integer NOT NULL,
	"jurisdiction_type" "jurisdiction_type",
	"reviewed_by_province" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "org_nodes_parent_kind" CHECK (("org_nodes"."kind" = 'province') = ("org_nodes"."parent_id" is null))
);
--> statement-breakpoint
ALTER TABLE "org_nodes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"account_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_nodes" ADD CONSTRAINT "org_nodes_parent_id_org_nodes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."org_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_username_key" ON "accounts" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "accounts_org_path_idx" ON "accounts" USING btree ("org_path");--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_org_path_idx" ON "audit_log" USING btree ("org_path");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "org_nodes_path_key" ON "org_nodes" USING btree ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "org_nodes_parent_name_key" ON "org_nodes" USING btree ("parent_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "org_nodes_credit_code_key" ON "org_nodes" USING btree ("code") WHERE "org_nodes"."kind" in ('department', 'unit');--> statement-breakpoint
CREATE INDEX "org_nodes_parent_idx" ON "org_nodes" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "sessions_account_idx" ON "sessions" USING btree ("account_id");--> statement-breakpoint
CREATE POLICY "accounts_select" ON "accounts" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("accounts"."org_path", gk_scope()) or "accounts"."id" = gk_account_id());--> statement-breakpoint
CREATE POLICY "accounts_insert" ON "accounts" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role" = 'proctor')));--> statement-breakpoint
CREATE POLICY "accounts_update" ON "accounts" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role" = 'proctor'))) WITH CHECK ((starts_with("accounts"."org_path", gk_scope()) and ("accounts"."org_path" <> gk_scope() or "accounts"."role" = 'proctor')));--> statement-breakpoint
CREATE POLICY "audit_log_select" ON "audit_log" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("audit_log"."org_path", gk_scope()));--> statement-breakpoint
CREATE POLICY "audit_log_insert" ON "audit_log" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "org_nodes_select" ON "org_nodes" AS PERMISSIVE FOR SELECT TO "gk_app" USING (starts_with("org_nodes"."path", gk_scope()) or starts_with(gk_scope(), "org_nodes"."path"));--> statement-breakpoint
CREATE POLICY "org_nodes_insert" ON "org_nodes" AS PERMISSIVE FOR INSERT TO "gk_app" WITH CHECK ((starts_with("org_nodes"."path", gk_scope()) and "org_nodes"."path" <> gk_scope()));--> statement-breakpoint
CREATE POLICY "org_nodes_update" ON "org_nodes" AS PERMISSIVE FOR UPDATE TO "gk_app" USING ((starts_with("org_nodes"."path", gk_scope()) and "org_nodes"."path" <> gk_scope())) WITH CHECK ((starts_with("org_nodes"."path", gk_scope()) and "org_nodes"."path" <> gk_scope()));