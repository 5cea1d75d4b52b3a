"""Step 2: the catalog (valid, sourced, dated), what applies and why, bias screening, notices, storage."""

from __future__ import annotations

import datetime as dt

import pytest

from sprint import audit, bias, compliance_catalog, compliance_store, notices
from sprint.compliance_catalog import Profile
from sprint.compliance_store import Status
from sprint.errors import PermissionDenied, ValidationError
from sprint.permissions import Actor, Role
from tests.conftest import TODAY


def test_the_shipped_catalog_is_valid_sourced_and_dated():
    catalog = compliance_catalog.load()
    assert catalog.problems == ()
    assert len(catalog.obligations) >= 20
    for o in catalog.obligations:
        assert o.source.startswith("https://") and o.as_of >= dt.date(2026, 11, 1) and o.level in ("binding", "good practice")
        assert o.title and o.duty and o.applies_to
    ids = {o.id for o in catalog.obligations}
    assert {"tx-552-051-health", "tx-552-051-government", "tx-552-103-readiness", "tx-552-105-nist-defence",
            "tx-552-104-cure", "tx-552-prohibitions"} <= ids  # Texas as enacted
    assert {"co-26-189-notice", "co-26-189-adverse-explanation", "co-26-189-correction", "co-26-189-human-review",
            "co-26-189-records"} <= ids  # Colorado from 2027
    assert {"eu-art-50-transparency", "eu-art-26-oversight"} <= ids
    roadmap = [o for o in catalog.obligations if o.framework == "Roadmap good practice"]
    assert len(roadmap) == 5 and all(o.level == "good practice" for o in roadmap)
    repealed = [o for o in catalog.obligations if "SB 24-205" in o.framework]
    assert repealed and all(o.level == "good practice" for o in repealed)
    colorado = next(o for o in catalog.obligations if o.id == "co-26-189-notice")
    assert colorado.effective == dt.date(2027, 1, 1)


def test_a_bad_record_is_named_and_left_out(tmp_path):
    (tmp_path / "a.toml").write_text(
        '[[obligation]]\nid = "ok"\ntitle = "T"\njurisdiction = "Texas"\nframework = "F"\nlaw = "L"\ncitation = "C"\n'
        'duty = "D"\napplies_to = "A"\neffective = "2026-01-01"\nsource = "https://x"\nas_of = "2026-11-01"\n'
        'level = "binding"\n\n[[obligation]]\nid = "no-source"\ntitle = "T"\njurisdiction = "Texas"\nframework = "F"\n'
        'law = "L"\ncitation = "C"\nduty = "D"\napplies_to = "A"\neffective = "2026-01-01"\nas_of = "2026-11-01"\n'
        'level = "binding"\n\n[[obligation]]\nid = "odd-level"\ntitle = "T"\njurisdiction = "Texas"\nframework = "F"\n'
        'law = "L"\ncitation = "C"\nduty = "D"\napplies_to = "A"\neffective = "2026-01-01"\nsource = "https://x"\n'
        'as_of = "2026-11-01"\nlevel = "mandatory-ish"\n')
    (tmp_path / "b.toml").write_text("this is not toml [")
    catalog = compliance_catalog.load(tmp_path)
    assert [o.id for o in catalog.obligations] == ["ok"]
    text = " ".join(catalog.problems)
    assert "(no-source) is missing source" in text and "level 'mandatory-ish'" in text and "b.toml could not be read" in text


APPLIES = [
    (Profile(("health care",), ("health care",), ("Texas",)), {"tx-552-051-health": True, "tx-552-051-government": False,
                                                              "co-26-189-notice": False, "roadmap-audits": True}),
    (Profile(("government",), (), ("Texas",)), {"tx-552-051-government": True, "tx-552-051-health": False,
                                               "tx-552-103-readiness": True}),
    (Profile(("other",), ("lending",), ("Colorado",)), {"co-26-189-notice": True, "co-26-189-records": True,
                                                        "tx-552-prohibitions": False, "eu-art-26-oversight": False}),
    (Profile(("other",), (), ("Colorado",)), {"co-26-189-notice": False, "co-24-205-impact-assessment": False}),
    (Profile(("other",), ("employment",), ("EU",)), {"eu-art-50-transparency": True, "eu-art-26-workers": True}),
    (Profile(("other",), ("employment",), ("elsewhere",), optional_frameworks=True),
     {"eu-art-50-transparency": True, "tx-552-103-readiness": False}),
    (Profile(), {"roadmap-risk-assessment": True, "tx-552-103-readiness": False}),
]


