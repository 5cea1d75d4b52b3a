"""Schema step 12: import profile owner. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    12,
    "import_profile_owner",
    (
        # Profiles belong to whoever made them: others may use them, only they (or a facilitator) change them.
        "ALTER TABLE import_profiles ADD COLUMN owner VARCHAR NOT NULL DEFAULT ''",
        "UPDATE import_profiles SET owner = updated_by",
    ),
)
