"""Schema step 22: the room's Step 3 and Step 4 questions. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    22,
    "room_steps_3_and_4",
    (
        # What a question is about, where its kind needs one: the design a habit check asks about ('' otherwise).
        "ALTER TABLE room_questions ADD COLUMN subject VARCHAR NOT NULL DEFAULT ''",
        # The room's habit check of a design (sprint.room): how many people said 0, 1, 2, 3 or more habits change,
        # and the middle of it, kept beside the design's listed habit changes. One per design: a later check replaces it.
        """
        CREATE TABLE habit_checks (
            initiative_id INTEGER NOT NULL,
            design        VARCHAR NOT NULL,
            habits        INTEGER NOT NULL,     -- the middle answer; 3 stands for '3 or more'
            said_0        INTEGER NOT NULL,
            said_1        INTEGER NOT NULL,
            said_2        INTEGER NOT NULL,
            said_3_plus   INTEGER NOT NULL,
            checked_by    VARCHAR NOT NULL,
            checked_at    TIMESTAMP NOT NULL,
            PRIMARY KEY (initiative_id, design)
        )
        """,
    ),
)
