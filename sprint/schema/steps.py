"""The schema steps, in order: one file per step (`step_NN_name.py`, holding `STEP`), found here by their names.

Append only: never edit, reorder or remove a released step; a change is a new file with the next number. Each
step runs in one transaction together with its record in `schema_migrations` (sprint.schema.migrations). Avoid
secondary indexes (DuckDB can't alter columns an index depends on); change a column's type by create-copy-swap.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from sprint import schema
from sprint.schema.step import Migration

_FILE = re.compile(r"^step_(\d{2,})_(\w+)$")


def _found() -> tuple[Migration, ...]:
    steps = []
    for info in pkgutil.iter_modules(schema.__path__):
        named = _FILE.match(info.name)
        if named is None:
            continue
        step = importlib.import_module(f"{schema.__name__}.{info.name}").STEP
        if (step.version, step.name) != (int(named[1]), named[2]):
            raise RuntimeError(f"sprint/schema/{info.name}.py holds step {step.version} '{step.name}'")
        steps.append(step)
    steps.sort(key=lambda s: s.version)
    if [s.version for s in steps] != list(range(1, len(steps) + 1)):
        raise RuntimeError(f"the schema steps are not numbered 1 to {len(steps)}: {[s.version for s in steps]}")
    return tuple(steps)


MIGRATIONS: tuple[Migration, ...] = _found()
