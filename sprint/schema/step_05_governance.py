"""Schema step 5: governance. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    5,
    "governance",
    (
        # The owner (initiatives.owner) and their budget authority (Step 4).
        "ALTER TABLE initiatives ADD COLUMN owner_role VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE initiatives ADD COLUMN budget_authority BOOLEAN NOT NULL DEFAULT false",
        "ALTER TABLE initiatives ADD COLUMN budget_amount DOUBLE NOT NULL DEFAULT 0",
        """
        CREATE TABLE governance_checks (
            initiative_id INTEGER NOT NULL,
            phase         VARCHAR NOT NULL,     -- crawl, walk, run
            label         VARCHAR NOT NULL,
            custom        BOOLEAN NOT NULL,     -- added for this initiative (not one of the roadmap's)
            done          BOOLEAN NOT NULL,
            done_by       VARCHAR,
            done_at       TIMESTAMP,
            position      INTEGER NOT NULL,
            PRIMARY KEY (initiative_id, phase, label)
        )
        """,
        "CREATE SEQUENCE checkin_id_seq START 1",
        """
        CREATE TABLE checkins (
            id            INTEGER PRIMARY KEY DEFAULT nextval('checkin_id_seq'),
            initiative_id INTEGER NOT NULL,
            held_on       DATE NOT NULL,
            minutes       DOUBLE NOT NULL,
            attendees     VARCHAR NOT NULL DEFAULT '',
            status        VARCHAR NOT NULL,     -- green, amber, red
            decisions     VARCHAR NOT NULL DEFAULT '',
            blockers      VARCHAR NOT NULL DEFAULT '',
            escalated     BOOLEAN NOT NULL DEFAULT false,
            created_by    VARCHAR NOT NULL,
            created_at    TIMESTAMP NOT NULL
        )
        """,
        # Whole lists, saved at once (no key of their own beyond the initiative and the order).
        """
        CREATE TABLE escalation_levels (
            initiative_id INTEGER NOT NULL,
            level         INTEGER NOT NULL,
            who           VARCHAR NOT NULL,
            contact       VARCHAR NOT NULL,
            trigger       VARCHAR NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE core_rules (
            initiative_id INTEGER NOT NULL,
            position      INTEGER NOT NULL,
            rule          VARCHAR NOT NULL,
            trigger       VARCHAR NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE vendor_exit (
            initiative_id    INTEGER PRIMARY KEY,
            open_standards   BOOLEAN NOT NULL DEFAULT false,
            documented       BOOLEAN NOT NULL DEFAULT false,
            data_portable    BOOLEAN NOT NULL DEFAULT false,
            pilot_price      DOUBLE,
            production_price DOUBLE,
            exit_cost        DOUBLE,
            notes            VARCHAR NOT NULL DEFAULT '',
            updated_by       VARCHAR NOT NULL,
            updated_at       TIMESTAMP NOT NULL
        )
        """,
    ),
)
