"""Step 2: the catalog (valid, sourced, dated), what applies and why, bias screening, notices, storage."""

from __future__ import annotations

import datetime as dt

import pytest

from sprint import audit
from sprint.errors import PermissionDenied, ValidationError
from sprint.permissions import Action, Actor, Role
from sprint.steps.compliance import bias, notices
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance import store as compliance_store
from sprint.steps.compliance.rules import Profile
from sprint.steps.compliance.store import Status
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
    assert {"eu-art-50-1-interaction", "eu-art-50-2-marking", "eu-art-50-3-emotion-biometric",
            "eu-art-50-4-deepfake-text", "eu-art-26-oversight"} <= ids
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
        'level = "binding"\nwhen_roles = ["deployer"]\n\n'
        '[[obligation]]\nid = "no-holder"\ntitle = "T"\njurisdiction = "Texas"\nframework = "F"\nlaw = "L"\n'
        'citation = "C"\nduty = "D"\napplies_to = "A"\neffective = "2026-01-01"\nsource = "https://x"\n'
        'as_of = "2026-11-01"\nlevel = "binding"\n\n[[obligation]]\nid = "no-source"\ntitle = "T"\njurisdiction = "Texas"\nframework = "F"\n'
        'law = "L"\ncitation = "C"\nduty = "D"\napplies_to = "A"\neffective = "2026-01-01"\nas_of = "2026-11-01"\n'
        'level = "binding"\n\n[[obligation]]\nid = "odd-level"\ntitle = "T"\njurisdiction = "Texas"\nframework = "F"\n'
        'law = "L"\ncitation = "C"\nduty = "D"\napplies_to = "A"\neffective = "2026-01-01"\nsource = "https://x"\n'
        'as_of = "2026-11-01"\nlevel = "mandatory-ish"\n')
    (tmp_path / "b.toml").write_text("this is not toml [")
    catalog = compliance_catalog.load(tmp_path)
    assert [o.id for o in catalog.obligations] == ["ok"]
    text = " ".join(catalog.problems)
    assert "(no-holder) is binding but names no holder" in text
    assert "(no-source) is missing source" in text and "level 'mandatory-ish'" in text and "b.toml could not be read" in text


APPLIES = [
    (Profile(("health care",), ("health care",), ("Texas",), uses=("patient care",)),
     {"tx-552-051-health": True, "tx-552-051-government": False, "co-26-189-notice": False, "roadmap-audits": True}),
    (Profile(("government",), (), ("Texas",), uses=("state agency", "public")), {"tx-552-051-government": True,
                                                                   "tx-552-051-health": False,
                                                                   "tx-552-103-readiness": True}),
    (Profile(("other",), ("credit and lending",), ("Colorado",)), {"co-26-189-notice": True, "co-26-189-records": True,
                                                                   "tx-552-prohibitions": False,
                                                                   "eu-art-26-oversight": False}),
    (Profile(("other",), (), ("Colorado",)), {"co-26-189-notice": False, "co-24-205-impact-assessment": False}),
    (Profile(("other",), ("employment",), ("EU",)), {"eu-art-26-oversight": True, "eu-art-26-workers": True}),
    (Profile(("other",), ("employment",), ("elsewhere",), optional_frameworks=True),
     {"eu-art-26-oversight": True, "tx-552-103-readiness": False}),
    (Profile(), {"roadmap-risk-assessment": True, "tx-552-103-readiness": False}),
]


@pytest.mark.parametrize(("profile", "expected"), APPLIES)
def test_which_obligations_apply(profile, expected):
    found = {a.obligation.id: a for a in compliance_catalog.applicability(compliance_catalog.load(), profile)}
    for oid, applies in expected.items():
        assert found[oid].applies is applies, (oid, found[oid].why)
        assert found[oid].why.startswith("Applies" if applies else "Doesn't apply")


