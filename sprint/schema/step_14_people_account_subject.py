"""Schema step 14: people account subject. Released: never edit it (sprint.schema.steps says why)."""

from sprint.schema.step import Migration

STEP = Migration(
    14,
    "people_account_subject",
    (
        # The identity provider's id (issuer and subject) of the account that first signed in with a listed
        # address: a different account with the same address is refused.
        "ALTER TABLE people ADD COLUMN subject VARCHAR NOT NULL DEFAULT ''",
    ),
)
