ALTER TYPE "public"."item_subject" ADD VALUE 'basics';--> statement-breakpoint
ALTER TYPE "public"."item_subject" ADD VALUE 'panel';--> statement-breakpoint
ALTER TABLE "blueprints" DROP CONSTRAINT "blueprints_scope";--> statement-breakpoint
ALTER TABLE "blueprints" DROP CONSTRAINT "blueprints_grade";--> statement-breakpoint
ALTER TABLE "question_banks" DROP CONSTRAINT "question_banks_scope";--> statement-breakpoint
ALTER TABLE "score_results" DROP CONSTRAINT "score_results_source";--> statement-breakpoint
ALTER TABLE "blueprints" ADD CONSTRAINT "blueprints_subject" CHECK ("blueprints"."subject"::text <> 'panel');--> statement-breakpoint
ALTER TABLE "blueprints" ADD CONSTRAINT "blueprints_scope" CHECK (("blueprints"."subject"::text in ('skill', 'basics')) = ("blueprints"."job_type_id" is not null) and ("blueprints"."subject"::text in ('skill', 'basics')) = ("blueprints"."grade" is not null) and ("blueprints"."subject"::text <> 'basics' or "blueprints"."grade" = 1) and ("blueprints"."subject"::text <> 'skill' or "blueprints"."grade" between 2 and 5));--> statement-breakpoint
ALTER TABLE "blueprints" ADD CONSTRAINT "blueprints_grade" CHECK ("blueprints"."grade" is null or "blueprints"."grade" between 1 and 5);--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_subject" CHECK ("papers"."subject"::text <> 'panel');--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_subject" CHECK ("question_banks"."subject"::text <> 'panel');--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_scope" CHECK (("question_banks"."subject"::text in ('skill', 'basics')) = ("question_banks"."job_type_id" is not null) and (not ("question_banks"."subject"::text in ('skill', 'basics')) or "question_banks"."grade" is not null) and ("question_banks"."subject"::text <> 'basics' or "question_banks"."grade" = 1));--> statement-breakpoint
ALTER TABLE "score_results" ADD CONSTRAINT "score_results_panel" CHECK (("score_results"."subject"::text = 'panel') = ("score_results"."source" = 'panel'));--> statement-breakpoint
ALTER TABLE "score_results" ADD CONSTRAINT "score_results_source" CHECK ("score_results"."source" in ('exam', 'import', 'panel'));--> statement-breakpoint
ALTER TABLE "score_reviews" ADD CONSTRAINT "score_reviews_subject" CHECK ("score_reviews"."subject"::text <> 'panel');--> statement-breakpoint
-- hand-written:
-- 一级 candidates now sit two computer-based papers (职业道德, 专业基础知识; rules.md §6), so the bank manager's
-- candidate list takes every grade. Same signature, grants kept.
CREATE OR REPLACE FUNCTION gk_exam_candidates(p_campaign integer)
RETURNS TABLE (application_id integer, job_type_id integer, grade integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.id, a.applied_job_type_id, a.applied_grade FROM applications a
  WHERE a.campaign_id = p_campaign AND a.status = 'province_confirmed' AND a.applied_grade BETWEEN 1 AND 5
$$;