CO_DEPLOYER = {"co-26-189-notice", "co-26-189-adverse-explanation", "co-26-189-withholding", "co-26-189-correction",
               "co-26-189-human-review", "co-26-189-records"}
CO_24_205 = {"co-24-205-risk-program", "co-24-205-impact-assessment", "co-24-205-discrimination-notice",
             "co-24-205-developer"}


def test_an_opted_in_framework_is_followed_by_choice_never_binding():
    items = compliance_catalog.applicability(
        compliance_catalog.load(), Profile(("other",), ("employment",), ("elsewhere",), optional_frameworks=True))
    eu = [a for a in items if a.applies and a.obligation.jurisdiction == "EU"]
    assert eu and {a.level for a in eu} == {compliance_catalog.BY_CHOICE}
    at_home = compliance_catalog.applicability(compliance_catalog.load(), Profile(("other",), ("employment",), ("EU",)))
    assert {a.level for a in at_home if a.applies and a.obligation.jurisdiction == "EU"} == {"binding"}


def test_the_corrected_records_say_what_the_sources_say():
    """The second December 2026 review's corrections, record by record."""
    by_id = compliance_catalog.load().by_id()
    # Art. 50 split by duty-holder; 50(1) covers staff-facing systems; 50(4) only deep fakes and public-interest text
    assert by_id["eu-art-50-1-interaction"].when_roles == ("developer or provider",)
    assert by_id["eu-art-50-1-interaction"].when_uses == ("interacts",) and "staff" in by_id["eu-art-50-1-interaction"].applies_to
    assert by_id["eu-art-50-2-marking"].when_roles == ("developer or provider",)
    assert "assist standard editing" in by_id["eu-art-50-2-marking"].applies_to
    assert by_id["eu-art-50-3-emotion-biometric"].when_roles == ("deployer",)
    assert by_id["eu-art-50-4-deepfake-text"].when_uses == ("published",)
    assert "ended on 2 Dec 2026" in by_id["eu-art-50-2-marking"].caveat
    # EU: no stale "not confirmed in the Official Journal"; Art. 99 tiers on every record; Art. 4 as amended
    eu = [o for o in by_id.values() if o.jurisdiction == "EU"]
    assert not [o.id for o in eu if "Official Journal publication not confirmed" in o.caveat]
    assert all(o.enforcement for o in eu)
    assert "EUR 35 million or 7%" in by_id["eu-art-5-prohibited"].enforcement
    assert "EUR 15 million or 3%" in by_id["eu-art-26-oversight"].enforcement
    assert "EUR 15 million or 3%" in by_id["eu-art-50-1-interaction"].enforcement
    assert "Commission and Member States" not in by_id["eu-art-4-literacy"].caveat
    assert "support" in by_id["eu-art-4-literacy"].duty and "not a guaranteed level" in by_id["eu-art-4-literacy"].duty
    assert by_id["eu-art-5-intimate-imagery"].effective == dt.date(2026, 12, 2)
    assert "unconfirmed" in by_id["eu-art-5-intimate-imagery"].caveat
    assert "natural persons" in by_id["eu-art-27-fria-credit-insurance"].applies_to
    assert "fraud" in by_id["eu-art-26-oversight"].applies_to and "businesses is outside" in by_id["eu-art-26-oversight"].applies_to
    assert "financial institution" in by_id["eu-art-26-monitor-logs"].applies_to
    assert "unconfirmed" in by_id["eu-art-86-explanation"].caveat and "86(3)" in by_id["eu-art-86-explanation"].applies_to
    assert by_id["eu-annex-i-products"].effective == dt.date(2028, 8, 2)
    assert by_id["eu-gpai-53"].when_uses == ("own model",) and by_id["eu-gpai-53"].effective == dt.date(2025, 8, 2)
    assert "Art. 25" in by_id["eu-high-risk-provider-requirements"].applies_to
    assert "health care" not in by_id["eu-art-26-oversight"].when_decisions  # not itself Annex III
    # Texas: narrower prohibitions, the §552.056 exemptions, licensing-agency sanctions, the defences as enacted
    assert "sole intent" in by_id["tx-552-prohibitions"].duty
    assert "insurance" in by_id["tx-552-prohibitions"].applies_to and "federally insured" in by_id["tx-552-prohibitions"].applies_to
    assert "develop or distribute" in by_id["tx-552-057-1-sexual-content"].duty
    assert "child under 18" in by_id["tx-552-057-2-child-chat"].duty
    assert "intent to calculate or assign a social score" in by_id["tx-552-053-social-scoring"].duty
    assert "photographs" in by_id["tx-552-054-biometric-id"].duty and "infringe a right" in by_id["tx-552-054-biometric-id"].duty
    assert "§552.106" in by_id["tx-552-051-health"].enforcement and "$100,000" in by_id["tx-552-051-health"].enforcement
    defences = by_id["tx-552-105-nist-defence"]
    assert "misused" in defences.duty and "not deployed" in defences.duty and "breaks off" not in defences.caveat
    assert "reading" in by_id["tx-552-051-health"].applies_to  # scheduling/intake: a reading, not a statutory line
    assert "hospital districts" in by_id["tx-552-051-government"].applies_to
    assert "§9" in by_id["tx-552-051-government"].caveat
    assert "how to reach a person" in by_id["tx-552-051-government"].duty  # ...is not asked by the statute
    assert by_id["tx-552-103-readiness"].level == "good practice" and by_id["tx-552-103-readiness"].effective is None
    sb1188 = by_id["tx-sb-1188-diagnostic"]
    assert sb1188.effective == dt.date(2025, 9, 1) and "licence" in sb1188.duty and "unconfirmed" in sb1188.enforcement
    assert by_id["tx-hb-3512-training"].effective <= dt.date(2025, 9, 1) and "unconfirmed" in by_id["tx-hb-3512-training"].caveat
    assert by_id["tx-hb-149-agency-inventory"].citation == "Tex. Gov't Code §2054.0965(b)(2)"
    # Colorado: corrected sections, the exemptions as the act writes them, the stay, the contested SB 24-205
    assert by_id["co-26-189-correction"].citation.startswith("C.R.S. §6-1-1705(1)(a)")
    assert by_id["co-26-189-human-review"].citation.startswith("C.R.S. §6-1-1705(1)(a)")
    assert "commercially reasonable" in by_id["co-26-189-human-review"].duty
    assert by_id["co-26-189-records"].citation.startswith("C.R.S. §6-1-1703")
    assert "version" in by_id["co-26-189-records"].duty
    adverse = by_id["co-26-189-adverse-explanation"]
    assert "name, version and developer" in adverse.duty and "§6-1-1705" in adverse.duty
    for oid in CO_DEPLOYER:
        o = by_id[oid]
        assert "§6-1-1704(6)" in o.applies_to and "§6-1-1708(3)" in o.applies_to and "disagree" not in o.caveat
        assert o.effective == dt.date(2027, 1, 1) and "xAI v. Weiser" in o.stay and "$50,000" in o.enforcement
        assert "knowing or repeated" in o.enforcement and o.unless == ("hipaa",)
    for oid in CO_24_205:
        o = by_id[oid]
        assert o.when_locations == ("Colorado",) and o.level == "good practice" and o.effective is None
        assert "contested" in o.caveat and "30 Jun 2026" in o.caveat and "check with counsel" in o.caveat
    assert {by_id[oid].when_roles for oid in CO_24_205} == {("deployer",), ("developer or provider",)}
    # every binding record has a date and a holder (who is outside it says so); none dates good practice
    assert all(o.effective for o in by_id.values() if o.level == "binding")


