"""Step 2 page: not-legal-advice up front, deadlines called out, a status change saved, a bias screen run."""

from __future__ import annotations

import pytest

from sprint.permissions import Actor, Role
from sprint.steps.compliance import notices
from sprint.steps.compliance import store as compliance_store
from sprint.steps.compliance.rules import Profile
from sprint.ui import state
from tests.app.conftest import open_on as open_page
from tests.app.conftest import texts

PAGE = "app_pages/step2_compliance.py"
FACILITATOR = Actor("Fran", Role.FACILITATOR)


def open_on(app, name):
    return open_page(app, PAGE, name)


def test_the_obligations_view(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    assert "Not legal advice." in texts(at, "info")
    assert "Overdue: 60-day cure playbook (Legal" in texts(at, "error").replace("**", "")
    assert "Bias testing in QA" in texts(at, "warning")
    figures = {m.label: m.value for m in at.metric}
    assert figures["Texas TRAIGA"] == "25%"  # 2 of the 8 in force done
    assert figures["Colorado SB 26-189"] == "–"  # nothing in force yet...
    assert "1 of 2 ready for 1 Jan 2027" in texts(at, "caption")  # ...counted apart (a HIPAA covered entity: 2)
    table = at.data_editor[0].value
    assert "Tell patients AI is used in their care" in set(table["Obligation"])
    assert "Tell people they are interacting with AI (government)" not in set(table["Obligation"])  # not government
    dates = dict(zip(table["Obligation"], table["Applies from"], strict=True))
    assert dates["Tell patients AI is used in their care"] == "since 1 Jan 2026"
    assert dates["General notice to patients (HIPAA covered entities)"] == "from 1 Jan 2027"
    assert dates["Risk-management programme"] == "no date (good practice)"
    assert set(table["Source checked"].astype(str)) >= {"2026-12-06"}
    levels = dict(zip(table["Obligation"], table["Level"], strict=True))
    assert levels["Readiness pack for an Attorney General demand"] == "good practice"
    scope = dict(zip(table["Obligation"], table["Applies to (and who is outside)"], strict=True))
    assert "reading of the statute" in scope["Tell patients AI is used in their care"]
    # Colorado's stay is said plainly, once, above everything
    assert "Enforcement is stayed: Colorado SB 26-189." in texts(at, "error") and "xAI v. Weiser" in texts(at, "error")
    # each duty's scope and its own enforcement, readable without opening anything
    details = texts(at, "markdown")
    assert "**Applies to:** Health-care providers in Texas" in details and "no later than the date" in details
    assert "§552.106" in details and "$50,000 against an elderly person" in details
    assert "Stayed for now" in details and "Caveat:" in details and "contested" in details
    assert "Enforcement, Texas TRAIGA" not in details  # no single line per framework any more


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


def test_the_profile_questions_decide_what_applies(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    assert at.checkbox(key="profile_use_patient_care").value  # used in patient care: the example says so
    at.checkbox(key="profile_use_patient_care").uncheck()  # a billing assistant, say: not used in care
    at.button(key="save_profile").click().run()
    assert not at.exception and "Saved the profile." in texts(at, "success")
    table = at.data_editor[0].value
    assert "Tell patients AI is used in their care" not in set(table["Obligation"])
    assert "Diagnostic AI: within the licence, records reviewed, patients told" not in set(table["Obligation"])
    # Not a HIPAA covered entity after all: Colorado's deployer duties come back in place of the general notice.
    at.checkbox(key="profile_use_hipaa").uncheck()
    at.button(key="save_profile").click().run()
    obligations = set(at.data_editor[0].value["Obligation"])
    assert "Notice before a consequential decision" in obligations
    assert "General notice to patients (HIPAA covered entities)" not in obligations
    at.multiselect(key="profile_locations").set_value(["EU"])
    at.multiselect(key="profile_decisions").set_value(["credit and lending"])
    at.button(key="save_profile").click().run()
    obligations = set(at.data_editor[0].value["Obligation"])
    assert "Fundamental-rights impact assessment (credit, life and health insurance)" in obligations
    assert "Design it to say it is AI (provider)" not in obligations  # a deployer
    why = dict(zip(at.data_editor[0].value["Obligation"], at.data_editor[0].value["Why"], strict=True))
    assert "credit and lending" in why["Use as instructed, with human oversight"]


def test_a_state_agency_is_asked_and_its_duties_follow(app, example_db):
    """The Texas agency questions: ticking 'state agency' makes the organisation a government one and brings the
    agency laws; the page names them with their scope."""
    at, sched = open_on(app, "Patient scheduling assistant")
    at.multiselect(key="profile_sectors").set_value(["other"])
    at.multiselect(key="profile_locations").set_value(["Texas"])
    at.multiselect(key="profile_decisions").set_value([])
    for fact in ("hipaa", "patient_care", "public", "content", "interacts"):
        at.checkbox(key=f"profile_use_{fact}").uncheck()
    at.checkbox(key="profile_use_state_agency").check()
    at.button(key="save_profile").click().run()
    assert not at.exception and "Saved the profile." in texts(at, "success")
    profile, _ = compliance_store.profile(state.store(), sched.id)
    assert "government" in profile.sectors  # follows from being a state agency
    obligations = set(at.data_editor[0].value["Obligation"])
    assert {"Follow DIR's AI code of ethics and minimum standards", "Yearly AI training for staff",
            "Inventory AI in the deployment review (state agencies)"} <= obligations
    assert "Tell people they are interacting with AI (government)" not in obligations  # a staff tool
    assert "**Applies to:** Texas state agencies. Local governments are outside it" in texts(at, "markdown")


def test_a_law_notice_with_how_to_give_it(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    at.checkbox(key="profile_use_hipaa").uncheck()  # not a HIPAA covered entity: the full deployer notices
    at.button(key="save_profile").click().run()
    at.segmented_control[0].set_value("Notices").run()
    kinds = at.segmented_control(key="notice_kind").options
    assert "Texas: AI in your care (patients)" in kinds and "Colorado: after an adverse decision" in kinds
    at.segmented_control(key="notice_kind").set_value("Colorado: after an adverse decision").run()
    assert "within 30 days" in texts(at, "info")
    text = at.text_area[0].value
    assert "Patient master index (name, date of birth, contact)" in text  # the register's personal data, named
    assert "name, version and developer" in text and "Your rights under Colorado law" in text
    # 'Urgency triage' has no human review: no promise of one, and the page and the checker both say so
    assert "review" not in text.lower()
    assert "although Colorado asks you to offer one" in texts(at, "warning")
    assert "say how to ask a person to review the decision" in texts(at, "warning")
    at.button(key="save_notice").click().run()
    assert "Saved the notice 'Colorado: after an adverse decision'." in texts(at, "success")
    assert "co-adverse" in compliance_store.saved_notices(state.store(), sched.id)


# One profile per kind of law notice: the answers that make its law apply (written from the facts).
NOTICE_PROFILES = {
    "tx-government": Profile(("government",), (), ("Texas",), uses=("state agency", "public", "interacts")),
    "tx-sb-1964": Profile(("government",), (), ("Texas",), uses=("local government", "public")),
    "tx-health": Profile(("health care",), ("health care",), ("Texas",), uses=("patient care",)),
    "co-pre-use": Profile(("other",), ("credit and lending",), ("Colorado",), uses=()),
    "co-adverse": Profile(("other",), ("credit and lending",), ("Colorado",), uses=()),
    "co-withholding": Profile(("other",), ("employment",), ("Colorado",), uses=()),
    "co-hipaa": Profile(("health care",), ("health care",), ("Colorado",), uses=("hipaa",)),
    "eu-50-1": Profile(("other",), (), ("EU",), roles=("developer or provider",), uses=("interacts",)),
    "eu-50-3": Profile(("other",), (), ("EU",), uses=("emotion or biometrics",)),
    "eu-50-4": Profile(("other",), (), ("EU",), uses=("content", "published")),
    "eu-26-11": Profile(("other",), ("credit and lending",), ("EU",), uses=()),
    "eu-86": Profile(("other",), ("employment",), ("EU",), uses=()),
}


@pytest.mark.parametrize("kind", list(notices.NOTICE_KINDS))
def test_each_kind_of_law_notice_is_offered_explained_checked_and_saved(app, example_db, kind):
    """For a profile its law covers: the kind is offered, says how to give it, starts from a text with every part
    its law asks for (no warning), and saves; a text stripped of its parts is caught."""
    assert set(NOTICE_PROFILES) == set(notices.NOTICE_KINDS)
    at = app()
    at.run()
    from sprint import initiatives

    store = state.store()
    sched = next(i for i in initiatives.list_all(store) if i.name == "Patient scheduling assistant")
    compliance_store.save_profile(store, FACILITATOR, sched.id, NOTICE_PROFILES[kind], "help@example.org")
    at, _ = open_on(app, "Patient scheduling assistant")
    at.segmented_control[0].set_value("Notices").run()
    title = notices.NOTICE_KINDS[kind].title
    assert title in at.segmented_control(key="notice_kind").options
    at.segmented_control(key="notice_kind").set_value(title).run()
    assert not at.exception and "How to give it:" in texts(at, "info")
    checked = [w for w in texts(at, "warning").splitlines() if w.startswith("This notice should")]
    assert not checked or kind in ("co-adverse", "eu-86"), checked  # those two: the register's unreviewed triage
    at.button(key="save_notice").click().run()
    assert f"Saved the notice '{title}'." in texts(at, "success")
    assert kind in compliance_store.saved_notices(state.store(), sched.id)
    area = next(a for a in at.text_area if a.label == "Notice")
    area.input("We value your custom.").run()
    assert "This notice should" in texts(at, "warning")


def test_records_not_checked_for_120_days_are_marked_due_for_review(app, example_db, monkeypatch):
    """Half a year on, every record was last checked more than 120 days ago: the page says so above the table
    and marks each row; today nothing is due."""
    at, _ = open_on(app, "Patient scheduling assistant")
    assert "due for review" not in texts(at, "warning")
    assert set(at.data_editor[0].value["Review"]) == {""}
    monkeypatch.setenv("SPRINT_TODAY", "2027-06-01")
    at, _ = open_on(app, "Patient scheduling assistant")
    assert "last checked against their sources more than 120 days ago: due for review" in texts(at, "warning")
    assert set(at.data_editor[0].value["Review"]) == {"due for review"}


def test_another_computer_says_who_it_is_before_its_first_save_and_the_save_goes_through(app, example_db):
    """Without sign-in, a laptop other than the one running the app is asked its name in a dialog when it first
    saves; the dialog then makes the same save, recorded under that name."""
    from sprint import audit

    at = app()
    at.session_state["local_place"] = "on another computer"
    at.run()
    from sprint import initiatives

    target = next(i.id for i in initiatives.list_all(state.store()) if i.name == "Patient scheduling assistant")
    at.sidebar.selectbox[0].set_value(target).run()
    at.switch_page(PAGE).run()
    at.text_input(key="profile_contact").input("Front desk, 555-0100")
    at.button(key="save_profile").click().run()
    assert not at.exception
    assert compliance_store.profile(state.store(), target)[1] != "Front desk, 555-0100"  # not yet: who is it?
    at.text_input(key="first_save_input").input("Sam Lee")
    at.text_input(key="first_save_team").input("Patient Access")
    at.button(key="first_save_go").click().run()
    assert not at.exception and "Saved the profile." in texts(at, "success")
    assert compliance_store.profile(state.store(), target)[1] == "Front desk, 555-0100"
    entry = audit.entries(state.store(), entity="compliance profile").iloc[0]
    assert entry["actor"] == "Sam Lee (Patient Access, on another computer)"
