"""Schema step 9: import profiles. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    9,
    "import_profiles",
    (
        """
        CREATE TABLE import_profiles (
            name        VARCHAR PRIMARY KEY,  -- what the person called it ("Monthly KPI tracker")
            signature   VARCHAR NOT NULL,     -- the file's headers, order and case ignored, months left out
            target      VARCHAR NOT NULL,     -- what the rows become (metrics_wide, features, ...)
            mapping     VARCHAR NOT NULL,     -- JSON: field -> column, and the options chosen
            updated_by  VARCHAR NOT NULL,
            updated_at  TIMESTAMP NOT NULL
        )
        """,
    ),
)
