GRANT DELETE ON applications TO gk_app;
