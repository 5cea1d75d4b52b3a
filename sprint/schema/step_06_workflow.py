"""Schema step 6: workflow. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    6,
    "workflow",
    (
        # Step 3: the design the team has chosen among the options weighed for habit changes.
        "ALTER TABLE initiatives ADD COLUMN chosen_design VARCHAR NOT NULL DEFAULT ''",
        """
        CREATE TABLE shadow_sessions (
            initiative_id INTEGER NOT NULL,
            held_on       DATE NOT NULL,
            person_role   VARCHAR NOT NULL,
            team          VARCHAR NOT NULL DEFAULT '',
            hours         DOUBLE NOT NULL,
            notes         VARCHAR NOT NULL DEFAULT '',
            created_by    VARCHAR NOT NULL,
            created_at    TIMESTAMP NOT NULL
        )
        """,
        """
        CREATE TABLE workflow_steps (
            initiative_id INTEGER NOT NULL,
            position      INTEGER NOT NULL,
            actor         VARCHAR NOT NULL,
            system        VARCHAR NOT NULL,
            official      BOOLEAN NOT NULL,     -- false: an informal workaround
            minutes       DOUBLE NOT NULL,
            pain_points   VARCHAR NOT NULL DEFAULT '',
            ai_touch      VARCHAR NOT NULL      -- none, suggests, decides, automates
        )
        """,
        """
        CREATE TABLE habit_changes (
            initiative_id INTEGER NOT NULL,
            position      INTEGER NOT NULL,
            design        VARCHAR NOT NULL,
            habit         VARCHAR NOT NULL
        )
        """,
        """
        CREATE TABLE shadow_it (
            initiative_id    INTEGER NOT NULL,
            position         INTEGER NOT NULL,
            tool             VARCHAR NOT NULL,
            kind             VARCHAR NOT NULL DEFAULT '',
            builder          VARCHAR NOT NULL DEFAULT '',
            solves           VARCHAR NOT NULL DEFAULT '',
            builder_involved BOOLEAN NOT NULL DEFAULT false
        )
        """,
        """
        CREATE TABLE adoption (
            initiative_id INTEGER NOT NULL,
            week_of       DATE NOT NULL,        -- Monday of the week
            share         DOUBLE NOT NULL,      -- percent of target users actively using it
            PRIMARY KEY (initiative_id, week_of)
        )
        """,
    ),
)
