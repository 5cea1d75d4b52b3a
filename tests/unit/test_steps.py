"""The five steps are declared once (sprint.steps): every place that names a step reads it from there."""

from __future__ import annotations

import re

from sprint import portfolio
from sprint.picture import FLAG_KINDS
from sprint.plan import rules as plan
from sprint.steps import STEPS
from tests.conftest import ROOT

CODE = [*sorted((ROOT / "sprint").rglob("*.py")), *sorted((ROOT / "app_pages").glob("*.py")), ROOT / "app.py"]


def test_each_step_has_its_page_its_address_and_weeks_inside_the_sprint():
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5]
    assert len({s.slug for s in STEPS}) == 5
    for step in STEPS:
        assert (ROOT / step.page).is_file(), step.page
        assert 1 <= step.weeks[0] <= step.weeks[1] <= 13
        assert len({v.slug for v in step.views}) == len(step.views)
    assert plan.STEP_WEEKS[2] == ("Step 3 · Day in the life", 3, 4)
    assert portfolio.STEP_COLUMNS == ["Step 1", "Step 2", "Step 3", "Step 4", "Step 5"]


def test_a_steps_title_heading_and_weeks_are_written_only_in_sprint_steps():
    """'Step 4 · Governance', 'Step 4 · Govern lightly', 'Weeks 4-5 of the roadmap' nowhere else in the code."""
    declared = ROOT / "sprint" / "steps" / "__init__.py"
    spelled = []
    for step in STEPS:
        words = [step.label, step.page_title, f"Weeks {step.weeks[0]}-{step.weeks[1]} of the roadmap"]
        for path in CODE:
            if path == declared:
                continue
            text = path.read_text(encoding="utf-8")
            spelled += [f"{path.relative_to(ROOT)}: {w!r}" for w in words if w in text]
    assert not spelled, spelled


def test_every_red_flag_names_a_view_its_step_has():
    """A flag links to the page and view that clears it; both come from the steps, so a renamed view can't leave
    a dead link (the flags are built through Step.view, which refuses a view the step lacks)."""
    text = (ROOT / "sprint" / "picture.py").read_text(encoding="utf-8")
    uses = re.findall(r"_at\((\w+), \"([a-z-]+)\"\)", text)
    assert len(uses) >= len(FLAG_KINDS)
    by_name = {s.slug.upper(): s for s in STEPS}  # the constants SCOPE ... OUTCOMES
    for name, view in uses:
        by_name[name].view(view)


def test_each_step_has_its_domain_folder_and_its_streamlit_folder_with_its_presenter_screen():
    for step in STEPS:
        domain, ui = ROOT / "sprint" / "steps" / step.slug, ROOT / "sprint" / "ui" / "steps" / step.slug
        assert (domain / "rules.py").is_file() and (domain / "store.py").is_file(), step.slug
        assert "def screen(store: Store, initiative: Initiative, today: dt.date)" in \
            (ui / "screen.py").read_text(encoding="utf-8"), step.slug
