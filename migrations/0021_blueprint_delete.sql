-- A bank manager deletes a draft blueprint (组卷规则) that no paper generation drew from; the service checks the
-- draft status and the pools, and the foreign key from paper_pools refuses the rest.
GRANT DELETE ON "blueprints" TO gk_bank;