def test_a_binding_record_without_a_date_is_left_out(tmp_path):
    (tmp_path / "a.toml").write_text(
        '[[obligation]]\nid = "no-date"\ntitle = "T"\njurisdiction = "Texas"\nframework = "F"\nlaw = "L"\n'
        'citation = "C"\nduty = "D"\napplies_to = "A"\nsource = "https://x"\nas_of = "2026-11-01"\nlevel = "binding"\n')
    catalog = compliance_catalog.load(tmp_path)
    assert catalog.obligations == () and "binding but has no effective date" in catalog.problems[0]


def test_in_force_and_upcoming_are_counted_apart_and_the_effective_date_is_a_deadline():
    today = dt.date(2026, 12, 20)
    items = compliance_catalog.applicability(compliance_catalog.load(), Profile(
        ("other",), ("credit and lending",), ("Colorado", "Texas"), uses=()))
    found = {"tx-552-prohibitions": Status("done"), "co-26-189-notice": Status("done"),
             "co-26-189-records": Status("in progress", due=dt.date(2027, 3, 1))}
    colorado = next(s for s in compliance_store.standing(items, found, today) if s.framework == "Colorado SB 26-189")
    assert (colorado.applicable, colorado.upcoming, colorado.upcoming_done) == (0, 7, 1)  # the 7 deployer duties
    assert colorado.next_date == dt.date(2027, 1, 1) and "1 of 7 ready for 1 Jan 2027" in colorado.label()
    texas = next(s for s in compliance_store.standing(items, found, today) if s.framework == "Texas TRAIGA")
    assert (texas.applicable, texas.done, texas.upcoming) == (5, 1, 0)
    overdue, soon = compliance_store.deadlines(items, found, today)
    due = {o.id: when for o, _, when in soon}
    assert due["co-26-189-adverse-explanation"] == dt.date(2027, 1, 1)  # no due date: due when it takes effect
    assert due["co-26-189-records"] == dt.date(2027, 1, 1)  # planned for March: too late, the law starts in January
    assert [o.id for o, _ in compliance_store.due_after_effect(items, found, today)] == ["co-26-189-records"]
    by_id = compliance_catalog.load().by_id()
    assert by_id["co-26-189-notice"].applies_from(today) == "from 1 Jan 2027"
    assert by_id["tx-552-prohibitions"].applies_from(today) == "since 1 Jan 2026"
    assert by_id["co-24-205-risk-program"].applies_from(today) == "no date (good practice)"


