"""Import the real public spreadsheets in ../shared/real-world/ (not part of the repository) and print what came
in beside what their README says a correct import yields. A check for people, not a test: the files live
outside the project.

Run: python bench/check_real_world.py [FOLDER]
"""

from __future__ import annotations

import collections
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sprint import importing  # noqa: E402
from sprint.importing.layout import find_table  # noqa: E402
from sprint.importing.mapping import known_words  # noqa: E402
from sprint.permissions import Actor  # noqa: E402
from sprint.store import Store  # noqa: E402

TODAY = dt.date.today()


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "real-world"
    if not folder.exists():
        print(f"No folder {folder}: nothing to check.")
        return
    with Store(Path(tempfile.mkdtemp()) / "real.duckdb") as store:
        inventory = folder / "ai_use_case_inventory_2025.xlsx"
        plan = importing.make_plan(store, importing.open_source(inventory.read_bytes(), inventory.name), today=TODAY)
        result = importing.commit(store, Actor.system("check"), plan, today=TODAY)
        stages = store.fetch_all("SELECT stage, count(*) FROM initiatives GROUP BY 1 ORDER BY 2 DESC")
        agencies = store.fetch_all("SELECT department, count(*) FROM initiatives GROUP BY 1 ORDER BY 2 DESC LIMIT 5")
        print(f"{inventory.name}: {result.counts['rows'].new:,} initiatives (expected 3,611)")
        print(f"  stages {stages} (expected pilot = Pre-deployment 1479 + Pilot 440 + blank 338 = 2257, "
              "production = Deployed 1040, paused = Retired 314)")
        print(f"  departments {agencies} (expected HHS 447, NASA 425, VA 367, DOE 340, DOJ 314)")
        for note in plan.notes:
            print(f"  note: {note}")
    cots = folder / "ai_cots_inventory_2025.csv"
    book = importing.open_source(cots.read_bytes(), cots.name).book
    table = find_table(book.grid(), known_words())
    print(f"{cots.name}: {len(table.rows)} rows (expected 900), first column {table.columns[0]!r} (expected 'Agency')")
    with Store(Path(tempfile.mkdtemp()) / "cots.duckdb") as store:
        plan = importing.make_plan(store, importing.open_source(cots.read_bytes(), cots.name), today=TODAY)
        result = importing.commit(store, Actor.system("check"), plan, today=TODAY)
        print(f"  imported as {plan.target.label}: {result.counts['rows'].new} initiatives (expected 484: the "
              "'Agency Use (Y/N)?' Y rows and blanks; 416 N rows left out)")
    register = folder / "risk_register_prince2.ods"
    with Store(Path(tempfile.mkdtemp()) / "risks.duckdb") as store:
        plan = importing.make_plan(store, importing.open_source(register.read_bytes(), register.name),
                                   new_initiative="Register", today=TODAY)
        importing.commit(store, Actor.system("check"), plan, today=TODAY)
        stored = store.fetch_all("SELECT impact_cost, status FROM risks ORDER BY position")
    print(f"{register.name}: imported as {plan.target.label}, {len(stored)} risks (expected 6), impact "
          f"{[cost for cost, _ in stored]} (expected 15000, 20000, 15000, 30000, 40000, 120000), statuses "
          f"{dict(collections.Counter(status for _, status in stored))} (expected Active 4 -> open, Closed 2)")
    for note in plan.notes:
        print(f"  note: {note}")

if __name__ == "__main__":
    main()
