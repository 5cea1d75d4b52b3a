"""Schema step 18: metric definition later. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    18,
    "metric_definition_later",
    (
        # A metric imported from a monthly log before anyone defined it: no baseline or target yet (NULL),
        # shown as needing them until someone adds them on Step 5.
        "ALTER TABLE metrics ALTER COLUMN baseline DROP NOT NULL",
        "ALTER TABLE metrics ALTER COLUMN target DROP NOT NULL",
    ),
)
