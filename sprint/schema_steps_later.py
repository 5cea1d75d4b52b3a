"""Schema steps 9 on (import profiles, people and access codes, the risk register), kept apart so neither file outgrows the
house limit. Append only, like `schema_steps`: never edit, reorder or remove a released step."""

from __future__ import annotations

# (version, name, statements): `schema_steps` makes each a Migration.
LATER_STEPS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        9,
        "import_profiles",
        (
            """
            CREATE TABLE import_profiles (
                name        VARCHAR PRIMARY KEY,  -- what the person called it ("Monthly KPI tracker")
                signature   VARCHAR NOT NULL,     -- the file's headers, order and case ignored, months left out
                target      VARCHAR NOT NULL,     -- what the rows become (metrics_wide, features, ...)
                mapping     VARCHAR NOT NULL,     -- JSON: field -> column, and the options chosen
                updated_by  VARCHAR NOT NULL,
                updated_at  TIMESTAMP NOT NULL
            )
            """,
        ),
    ),
    (
        10,
        "people_and_codes",
        (
            """
            CREATE TABLE people (
                who         VARCHAR PRIMARY KEY,   -- a lower-case e-mail address, or '@domain' for everyone there
                name        VARCHAR NOT NULL DEFAULT '',
                role        VARCHAR NOT NULL,      -- facilitator, department head, viewer
                departments VARCHAR NOT NULL DEFAULT '[]',  -- JSON list, for department heads
                updated_by  VARCHAR NOT NULL,
                updated_at  TIMESTAMP NOT NULL
            )
            """,
            "CREATE SEQUENCE access_code_id_seq START 1",
            """
            CREATE TABLE access_codes (
                id          INTEGER PRIMARY KEY DEFAULT nextval('access_code_id_seq'),
                role        VARCHAR NOT NULL,      -- facilitator (the passcode), department head, viewer
                department  VARCHAR NOT NULL DEFAULT '',
                salt        BLOB NOT NULL,
                digest      BLOB NOT NULL,         -- scrypt(code, salt): the code itself is never stored
                created_by  VARCHAR NOT NULL,
                created_at  TIMESTAMP NOT NULL,
                revoked_by  VARCHAR,
                revoked_at  TIMESTAMP
            )
            """,
            """
            CREATE TABLE access_settings (
                name        VARCHAR PRIMARY KEY,   -- unknown_people: viewer or none (single sign-on)
                value       VARCHAR NOT NULL,
                updated_by  VARCHAR NOT NULL,
                updated_at  TIMESTAMP NOT NULL
            )
            """,
        ),
    ),
    (
        11,
        "workflow_step_activity",
        (
            # What happens in each step of the day in the life ("Reads the invoice"), beside who and which tool.
            "ALTER TABLE workflow_steps ADD COLUMN activity VARCHAR NOT NULL DEFAULT ''",
        ),
    ),
    (
        12,
        "import_profile_owner",
        (
            # Profiles belong to whoever made them: others may use them, only they (or a facilitator) change them.
            "ALTER TABLE import_profiles ADD COLUMN owner VARCHAR NOT NULL DEFAULT ''",
            "UPDATE import_profiles SET owner = updated_by",
        ),
    ),
    (
        13,
        "compliance_profile_questions",
        (
            # Who you are for this system (deployer, developer or provider) and how it is used (public-facing,
            # generated content, patient care, emotion or biometrics). Uses '' = not answered yet, 'none' = no.
            "ALTER TABLE compliance_profiles ADD COLUMN roles VARCHAR NOT NULL DEFAULT ''",
            "ALTER TABLE compliance_profiles ADD COLUMN uses VARCHAR NOT NULL DEFAULT ''",
        ),
    ),
    (
        14,
        "people_account_subject",
        (
            # The identity provider's id (issuer and subject) of the account that first signed in with a listed
            # address: a different account with the same address is refused.
            "ALTER TABLE people ADD COLUMN subject VARCHAR NOT NULL DEFAULT ''",
        ),
    ),
    (
        15,
        "audit_seal",
        (
            # HMAC of each entry's hash with a key kept outside this file (sprint.audit_key): NULL for entries
            # written before the log was sealed.
            "ALTER TABLE audit_log ADD COLUMN mac VARCHAR",
        ),
    ),
    (
        16,
        "risk_register",
        (
            # Step 4's risk register (sprint.steps.governance.risks): likelihood and impact on a 1-5 scale, NULL when not rated;
            # the level as the register gave it (NULL: follows from the score).
            """
            CREATE TABLE risks (
                initiative_id       INTEGER NOT NULL,
                position            INTEGER NOT NULL,
                ref                 VARCHAR NOT NULL DEFAULT '',
                title               VARCHAR NOT NULL,
                category            VARCHAR NOT NULL DEFAULT '',
                cause               VARCHAR NOT NULL DEFAULT '',
                event               VARCHAR NOT NULL DEFAULT '',
                effect              VARCHAR NOT NULL DEFAULT '',
                likelihood          DOUBLE,
                impact              DOUBLE,
                impact_cost         DOUBLE,
                score               DOUBLE,
                level               VARCHAR,      -- low, medium, high
                owner               VARCHAR NOT NULL DEFAULT '',
                response            VARCHAR NOT NULL DEFAULT '',
                status              VARCHAR NOT NULL DEFAULT 'open',   -- open, closed
                raised_on           DATE,
                review_on           DATE,
                residual_likelihood DOUBLE,
                residual_impact     DOUBLE
            )
            """,
        ),
    ),
    (
        17,
        "feature_score",
        (
            # A backlog's own score (RICE, ICE, WSJF, ...), kept as the team wrote it; NULL when it has none.
            "ALTER TABLE features ADD COLUMN score DOUBLE",
        ),
    ),
    (
        18,
        "metric_definition_later",
        (
            # A metric imported from a monthly log before anyone defined it: no baseline or target yet (NULL),
            # shown as needing them until someone adds them on Step 5.
            "ALTER TABLE metrics ALTER COLUMN baseline DROP NOT NULL",
            "ALTER TABLE metrics ALTER COLUMN target DROP NOT NULL",
        ),
    ),
    (
        19,
        "workspace_id",
        (
            # A random id naming this workspace: it goes into every join token, so a cookie signed for another
            # workshop (which may share SPRINT_SECRET) never opens this one.
            "INSERT OR IGNORE INTO access_settings VALUES ('workspace_id', CAST(gen_random_uuid() AS VARCHAR), "
            "'system', now()::TIMESTAMP)",
        ),
    ),
)
