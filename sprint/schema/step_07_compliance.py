"""Schema step 7: compliance. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    7,
    "compliance",
    (
        """
        CREATE TABLE compliance_profiles (
            initiative_id       INTEGER PRIMARY KEY,
            sectors             VARCHAR NOT NULL DEFAULT '',   -- comma-separated, from the catalog's lists
            decisions           VARCHAR NOT NULL DEFAULT '',
            locations           VARCHAR NOT NULL DEFAULT '',
            optional_frameworks BOOLEAN NOT NULL DEFAULT false,
            contact             VARCHAR NOT NULL DEFAULT '',   -- where people reach a person, for notices
            updated_by          VARCHAR NOT NULL,
            updated_at          TIMESTAMP NOT NULL
        )
        """,
        """
        CREATE TABLE obligation_status (
            initiative_id INTEGER NOT NULL,
            obligation_id VARCHAR NOT NULL,   -- the catalog's stable id
            status        VARCHAR NOT NULL,   -- not started, in progress, done, not applicable
            owner         VARCHAR NOT NULL DEFAULT '',
            due           DATE,
            evidence      VARCHAR NOT NULL DEFAULT '',
            na_reason     VARCHAR NOT NULL DEFAULT '',
            updated_by    VARCHAR NOT NULL,
            updated_at    TIMESTAMP NOT NULL,
            PRIMARY KEY (initiative_id, obligation_id)
        )
        """,
        """
        CREATE TABLE data_register (
            initiative_id INTEGER NOT NULL,
            position      INTEGER NOT NULL,
            name          VARCHAR NOT NULL,
            kind          VARCHAR NOT NULL,   -- data source, decision point
            owner         VARCHAR NOT NULL DEFAULT '',
            personal_data BOOLEAN NOT NULL DEFAULT false,
            categories    VARCHAR NOT NULL DEFAULT '',
            human_review  BOOLEAN NOT NULL DEFAULT false,
            consequential BOOLEAN NOT NULL DEFAULT false,
            retention     VARCHAR NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE bias_runs (
            initiative_id INTEGER NOT NULL,
            run_at        TIMESTAMP NOT NULL,
            attribute     VARCHAR NOT NULL,
            groups_json   VARCHAR NOT NULL,   -- the counts as entered
            summary       VARCHAR NOT NULL,
            created_by    VARCHAR NOT NULL
        )
        """,
        """
        CREATE TABLE notices (
            initiative_id INTEGER NOT NULL,
            channel       VARCHAR NOT NULL,
            text          VARCHAR NOT NULL,
            updated_by    VARCHAR NOT NULL,
            updated_at    TIMESTAMP NOT NULL,
            PRIMARY KEY (initiative_id, channel)
        )
        """,
    ),
)
