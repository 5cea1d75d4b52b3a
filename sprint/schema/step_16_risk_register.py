"""Schema step 16: risk register. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    16,
    "risk_register",
    (
        # Step 4's risk register (sprint.steps.governance.risks): likelihood and impact on a 1-5 scale, NULL when not rated;
        # the level as the register gave it (NULL: follows from the score).
        """
        CREATE TABLE risks (
            initiative_id       INTEGER NOT NULL,
            position            INTEGER NOT NULL,
            ref                 VARCHAR NOT NULL DEFAULT '',
            title               VARCHAR NOT NULL,
            category            VARCHAR NOT NULL DEFAULT '',
            cause               VARCHAR NOT NULL DEFAULT '',
            event               VARCHAR NOT NULL DEFAULT '',
            effect              VARCHAR NOT NULL DEFAULT '',
            likelihood          DOUBLE,
            impact              DOUBLE,
            impact_cost         DOUBLE,
            score               DOUBLE,
            level               VARCHAR,      -- low, medium, high
            owner               VARCHAR NOT NULL DEFAULT '',
            response            VARCHAR NOT NULL DEFAULT '',
            status              VARCHAR NOT NULL DEFAULT 'open',   -- open, closed
            raised_on           DATE,
            review_on           DATE,
            residual_likelihood DOUBLE,
            residual_impact     DOUBLE
        )
        """,
    ),
)
