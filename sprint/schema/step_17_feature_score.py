"""Schema step 17: feature score. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    17,
    "feature_score",
    (
        # A backlog's own score (RICE, ICE, WSJF, ...), kept as the team wrote it; NULL when it has none.
        "ALTER TABLE features ADD COLUMN score DOUBLE",
    ),
)
