"""Schema step 20: compliance profile answered. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    20,
    "compliance_profile_answered",
    (
        # The yes/no facts the profile was asked when it was saved (comma-separated). '' = a profile saved before
        # the December 2026 questions: it answered the first four (if `uses` is set), and the rest are unknown.
        "ALTER TABLE compliance_profiles ADD COLUMN answered VARCHAR NOT NULL DEFAULT ''",
    ),
)
