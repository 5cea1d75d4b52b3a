"""Schema step 21: room questions. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    21,
    "room_questions",
    (
        # A question the facilitator asks the room on a presenter screen (sprint.room): open, closed, accepted.
        "CREATE SEQUENCE room_question_id_seq START 1",
        """
        CREATE TABLE room_questions (
            id            INTEGER PRIMARY KEY DEFAULT nextval('room_question_id_seq'),
            initiative_id INTEGER NOT NULL,
            kind          VARCHAR NOT NULL,
            status        VARCHAR NOT NULL,     -- open, closed, accepted
            opened_by     VARCHAR NOT NULL,
            opened_at     TIMESTAMP NOT NULL,
            ended_by      VARCHAR,
            ended_at      TIMESTAMP
        )
        """,
        # One answer per person per question (changed until the question closes); the facilitator may hide one.
        """
        CREATE TABLE room_answers (
            question_id INTEGER NOT NULL,
            person      VARCHAR NOT NULL,
            answer      VARCHAR NOT NULL,       -- JSON of the kind's fields
            hidden      BOOLEAN NOT NULL DEFAULT false,
            answered_at TIMESTAMP NOT NULL,
            PRIMARY KEY (question_id, person)
        )
        """,
    ),
)
