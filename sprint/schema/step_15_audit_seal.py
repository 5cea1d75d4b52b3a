"""Schema step 15: audit seal. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    15,
    "audit_seal",
    (
        # HMAC of each entry's hash with a key kept outside this file (sprint.audit_key): NULL for entries
        # written before the log was sealed.
        "ALTER TABLE audit_log ADD COLUMN mac VARCHAR",
    ),
)
