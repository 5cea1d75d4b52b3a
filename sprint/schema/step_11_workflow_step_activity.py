"""Schema step 11: workflow step activity. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    11,
    "workflow_step_activity",
    (
        # What happens in each step of the day in the life ("Reads the invoice"), beside who and which tool.
        "ALTER TABLE workflow_steps ADD COLUMN activity VARCHAR NOT NULL DEFAULT ''",
    ),
)
