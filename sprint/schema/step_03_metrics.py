"""Schema step 3: metrics. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    3,
    "metrics",
    (
        # What the pilot costs, for ROI and payback (Step 5).
        "ALTER TABLE initiatives ADD COLUMN one_off_cost DOUBLE NOT NULL DEFAULT 0",
        "ALTER TABLE initiatives ADD COLUMN monthly_cost DOUBLE NOT NULL DEFAULT 0",
        "CREATE SEQUENCE metric_id_seq START 1",
        """
        CREATE TABLE metrics (
            id            INTEGER PRIMARY KEY DEFAULT nextval('metric_id_seq'),
            initiative_id INTEGER NOT NULL,
            department    VARCHAR NOT NULL,
            name          VARCHAR NOT NULL,
            unit          VARCHAR NOT NULL DEFAULT '',
            direction     VARCHAR NOT NULL,          -- 'lower' or 'higher' is better
            baseline      DOUBLE NOT NULL,           -- stored as people read it: 8.2 for 8.2%
            target        DOUBLE NOT NULL,
            is_savings    BOOLEAN NOT NULL DEFAULT false,  -- dollars saved per month: feeds ROI
            position      INTEGER NOT NULL DEFAULT 0,
            archived      BOOLEAN NOT NULL DEFAULT false,
            version       INTEGER NOT NULL DEFAULT 1,
            created_by    VARCHAR NOT NULL,
            created_at    TIMESTAMP NOT NULL,
            updated_by    VARCHAR NOT NULL,
            updated_at    TIMESTAMP NOT NULL
        )
        """,
        """
        CREATE TABLE metric_milestones (
            metric_id   INTEGER NOT NULL,
            month_index INTEGER NOT NULL,
            target      DOUBLE NOT NULL,
            PRIMARY KEY (metric_id, month_index)
        )
        """,
        """
        CREATE TABLE metric_actuals (
            metric_id   INTEGER NOT NULL,
            month_index INTEGER NOT NULL,             -- sprint month: 1 = days 1-30
            value       DOUBLE NOT NULL,              -- a blank is no row, never zero
            entered_by  VARCHAR NOT NULL,
            entered_at  TIMESTAMP NOT NULL,
            PRIMARY KEY (metric_id, month_index)
        )
        """,
    ),
)
