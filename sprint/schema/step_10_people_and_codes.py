"""Schema step 10: people and codes. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
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
)
