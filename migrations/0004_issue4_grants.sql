-- Default privileges give gk_app SELECT, INSERT and UPDATE; these tables also allow deletes (under their policies).
GRANT DELETE ON application_files, campaign_phases, campaign_jurisdictions, campaign_window_extensions, job_types, background_jobs TO gk_app;
