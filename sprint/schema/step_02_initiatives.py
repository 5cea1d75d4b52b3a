"""Schema step 2: initiatives. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    2,
    "initiatives",
    (
        "CREATE SEQUENCE initiative_id_seq START 1",
        """
        CREATE TABLE initiatives (
            id            INTEGER PRIMARY KEY DEFAULT nextval('initiative_id_seq'),
            name          VARCHAR NOT NULL,
            process       VARCHAR NOT NULL DEFAULT '',
            owner         VARCHAR NOT NULL DEFAULT '',
            department    VARCHAR NOT NULL DEFAULT '',
            start_date    DATE NOT NULL,
            stage         VARCHAR NOT NULL,
            roi_statement VARCHAR NOT NULL DEFAULT '',
            archived      BOOLEAN NOT NULL DEFAULT false,
            version       INTEGER NOT NULL DEFAULT 1,  -- optimistic lock: bumped on every change
            created_by    VARCHAR NOT NULL,
            created_at    TIMESTAMP NOT NULL,
            updated_by    VARCHAR NOT NULL,
            updated_at    TIMESTAMP NOT NULL
        )
        """,
    ),
)