@pytest.mark.parametrize(("profile", "expected"), APPLIES)
def test_which_obligations_apply(profile, expected):
    found = {a.obligation.id: a for a in compliance_catalog.applicability(compliance_catalog.load(), profile)}
    for oid, applies in expected.items():
        assert found[oid].applies is applies, (oid, found[oid].why)
        assert found[oid].why.startswith("Applies" if applies else "Doesn't apply")


def test_the_34_percent_case_is_flagged():
    results = bias.screen([bias.GroupCount("Other surnames", 400, 167), bias.GroupCount("Spanish surnames", 120, 33)])
    spanish = results[1]
    assert spanish.verdict == "flagged" and round(1 - spanish.impact_ratio, 2) == 0.34
    assert spanish.p_value < 0.05
    assert "selected at 28% against 42% (14.2 percentage points lower; impact ratio 0.66" in bias.summary(results)


def test_a_small_sample_is_not_enough_data_not_bias():
    results = bias.screen([bias.GroupCount("A", 12, 6), bias.GroupCount("B", 12, 3)])
    assert results[1].impact_ratio == 0.5 and results[1].verdict == "not enough data"


def test_hand_worked_examples():
    assert round(bias.fisher_exact(3, 1, 1, 3), 4) == 0.4857  # Fisher's tea-tasting table
    assert round(bias.fisher_exact(8, 2, 1, 5), 4) == 0.035
    results = bias.screen([bias.GroupCount("A", 100, 50), bias.GroupCount("B", 100, 45), bias.GroupCount("Tiny", 5, 0)])
    assert [r.verdict for r in results] == ["reference", "within four-fifths", "left out"]
    assert results[1].impact_ratio == pytest.approx(0.9)


@pytest.mark.parametrize(("rows", "words"), [
    ([("A", 10, 12), ("B", 10, 5)], "more than the total"),
    ([("A", -3, 1), ("B", 10, 5)], "whole number"),
    ([("A", 10.5, 1), ("B", 10, 5)], "whole number"),
    ([("A", 10, 2)], "at least two groups"),
    ([("A", 0, 0), ("B", 0, 0)], "every total is 0"),
    ([("A", "ten", 1), ("B", 10, 5)], "not a count"),
])
def test_bad_counts_are_refused_per_row(rows, words):
    with pytest.raises(ValidationError, match=words):
        bias.check_counts(rows)


def test_the_four_fifths_line_is_compared_exactly():
    """28 of 40 against 35 of 40 is exactly 0.8: at the line, so within it (0.7 / 0.875 in floating point is
    0.7999999999999999, which read 'under')."""
    assert 0.7 / 0.875 < 0.8  # the trap
    at_line = bias.screen([bias.GroupCount("A", 40, 35), bias.GroupCount("B", 40, 28)])[1]
    assert at_line.verdict == "within four-fifths"
    under = bias.screen([bias.GroupCount("A", 40, 35), bias.GroupCount("B", 40, 27)])[1]
    assert under.verdict in ("flagged", "not enough data") and under.verdict != "within four-fifths"
    assert bias.within_four_fifths(bias.GroupCount("B", 40, 28), bias.GroupCount("A", 40, 35))
    assert not bias.within_four_fifths(bias.GroupCount("B", 40, 27), bias.GroupCount("A", 40, 35))


def test_above_four_fifths_but_significant_on_a_large_sample_is_flagged():
    """29 CFR 1607.4D: a smaller difference can still matter when it is statistically significant. 8,000 of
    10,000 against 8,500 of 10,000: ratio 0.94, a 5-point gap that is no accident on 20,000 people."""
    results = bias.screen([bias.GroupCount("A", 10000, 8500), bias.GroupCount("B", 10000, 8000)])
    assert results[1].impact_ratio == pytest.approx(8000 / 8500) and results[1].verdict == bias.SIGNIFICANT
    assert "5 percentage points lower" in bias.summary(results)
    assert "at or above four-fifths but the difference is statistically significant" in bias.summary(results)
    small = bias.screen([bias.GroupCount("A", 50, 45), bias.GroupCount("B", 50, 40)])  # same idea, few people
    assert small[1].verdict == "within four-fifths"


def test_no_one_selected_anywhere_says_so():
    results = bias.screen([bias.GroupCount("A", 40, 0), bias.GroupCount("B", 50, 0)])
    assert {r.verdict for r in results} == {bias.NO_SELECTIONS}
    assert bias.summary(results) == "No one in any group was selected: there is no selection rate to compare."


