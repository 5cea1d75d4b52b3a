"""Schema step 4: features. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    4,
    "features",
    (
        # A loaded cost per hour (salary, benefits, overhead), to turn hours saved into dollars (Step 1).
        "ALTER TABLE initiatives ADD COLUMN hourly_rate DOUBLE NOT NULL DEFAULT 60",
        "CREATE SEQUENCE feature_id_seq START 1",
        """
        CREATE TABLE features (
            id                INTEGER PRIMARY KEY DEFAULT nextval('feature_id_seq'),
            initiative_id     INTEGER NOT NULL,
            name              VARCHAR NOT NULL,
            dollars_per_month DOUBLE NOT NULL DEFAULT 0,
            hours_per_week    DOUBLE NOT NULL DEFAULT 0,
            volume_share      DOUBLE NOT NULL DEFAULT 0,   -- percent of the process's volume
            effort            VARCHAR NOT NULL DEFAULT '',
            notes             VARCHAR NOT NULL DEFAULT '',
            phase             VARCHAR,                     -- 'core' or 'phase 2'; NULL until a cut is made
            position          INTEGER NOT NULL,            -- the order they were entered
            version           INTEGER NOT NULL DEFAULT 1,
            created_by        VARCHAR NOT NULL,
            created_at        TIMESTAMP NOT NULL,
            updated_by        VARCHAR NOT NULL,
            updated_at        TIMESTAMP NOT NULL
        )
        """,
    ),
)