def test_an_earlier_profiles_broad_decisions_read_as_what_they_covered(store, facilitator, pilot):
    def older(tx):
        tx.execute("INSERT INTO compliance_profiles (initiative_id, sectors, decisions, locations, optional_frameworks, "
                   "contact, updated_by, updated_at) VALUES (?, 'other', 'lending,insurance,essential services', 'EU', "
                   "false, '', 'x', now())", [pilot.id])
        tx.audit(action="create", entity="compliance profile", entity_id=pilot.id, summary="an older profile")

    store.write(facilitator, Action.MANAGE_INITIATIVES, older)
    profile, _ = compliance_store.profile(store, pilot.id)
    assert profile.decisions == ("credit and lending", "life or health insurance", "other insurance",
                                 "essential government services")
    assert profile.roles == ("deployer",) and profile.uses is None


def test_the_profile_keeps_role_and_uses_and_refuses_unknown_answers(store, facilitator, pilot):
    compliance_store.save_profile(store, facilitator, pilot.id, Profile(
        ("government",), (), ("Texas",), roles=("deployer", "developer or provider"), uses=()), "desk")
    profile, _ = compliance_store.profile(store, pilot.id)
    assert profile.roles == ("deployer", "developer or provider") and profile.uses == ()
    with pytest.raises(ValidationError, match="'vibes' is not one of"):
        compliance_store.save_profile(store, facilitator, pilot.id, Profile(uses=("vibes",)), "")
    with pytest.raises(ValidationError, match="deploy the system, build it, or both"):
        compliance_store.save_profile(store, facilitator, pilot.id, Profile(roles=()), "")


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
    ([("A", "1e3", 10), ("B", 1000, 500)], "'1e3' is not a count"),  # not a count a person types
    ([("A", "inf", 10), ("B", 1000, 500)], "'inf' is not a count"),
])
def test_bad_counts_are_refused_per_row(rows, words):
    with pytest.raises(ValidationError, match=words):
        bias.check_counts(rows)


