"""Step 2 page: not-legal-advice up front, deadlines called out, a status change saved, a bias screen run."""

from __future__ import annotations

from sprint import compliance_store
from sprint.ui import state
from tests.app.conftest import open_on as open_page
from tests.app.conftest import texts

PAGE = "app_pages/step2_compliance.py"


def open_on(app, name):
    return open_page(app, PAGE, name)


def test_the_obligations_view(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    assert "Not legal advice." in texts(at, "info")
    assert "Overdue: 60-day cure playbook (Legal" in texts(at, "error").replace("**", "")
    assert "Bias testing in QA" in texts(at, "warning")
    figures = {m.label: m.value for m in at.metric}
    assert figures["Texas TRAIGA"] == "40%"
    table = at.data_editor[0].value
    assert "Tell patients AI is used in their care" in set(table["Obligation"])
    assert "Tell the public they deal with AI (government)" not in set(table["Obligation"])  # not a government body


def test_changing_a_status(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    editor = at.data_editor[0]
    row = list(editor.value["Obligation"]).index("60-day cure playbook")
    at.session_state[editor.key] = {"edited_rows": {row: {"Status": "done", "Evidence": "Playbook v1 approved"}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_statuses").click().run()
    assert not at.exception
    assert "Saved the statuses." in texts(at, "success")
    saved = compliance_store.statuses(state.store(), sched.id)["tx-552-104-cure"]
    assert (saved.status, saved.evidence) == ("done", "Playbook v1 approved")
    assert "Overdue" not in texts(at, "error")


def test_running_a_bias_screen_and_a_refused_one(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    at.segmented_control[0].set_value("Bias screen").run()
    assert "flagged" in texts(at, "markdown")  # the example's history
    at.text_input(key="bias_attribute").input("age band")
    at.session_state["bias_groups"] = {"edited_rows": {0: {"Group": "Under 65", "Total": "10", "Selected": "12"},
                                                       1: {"Group": "65 and over", "Total": "40", "Selected": "10"}},
                                       "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="run_bias").click().run()
    assert "12 selected out of 10: more than the total" in texts(at, "error")
    assert len(compliance_store.bias_history(state.store(), sched.id)) == 1


def test_notices_are_generated_and_saved(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    at.segmented_control[0].set_value("Notices").run()
    assert "Patient Access, 555-0100" in at.text_area[0].value
    # The register says no person reviews 'Urgency triage': the notice says so instead of promising a review.
    assert "'Urgency triage' as a consequential decision that no person reviews" in texts(at, "warning")
    assert "a person does not review each one" in at.text_area[0].value
    assert "people oversee it" not in at.text_area[0].value and "ask for a person to review" not in at.text_area[0].value
    at.button(key="save_notice").click().run()
    assert "Saved the web notice." in texts(at, "success")
    assert "web" in compliance_store.saved_notices(state.store(), sched.id)


def test_pasting_bias_counts_from_a_spreadsheet(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    at.segmented_control[0].set_value("Bias screen").run()
    at.text_input(key="bias_attribute").input("language")
    at.text_area(key="bias_pasted").input("Segment\tApplicants\tBooked\nEnglish\t400\t320\nSpanish\t300\t150\n")
    at.button(key="run_bias").click().run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Selection rate" in d.value.columns)
    assert list(table["Group"]) == ["English", "Spanish"]
    assert list(table["Selection rate"]) == ["80%", "50%"]
    assert len(compliance_store.bias_history(state.store(), sched.id)) == 2
    at.text_area(key="bias_pasted").input("Segment\tApplicants\tBooked\nEnglish\tlots\t3\n")
    at.button(key="run_bias").click().run()
    assert "lots" in texts(at, "error")
    assert len(compliance_store.bias_history(state.store(), sched.id)) == 2
