"""Schema step 8: plan. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    8,
    "plan",
    (
        """
        CREATE TABLE plan_checks (
            initiative_id INTEGER NOT NULL,
            section       VARCHAR NOT NULL,   -- week 1, days 1-30, days 31-60, days 61-90
            label         VARCHAR NOT NULL,
            done_by       VARCHAR NOT NULL,
            done_at       TIMESTAMP NOT NULL,
            PRIMARY KEY (initiative_id, section, label)
        )
        """,
        """
        CREATE TABLE launch_volume (
            initiative_id INTEGER NOT NULL,
            on_date       DATE NOT NULL,
            share         DOUBLE NOT NULL,    -- percent of the process's volume running in production
            PRIMARY KEY (initiative_id, on_date)
        )
        """,
        """
        CREATE TABLE org_figures (
            name       VARCHAR PRIMARY KEY,  -- a reality-check figure typed in where data can't give it
            value      DOUBLE NOT NULL,
            updated_by VARCHAR NOT NULL,
            updated_at TIMESTAMP NOT NULL
        )
        """,
    ),
)