def test_typed_counts_with_thousands_separators_are_read():
    assert [(g.total, g.selected) for g in bias.check_counts([("A", "1,250", "600"), ("B", "1 000", 480)])] == \
        [(1250, 600), (1000, 480)]


def test_the_ratio_shown_agrees_with_its_verdict():
    """0.7996 is under four-fifths: shown as '0.80' it would contradict the verdict beside it."""
    results = bias.screen([bias.GroupCount("A", 10_000, 5_000), bias.GroupCount("B", 10_000, 3_998)])
    assert results[1].verdict == "flagged" and results[1].impact_ratio == pytest.approx(0.7996)
    assert bias.ratio_text(results[1].impact_ratio) == "0.7996"
    assert "impact ratio 0.7996, under four-fifths" in bias.summary(results)
    assert bias.ratio_text(0.66) == "0.66" and bias.ratio_text(0.8) == "0.80"


def test_a_large_sample_gap_is_flagged_only_when_it_matters_in_practice():
    """29 CFR 1607.4D asks for significance in statistical and practical terms: half a point on 100,000 people is
    statistically significant and practically nothing (the floor is a 2-point gap, stated on the page); 8 points
    on 2,000 is both."""
    tiny_gap = bias.screen([bias.GroupCount("A", 100_000, 50_000), bias.GroupCount("B", 100_000, 49_500)])
    assert tiny_gap[1].p_value < 0.05 and tiny_gap[1].verdict == "within four-fifths"
    real_gap = bias.screen([bias.GroupCount("A", 1_000, 500), bias.GroupCount("B", 1_000, 420)])
    assert real_gap[1].p_value < 0.05 and real_gap[1].verdict == bias.SIGNIFICANT
    assert "practically significant" in bias.summary(real_gap)


def test_no_one_selected_is_said_only_when_it_is_true_of_every_group_shown():
    none_kept = bias.screen([bias.GroupCount("A", 50, 0), bias.GroupCount("B", 40, 0), bias.GroupCount("C", 6, 3)])
    assert "No one in any group was selected" not in bias.summary(none_kept)
    assert "groups left out for their size had selections" in bias.summary(none_kept)
    nobody = bias.screen([bias.GroupCount("A", 50, 0), bias.GroupCount("B", 40, 0)])
    assert bias.summary(nobody).startswith("No one in any group was selected")


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
    assert "at or above four-fifths but the difference is statistically and practically significant" in \
        bias.summary(results)
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
    assert [o.id for o, _, _ in overdue] == ["tx-552-103-readiness"] and [o.id for o, _, _ in soon] == []
    texas = next(s for s in compliance_store.standing(items, found, TODAY) if s.framework == "Texas TRAIGA")
    # Never asked how it is used: the health notice and both §552.057 bans are counted until it says, beside the
    # prohibitions, the intent record, 103, 104 and 105.
    assert (texas.done, texas.applicable) == (1, 8)
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


@pytest.mark.parametrize("kind", list(notices.NOTICE_KINDS))
def test_each_law_notice_template_has_the_parts_its_law_asks_for(pilot, kind):
    text = notices.law_notice(kind, pilot, decisions=("credit and lending",), contact="help@bank.example",
                              data_used=["Credit file (income, repayment history)"])
    assert notices.required_parts(text, kind) == [], text
    assert notices.required_parts("We value your custom.", kind)  # a text without them is caught


