"""Schema step 19: workspace id. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    19,
    "workspace_id",
    (
        # A random id naming this workspace: it goes into every join token, so a cookie signed for another
        # workshop (which may share SPRINT_SECRET) never opens this one.
        "INSERT OR IGNORE INTO access_settings VALUES ('workspace_id', CAST(gen_random_uuid() AS VARCHAR), "
        "'system', now()::TIMESTAMP)",
    ),
)
