"""The real public spreadsheets of ../shared/real-world/dev (not in this repository), each run through the command
line with no flags as a new user would, graded by their expected.json (tests/real_world.py). CI has shared/ beside
the clone, so there it must run; elsewhere it skips when the folder is missing."""

from __future__ import annotations

import pytest

from tests import real_world
from tests.servers import unavailable

RIGHT_AT_LEAST = 18  # of 18 importable files; the README states the figure


def _corpus() -> list[dict]:
    if not (real_world.DEV / "expected.json").exists():
        unavailable(f"{real_world.DEV} is not here (it lives in shared/, beside the repository)")
    return real_world.expected()


@pytest.fixture(scope="module")
def outcomes():
    return [real_world.run_one(entry) for entry in _corpus()]


def test_no_file_is_imported_wrong_and_every_should_be_refusal_is_refused(outcomes):
    wrong = [f"{o.file}: {o.failures}" for o in outcomes if o.verdict in ("wrong", "imported-wrongly")]
    assert not wrong, "\n".join(wrong)


def test_a_refusal_says_why_in_words(outcomes):
    for o in outcomes:
        if o.exit_code != 0:
            assert "error:" in o.output and "Traceback" not in o.output, o.output[-500:]


def test_most_real_files_import_right_with_no_flags(outcomes):
    importable = [o for o in outcomes if o.kind != "refuse"]
    right = [o.file for o in importable if o.verdict == "right"]
    assert len(right) >= RIGHT_AT_LEAST, "\n".join(f"{o.verdict} {o.file}: {o.failures[:3]}" for o in importable
                                                   if o.verdict != "right")