def test_law_notice_specifics():
    pilot = type("I", (), {"process": "Loan applications", "owner": "Ana"})()
    government = notices.law_notice("tx-government", pilot, decisions=(), contact="311")
    assert "You are interacting with an artificial intelligence (AI) system" in government
    adverse = notices.law_notice("co-adverse", pilot, decisions=("credit and lending",), contact="loans@bank.example",
                                 data_used=["Credit file (income, repayment history)"])
    assert "within 30 days" in adverse and "Credit file (income, repayment history)" in adverse
    assert "review the decision" in adverse and "corrected" in adverse
    pre_use = notices.law_notice("co-pre-use", pilot, decisions=("credit and lending",), contact="x")
    assert "decisions on credit and lending" in pre_use and "learn more" in pre_use
    # A register with an unreviewed consequential decision: no promise of review, and the checker says so.
    honest = notices.law_notice("co-adverse", pilot, decisions=("credit and lending",), contact="x",
                                unreviewed=["Auto-decline"])
    assert "review" not in honest.lower()
    assert notices.required_parts(honest, "co-adverse") == ["say how to ask a person to review the decision"]
    explanation = notices.law_notice("eu-86", pilot, decisions=(), contact="x", unreviewed=["Auto-decline"])
    assert "main elements" in explanation and "review" not in explanation.lower()


def test_the_checker_matches_whole_words():
    assert notices.required_parts("This service uses AI. Talk to a person any time.") == []
    assert notices.required_parts("Your personal data was paid for again.") == [
        "say that AI is involved", "say how to reach a person or ask for a review"]
    assert "say plainly that they are dealing with an AI system" in notices.required_parts(
        "This service uses AI. Call a person on 311.", "tx-government")


@pytest.mark.parametrize(("kind", "text", "missing"), [
    # The Texas government notice needs no "reach a person" part (the statute has none), and the shortest honest
    # sentence passes.
    ("tx-government", "This is an AI chatbot, not a human.", []),
    ("tx-government", "You are chatting with our assistant.", ["say that AI is involved"]),
    # "Ai" inside a name is not AI; a travel agent is not a person to reach.
    ("general", "Ai Tanaka answers your questions. Contact your travel agent for changes.",
     ["say that AI is involved", "say how to reach a person or ask for a review"]),
    ("general", "An AI assistant answers first; say 'agent' to reach one of us.", []),
    ("general", "AI drafts the replies. Speak to a live agent any time.", []),
    ("eu-50-1", "Hi! I'm an AI assistant.", []),
    ("eu-50-1", "Hi! I can help with your booking.", ["say that AI is involved",
                                                       "say plainly that they are dealing with an AI system"]),
    ("eu-50-4", "This video was generated with AI.", []),
    ("co-withholding", "We are withholding the model's weighting because it is a trade secret.", []),
])
def test_each_notice_kind_checks_what_its_law_asks(kind, text, missing):
    assert notices.required_parts(text, kind) == missing


def test_a_record_is_due_for_review_after_120_days_and_the_command_line_lists_it(monkeypatch, capsys):
    from sprint.cli import main

    record = compliance_catalog.load().obligations[0]
    assert not record.due_for_review(record.as_of + dt.timedelta(days=120))
    assert record.due_for_review(record.as_of + dt.timedelta(days=121))
    monkeypatch.setenv("SPRINT_TODAY", "2026-12-06")
    assert main(["catalog", "--stale"]) == 0
    assert capsys.readouterr().out.strip().endswith("0 due for review (checked more than 120 days before 2026-12-06).")
    monkeypatch.setenv("SPRINT_TODAY", (record.as_of + dt.timedelta(days=200)).isoformat())
    assert main(["catalog", "--stale"]) == 0
    out = capsys.readouterr().out
    assert f"{record.id}" in out and "due for review (200 days)" in out


def test_every_shipped_record_names_its_source_and_when_it_was_checked():
    catalog = compliance_catalog.load()
    assert catalog.problems == () and len(catalog.obligations) >= 39
    for o in catalog.obligations:
        assert o.source.startswith("https://"), o.id
        assert dt.date(2026, 1, 1) <= o.as_of <= dt.date(2026, 12, 6), o.id
        assert o.applies_to.strip(), o.id  # who the duty is for, and who is outside it
