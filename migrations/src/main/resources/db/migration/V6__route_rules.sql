-- Operator rules for route templates: every version is kept, so the table is also the audit
-- (who changed what, when; the previous version is the old value). The newest version applies.
CREATE TABLE route_rules (
    version    bigserial   PRIMARY KEY,
    rules      jsonb       NOT NULL,      -- [{"pattern": "/api/v1/users/{id}", "keepRaw": false}, ...]
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text        NOT NULL
);
INSERT INTO route_rules (rules, changed_by) VALUES ('[]', 'migration');
