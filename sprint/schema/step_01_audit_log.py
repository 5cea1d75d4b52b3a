"""Schema step 1: audit log. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    1,
    "audit_log",
    (
        """
        CREATE TABLE audit_log (
            seq           BIGINT PRIMARY KEY,   -- 1, 2, 3 ... with no gaps: a gap is tampering
            occurred_at   TIMESTAMP NOT NULL,   -- UTC
            actor         VARCHAR NOT NULL,     -- the real person behind the change
            actor_role    VARCHAR NOT NULL,
            action        VARCHAR NOT NULL,     -- create, update, archive, restore, load, ...
            entity        VARCHAR NOT NULL,     -- initiative, metric, ...
            entity_id     VARCHAR,
            initiative_id INTEGER,
            summary       VARCHAR NOT NULL,     -- one line a person can read
            before_json   VARCHAR,              -- canonical JSON of the record before, NULL on create
            after_json    VARCHAR,              -- canonical JSON of the record after, NULL on delete
            prev_hash     VARCHAR NOT NULL,
            hash          VARCHAR NOT NULL
        )
        """,
    ),
)