@pytest.mark.parametrize(("text", "missing"), [
    ("This service uses AI. Ask a person at the desk.", []),
    ("Artificial intelligence drafts replies; a member of staff reviews them.", []),
    ("We check again and pay promptly. Your personal data is safe.", ["say that AI is involved",
                                                                      "say how to reach a person or ask for a review"]),
    ("An A.I. assistant answers. Talk to a human any time.", []),
    ("Our mail team answers. Chat with an agent.", ["say that AI is involved"]),
])
def test_the_notice_check_matches_whole_words(text, missing):
    assert notices.required_parts(text) == missing


def test_a_notice_never_promises_a_review_the_register_says_does_not_happen(store, facilitator, pilot):
    for channel in notices.CHANNELS:
        text = notices.generate(pilot, channel, consequential=True, contact="desk", correction=True,
                                unreviewed=["Urgency triage"])
        assert "review it" not in text and "oversee" not in text and "review any decision" not in text, channel
        assert notices.required_parts(text) == [], channel  # still says it is AI, and how to reach a person


def test_notice_templates_have_the_required_parts(store, facilitator, pilot):
    for channel in notices.CHANNELS:
        text = notices.generate(pilot, channel, consequential=True, contact="access@clinic.example", correction=True)
        assert notices.required_parts(text) == [], channel
        assert "access@clinic.example" in text and ("review" in text) and "corrected" in text
    assert "person" in notices.generate(pilot, "web", consequential=False, contact="", correction=False)
    assert notices.required_parts("We use clever software.") == ["say that AI is involved",
                                                                  "say how to reach a person or ask for a review"]


def test_statuses_are_saved_together_with_reasons_and_audited(store, facilitator, pilot):
    compliance_store.save_profile(store, facilitator, pilot.id, Profile(("health care",), ("health care",),
                                                                         ("Texas",)), "desk")
    with pytest.raises(ValidationError, match="say why it doesn't apply"):
        compliance_store.set_statuses(store, facilitator, pilot.id, {"roadmap-opt-out": Status("not applicable")})
    changed = compliance_store.set_statuses(store, facilitator, pilot.id, {
        "tx-552-051-health": Status("done", "Elena", TODAY, "Notice v2"),
        "roadmap-opt-out": Status("not applicable", na_reason="Patients always reach a scheduler"),
        "tx-552-103-readiness": Status("in progress", "Legal", TODAY - dt.timedelta(days=1))})
    assert changed == 3
    items = compliance_catalog.applicability(compliance_catalog.load(), compliance_store.profile(store, pilot.id)[0])
    found = compliance_store.statuses(store, pilot.id)
    overdue, soon = compliance_store.deadlines(items, found, TODAY)
    assert [o.id for o, _ in overdue] == ["tx-552-103-readiness"] and [o.id for o, _ in soon] == []
    texas = next(s for s in compliance_store.standing(items, found) if s.framework == "Texas TRAIGA")
    assert (texas.done, texas.applicable) == (1, 5)
    assert len(audit.entries(store, entity="obligation")) == 3
    with pytest.raises(PermissionDenied):
        compliance_store.set_statuses(store, Actor("Vic", Role.VIEWER), pilot.id, {"roadmap-audits": Status("done")})


def test_register_flags_unreviewed_consequential_decisions(store, facilitator, pilot):
    rows = [{"name": "Booking decision", "kind": "decision point", "consequential": True, "human_review": False},
            {"name": "Calendar", "kind": "data source"}]
    saved = compliance_store.save_register(store, facilitator, pilot.id, rows, [])
    assert [e.name for e in compliance_store.unreviewed_decisions(saved)] == ["Booking decision"]
    with pytest.raises(ValidationError, match="data source or decision point"):
        compliance_store.save_register(store, facilitator, pilot.id, [{"name": "X", "kind": "vibe"}], saved)


def test_bias_runs_are_kept_as_history(store, facilitator, pilot):
    with pytest.raises(ValidationError):
        compliance_store.run_bias_screen(store, facilitator, pilot.id, "age band", [("A", 10, 11), ("B", 10, 1)])
    assert compliance_store.bias_history(store, pilot.id) == []
    compliance_store.run_bias_screen(store, facilitator, pilot.id, "surname origin",
                                     [("Other", 400, 167), ("Spanish", 120, 33)])
    [(at, attribute, groups, summary)] = compliance_store.bias_history(store, pilot.id)
    assert attribute == "surname origin" and len(groups) == 2 and "flagged" in summary
