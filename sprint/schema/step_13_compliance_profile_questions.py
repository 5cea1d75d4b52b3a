"""Schema step 13: compliance profile questions. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    13,
    "compliance_profile_questions",
    (
        # Who you are for this system (deployer, developer or provider) and how it is used (public-facing,
        # generated content, patient care, emotion or biometrics). Uses '' = not answered yet, 'none' = no.
        "ALTER TABLE compliance_profiles ADD COLUMN roles VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE compliance_profiles ADD COLUMN uses VARCHAR NOT NULL DEFAULT ''",
    ),
)
