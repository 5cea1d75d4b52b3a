"""The schema steps, in order. Append only: never edit, reorder or remove a released step.

Each step runs in one transaction together with its record in `schema_migrations` (see migrations.py).
Avoid secondary indexes (DuckDB can't alter columns an index depends on); change a column's type by
create-copy-swap.
"""

from __future__ import annotations

from dataclasses import dataclass

from sprint.schema_steps_later import LATER_STEPS


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "audit_log",
        (
            """
            CREATE TABLE audit_log (
                seq           BIGINT PRIMARY KEY,   -- 1, 2, 3 ... with no gaps: a gap is tampering
                occurred_at   TIMESTAMP NOT NULL,   -- UTC
                actor         VARCHAR NOT NULL,     -- the real person behind the change
                actor_role    VARCHAR NOT NULL,
                action        VARCHAR NOT NULL,     -- create, update, archive, restore, load, ...
                entity        VARCHAR NOT NULL,     -- initiative, metric, ...
                entity_id     VARCHAR,
                initiative_id INTEGER,
                summary       VARCHAR NOT NULL,     -- one line a person can read
                before_json   VARCHAR,              -- canonical JSON of the record before, NULL on create
                after_json    VARCHAR,              -- canonical JSON of the record after, NULL on delete
                prev_hash     VARCHAR NOT NULL,
                hash          VARCHAR NOT NULL
            )
            """,
        ),
    ),
    Migration(
        2,
        "initiatives",
        (
            "CREATE SEQUENCE initiative_id_seq START 1",
            """
            CREATE TABLE initiatives (
                id            INTEGER PRIMARY KEY DEFAULT nextval('initiative_id_seq'),
                name          VARCHAR NOT NULL,
                process       VARCHAR NOT NULL DEFAULT '',
                owner         VARCHAR NOT NULL DEFAULT '',
                department    VARCHAR NOT NULL DEFAULT '',
                start_date    DATE NOT NULL,
                stage         VARCHAR NOT NULL,
                roi_statement VARCHAR NOT NULL DEFAULT '',
                archived      BOOLEAN NOT NULL DEFAULT false,
                version       INTEGER NOT NULL DEFAULT 1,  -- optimistic lock: bumped on every change
                created_by    VARCHAR NOT NULL,
                created_at    TIMESTAMP NOT NULL,
                updated_by    VARCHAR NOT NULL,
                updated_at    TIMESTAMP NOT NULL
            )
            """,
        ),
    ),
    Migration(
        3,
        "metrics",
        (
            # What the pilot costs, for ROI and payback (Step 5).
            "ALTER TABLE initiatives ADD COLUMN one_off_cost DOUBLE NOT NULL DEFAULT 0",
            "ALTER TABLE initiatives ADD COLUMN monthly_cost DOUBLE NOT NULL DEFAULT 0",
            "CREATE SEQUENCE metric_id_seq START 1",
            """
            CREATE TABLE metrics (
                id            INTEGER PRIMARY KEY DEFAULT nextval('metric_id_seq'),
                initiative_id INTEGER NOT NULL,
                department    VARCHAR NOT NULL,
                name          VARCHAR NOT NULL,
                unit          VARCHAR NOT NULL DEFAULT '',
                direction     VARCHAR NOT NULL,          -- 'lower' or 'higher' is better
                baseline      DOUBLE NOT NULL,           -- stored as people read it: 8.2 for 8.2%
                target        DOUBLE NOT NULL,
                is_savings    BOOLEAN NOT NULL DEFAULT false,  -- dollars saved per month: feeds ROI
                position      INTEGER NOT NULL DEFAULT 0,
                archived      BOOLEAN NOT NULL DEFAULT false,
                version       INTEGER NOT NULL DEFAULT 1,
                created_by    VARCHAR NOT NULL,
                created_at    TIMESTAMP NOT NULL,
                updated_by    VARCHAR NOT NULL,
                updated_at    TIMESTAMP NOT NULL
            )
            """,
            """
            CREATE TABLE metric_milestones (
                metric_id   INTEGER NOT NULL,
                month_index INTEGER NOT NULL,
                target      DOUBLE NOT NULL,
                PRIMARY KEY (metric_id, month_index)
            )
            """,
            """
            CREATE TABLE metric_actuals (
                metric_id   INTEGER NOT NULL,
                month_index INTEGER NOT NULL,             -- sprint month: 1 = days 1-30
                value       DOUBLE NOT NULL,              -- a blank is no row, never zero
                entered_by  VARCHAR NOT NULL,
                entered_at  TIMESTAMP NOT NULL,
                PRIMARY KEY (metric_id, month_index)
            )
            """,
        ),
    ),
    Migration(
        4,
        "features",
        (
            # A loaded cost per hour (salary, benefits, overhead), to turn hours saved into dollars (Step 1).
            "ALTER TABLE initiatives ADD COLUMN hourly_rate DOUBLE NOT NULL DEFAULT 60",
            "CREATE SEQUENCE feature_id_seq START 1",
            """
            CREATE TABLE features (
                id                INTEGER PRIMARY KEY DEFAULT nextval('feature_id_seq'),
                initiative_id     INTEGER NOT NULL,
                name              VARCHAR NOT NULL,
                dollars_per_month DOUBLE NOT NULL DEFAULT 0,
                hours_per_week    DOUBLE NOT NULL DEFAULT 0,
                volume_share      DOUBLE NOT NULL DEFAULT 0,   -- percent of the process's volume
                effort            VARCHAR NOT NULL DEFAULT '',
                notes             VARCHAR NOT NULL DEFAULT '',
                phase             VARCHAR,                     -- 'core' or 'phase 2'; NULL until a cut is made
                position          INTEGER NOT NULL,            -- the order they were entered
                version           INTEGER NOT NULL DEFAULT 1,
                created_by        VARCHAR NOT NULL,
                created_at        TIMESTAMP NOT NULL,
                updated_by        VARCHAR NOT NULL,
                updated_at        TIMESTAMP NOT NULL
            )
            """,
        ),
    ),
    Migration(
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
    ),
    Migration(
        6,
        "workflow",
        (
            # Step 3: the design the team has chosen among the options weighed for habit changes.
            "ALTER TABLE initiatives ADD COLUMN chosen_design VARCHAR NOT NULL DEFAULT ''",
            """
            CREATE TABLE shadow_sessions (
                initiative_id INTEGER NOT NULL,
                held_on       DATE NOT NULL,
                person_role   VARCHAR NOT NULL,
                team          VARCHAR NOT NULL DEFAULT '',
                hours         DOUBLE NOT NULL,
                notes         VARCHAR NOT NULL DEFAULT '',
                created_by    VARCHAR NOT NULL,
                created_at    TIMESTAMP NOT NULL
            )
            """,
            """
            CREATE TABLE workflow_steps (
                initiative_id INTEGER NOT NULL,
                position      INTEGER NOT NULL,
                actor         VARCHAR NOT NULL,
                system        VARCHAR NOT NULL,
                official      BOOLEAN NOT NULL,     -- false: an informal workaround
                minutes       DOUBLE NOT NULL,
                pain_points   VARCHAR NOT NULL DEFAULT '',
                ai_touch      VARCHAR NOT NULL      -- none, suggests, decides, automates
            )
            """,
            """
            CREATE TABLE habit_changes (
                initiative_id INTEGER NOT NULL,
                position      INTEGER NOT NULL,
                design        VARCHAR NOT NULL,
                habit         VARCHAR NOT NULL
            )
            """,
            """
            CREATE TABLE shadow_it (
                initiative_id    INTEGER NOT NULL,
                position         INTEGER NOT NULL,
                tool             VARCHAR NOT NULL,
                kind             VARCHAR NOT NULL DEFAULT '',
                builder          VARCHAR NOT NULL DEFAULT '',
                solves           VARCHAR NOT NULL DEFAULT '',
                builder_involved BOOLEAN NOT NULL DEFAULT false
            )
            """,
            """
            CREATE TABLE adoption (
                initiative_id INTEGER NOT NULL,
                week_of       DATE NOT NULL,        -- Monday of the week
                share         DOUBLE NOT NULL,      -- percent of target users actively using it
                PRIMARY KEY (initiative_id, week_of)
            )
            """,
        ),
    ),
    Migration(
        7,
        "compliance",
        (
            """
            CREATE TABLE compliance_profiles (
                initiative_id       INTEGER PRIMARY KEY,
                sectors             VARCHAR NOT NULL DEFAULT '',   -- comma-separated, from the catalog's lists
                decisions           VARCHAR NOT NULL DEFAULT '',
                locations           VARCHAR NOT NULL DEFAULT '',
                optional_frameworks BOOLEAN NOT NULL DEFAULT false,
                contact             VARCHAR NOT NULL DEFAULT '',   -- where people reach a person, for notices
                updated_by          VARCHAR NOT NULL,
                updated_at          TIMESTAMP NOT NULL
            )
            """,
            """
            CREATE TABLE obligation_status (
                initiative_id INTEGER NOT NULL,
                obligation_id VARCHAR NOT NULL,   -- the catalog's stable id
                status        VARCHAR NOT NULL,   -- not started, in progress, done, not applicable
                owner         VARCHAR NOT NULL DEFAULT '',
                due           DATE,
                evidence      VARCHAR NOT NULL DEFAULT '',
                na_reason     VARCHAR NOT NULL DEFAULT '',
                updated_by    VARCHAR NOT NULL,
                updated_at    TIMESTAMP NOT NULL,
                PRIMARY KEY (initiative_id, obligation_id)
            )
            """,
            """
            CREATE TABLE data_register (
                initiative_id INTEGER NOT NULL,
                position      INTEGER NOT NULL,
                name          VARCHAR NOT NULL,
                kind          VARCHAR NOT NULL,   -- data source, decision point
                owner         VARCHAR NOT NULL DEFAULT '',
                personal_data BOOLEAN NOT NULL DEFAULT false,
                categories    VARCHAR NOT NULL DEFAULT '',
                human_review  BOOLEAN NOT NULL DEFAULT false,
                consequential BOOLEAN NOT NULL DEFAULT false,
                retention     VARCHAR NOT NULL DEFAULT ''
            )
            """,
            """
            CREATE TABLE bias_runs (
                initiative_id INTEGER NOT NULL,
                run_at        TIMESTAMP NOT NULL,
                attribute     VARCHAR NOT NULL,
                groups_json   VARCHAR NOT NULL,   -- the counts as entered
                summary       VARCHAR NOT NULL,
                created_by    VARCHAR NOT NULL
            )
            """,
            """
            CREATE TABLE notices (
                initiative_id INTEGER NOT NULL,
                channel       VARCHAR NOT NULL,
                text          VARCHAR NOT NULL,
                updated_by    VARCHAR NOT NULL,
                updated_at    TIMESTAMP NOT NULL,
                PRIMARY KEY (initiative_id, channel)
            )
            """,
        ),
    ),
    Migration(
        8,
        "plan",
        (
            """
            CREATE TABLE plan_checks (
                initiative_id INTEGER NOT NULL,
                section       VARCHAR NOT NULL,   -- week 1, days 1-30, days 31-60, days 61-90
                label         VARCHAR NOT NULL,
                done_by       VARCHAR NOT NULL,
                done_at       TIMESTAMP NOT NULL,
                PRIMARY KEY (initiative_id, section, label)
            )
            """,
            """
            CREATE TABLE launch_volume (
                initiative_id INTEGER NOT NULL,
                on_date       DATE NOT NULL,
                share         DOUBLE NOT NULL,    -- percent of the process's volume running in production
                PRIMARY KEY (initiative_id, on_date)
            )
            """,
            """
            CREATE TABLE org_figures (
                name       VARCHAR PRIMARY KEY,  -- a reality-check figure typed in where data can't give it
                value      DOUBLE NOT NULL,
                updated_by VARCHAR NOT NULL,
                updated_at TIMESTAMP NOT NULL
            )
            """,
        ),
    ),
    *(Migration(*step) for step in LATER_STEPS),
)
