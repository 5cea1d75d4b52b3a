"""Step 2: the nine profiles of the second December 2026 review, each with exactly the obligations the facts in
shared/reference/compliance-facts.md ("Corrections from the second December 2026 review") give it. Written from
those facts, record by record, not from what the catalog happened to produce: a table a lawyer can argue with."""

from __future__ import annotations

import pytest

from sprint.steps.compliance import notices
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance.rules import FIRST_FACTS, Profile

ROADMAP = {"roadmap-risk-assessment", "roadmap-bias-testing", "roadmap-user-notification", "roadmap-opt-out",
           "roadmap-audits"}  # the article's checklist, good practice for every pilot
# Texas: intent-based bans bind everyone (§§552.052, 552.055, 552.056); the demand pack, the defences and the cure
# playbook are good practice for everyone in Texas.
TEXAS_EVERYONE = {"tx-552-prohibitions", "tx-552-intent-record", "tx-552-103-readiness", "tx-552-105-nist-defence",
                  "tx-552-104-cure"}
# Government-only bans (§552.053, §552.054) and the agency laws in force: SB 1964's code of ethics and inventory,
# HB 3512's yearly training, and (state agencies) HB 149's deployment-review inventory.
TEXAS_STATE_AGENCY = {"tx-552-053-social-scoring", "tx-552-054-biometric-id", "tx-sb-1964-ethics",
                      "tx-sb-1964-inventory", "tx-hb-3512-training", "tx-hb-149-agency-inventory"}
EU_EVERYONE = {"eu-art-4-literacy", "eu-art-5-prohibited"}  # Art. 4 as amended binds providers and deployers
EU_HIGH_RISK_DEPLOYER = {"eu-art-26-oversight", "eu-art-26-input-data", "eu-art-26-monitor-logs",
                         "eu-art-26-inform-persons", "eu-art-86-explanation"}
CO_DEPLOYER = {"co-26-189-notice", "co-26-189-adverse-explanation", "co-26-189-withholding", "co-26-189-correction",
               "co-26-189-human-review", "co-26-189-records", "co-26-189-accessible"}
CO_24_205_DEPLOYER = {"co-24-205-risk-program", "co-24-205-impact-assessment", "co-24-205-discrimination-notice"}

NINE = {
    # A drafting assistant caseworkers chat with: staff only (not consumers, §552.051 is outside), no decisions
    # about people (no heightened scrutiny, no standardized notice), not distributed (§552.057 is outside).
    "Texas agency staff tool": (
        Profile(("government",), (), ("Texas",), uses=("state agency", "interacts", "content")),
        ROADMAP | TEXAS_EVERYONE | TEXAS_STATE_AGENCY),
    # A private company: no disclosure duty (§552.051 binds government and health care only); §552.057(1) and (2)
    # are relevant to a public chatbot that writes text.
    "Texas company public chatbot": (
        Profile(("other",), (), ("Texas",), uses=("interacts", "public", "content")),
        ROADMAP | TEXAS_EVERYONE | {"tx-552-057-1-sexual-content", "tx-552-057-2-child-chat"}),
    # §552.051(f) disclosure to patients and SB 1188 (diagnostic AI, records reviewed, patients told).
    "Texas hospital diagnostic aid": (
        Profile(("health care",), ("health care",), ("Texas",), uses=("hipaa", "patient care")),
        ROADMAP | TEXAS_EVERYONE | {"tx-552-051-health", "tx-sb-1188-diagnostic"}),
    # Not Annex III, no interaction, no content: literacy and the prohibitions only.
    "EU invoice tool (deployer)": (
        Profile(("other",), (), ("EU",), uses=()), ROADMAP | EU_EVERYONE),
    # Annex III 5(b) credit scoring of natural persons: Art. 26, 26(11), Art. 86 and the Art. 27 assessment.
    "EU bank credit scoring (deployer)": (
        Profile(("other",), ("credit and lending",), ("EU",), uses=()),
        ROADMAP | EU_EVERYONE | EU_HIGH_RISK_DEPLOYER | {"eu-art-27-fria-credit-insurance"}),
    # Annex III 5(a) public benefits: + registration (26(8)) and the public bodies' Art. 27 assessment. Applicants
    # fill in a public form: that is not Art. 50(4) (no deep fakes, no public-interest text).
    "EU public body deciding benefits": (
        Profile(("government",), ("essential government services",), ("EU",), uses=("public",)),
        ROADMAP | EU_EVERYONE | EU_HIGH_RISK_DEPLOYER | {"eu-art-26-registration", "eu-art-27-fria-public"}),
    # Built on someone else's model (no Art. 53): Art. 50(1) and 50(2), and the new Art. 5 prohibition for
    # generative systems. Not 50(4): a provider, and an ordinary chatbot publishes no public-interest text.
    "EU provider of a general chatbot": (
        Profile(("other",), (), ("EU",), roles=("developer or provider",), uses=("interacts", "public", "content")),
        ROADMAP | EU_EVERYONE | {"eu-art-50-1-interaction", "eu-art-50-2-marking", "eu-art-5-intimate-imagery"}),
    # SB 26-189 deployer duties with the corrected sections and the two added ones; SB 24-205's deployer items as
    # good practice (status contested).
    "Colorado lender deploying a loan-decision system": (
        Profile(("other",), ("credit and lending",), ("Colorado",), uses=()),
        ROADMAP | CO_DEPLOYER | CO_24_205_DEPLOYER),
    # A developer only: documentation to deployers and accessible notices; never the deployer items, of either law.
    "Colorado developer selling one": (
        Profile(("other",), ("credit and lending",), ("Colorado",), roles=("developer or provider",), uses=()),
        ROADMAP | {"co-26-189-developer-docs", "co-26-189-accessible", "co-24-205-developer"}),
}


def _applies(profile: Profile) -> set[str]:
    return {a.obligation.id for a in compliance_catalog.applicability(compliance_catalog.load(), profile)
            if a.applies}


@pytest.mark.parametrize("name", NINE)
def test_each_of_the_nine_profiles_gets_exactly_its_obligations(name):
    profile, expected = NINE[name]
    applies = _applies(profile)
    assert applies == expected, (f"extra: {sorted(applies - expected)}", f"missing: {sorted(expected - applies)}")


MORE = {
    # The same staff tool opened to the public: §552.051 disclosure and SB 1964's standardized notice.
    "Texas agency public chatbot": (
        Profile(("government",), (), ("Texas",), uses=("state agency", "interacts", "public", "content")),
        ROADMAP | TEXAS_EVERYONE | TEXAS_STATE_AGENCY | {"tx-552-051-government", "tx-sb-1964-notice",
                                                           "tx-552-057-1-sexual-content", "tx-552-057-2-child-chat"}),
    # A city deciding on access to a service: heightened scrutiny and the notice; not HB 149's state-agency review.
    "Texas city deciding permits": (
        Profile(("government",), ("essential government services",), ("Texas",), uses=("local government",)),
        ROADMAP | TEXAS_EVERYONE | (TEXAS_STATE_AGENCY - {"tx-hb-149-agency-inventory"})
        | {"tx-sb-1964-heightened-scrutiny", "tx-sb-1964-notice"}),
    # A public university is government but not a state agency or local government here: only what binds everyone.
    "Texas public university tool": (
        Profile(("government",), (), ("Texas",), uses=("interacts",)), ROADMAP | TEXAS_EVERYONE),
    # Its own general-purpose model: Art. 53; with systemic risk, Art. 55 too.
    "EU model provider": (
        Profile(("other",), (), ("EU",), roles=("developer or provider",), uses=("own model", "content")),
        ROADMAP | EU_EVERYONE | {"eu-gpai-53", "eu-art-50-2-marking", "eu-art-5-intimate-imagery"}),
    "EU systemic-risk model provider": (
        Profile(("other",), (), ("EU",), roles=("developer or provider",), uses=("own model", "systemic model")),
        ROADMAP | EU_EVERYONE | {"eu-gpai-53", "eu-gpai-55"}),
    # Staff-facing assistant built by a provider: Art. 50(1) covers staff too.
    "EU provider of a staff assistant": (
        Profile(("other",), (), ("EU",), roles=("developer or provider",), uses=("interacts",)),
        ROADMAP | EU_EVERYONE | {"eu-art-50-1-interaction"}),
    # A newsroom publishing AI-written text on public affairs: Art. 50(4).
    "EU newsroom": (
        Profile(("other",), (), ("EU",), uses=("public", "content", "published")),
        ROADMAP | EU_EVERYONE | {"eu-art-50-4-deepfake-text"}),
    "EU shop using emotion recognition": (
        Profile(("other",), (), ("EU",), uses=("emotion or biometrics",)),
        ROADMAP | EU_EVERYONE | {"eu-art-50-3-emotion-biometric"}),
    # A medical device with AI: Annex I, high-risk from 2 Aug 2028; health care is not Annex III by itself.
    "EU medical device maker": (
        Profile(("health care",), ("health care",), ("EU",), roles=("developer or provider",),
                uses=("regulated product", "patient care")),
        ROADMAP | EU_EVERYONE | {"eu-annex-i-products"}),
    # An EU provider of a credit-scoring system: the high-risk provider duties.
    "EU provider of credit scoring": (
        Profile(("other",), ("credit and lending",), ("EU",), roles=("developer or provider",), uses=()),
        ROADMAP | EU_EVERYONE | {"eu-high-risk-provider-requirements", "eu-high-risk-provider-conformity",
                                 "eu-high-risk-provider-monitoring"}),
    # A HIPAA covered entity gives patients the general notice instead of the deployer duties (§6-1-1708(3)).
    "Colorado hospital (HIPAA covered entity)": (
        Profile(("health care",), ("health care",), ("Colorado",), uses=("hipaa", "patient care")),
        ROADMAP | CO_24_205_DEPLOYER | {"co-26-189-hipaa-notice", "co-26-189-accessible"}),
    "a US company with no covered users": (Profile(("other",), (), ("elsewhere",), uses=()), ROADMAP),
}


@pytest.mark.parametrize("name", MORE)
def test_more_profiles_get_exactly_their_obligations(name):
    profile, expected = MORE[name]
    applies = _applies(profile)
    assert applies == expected, (f"extra: {sorted(applies - expected)}", f"missing: {sorted(expected - applies)}")


def test_a_profile_saved_before_the_new_questions_keeps_working_and_says_what_is_unanswered():
    """A Texas government profile saved with the first four questions: whether it is a state agency or a local
    government was never asked, so the government duties are counted, each saying which answer settles it."""
    older = Profile(("government",), (), ("Texas",), uses=("public",), answered=FIRST_FACTS)
    items = {a.obligation.id: a for a in compliance_catalog.applicability(compliance_catalog.load(), older)}
    for oid in ("tx-552-051-government", "tx-sb-1964-ethics", "tx-hb-149-agency-inventory"):
        assert items[oid].applies, oid
        assert "Counted until the profile says whether" in items[oid].why and "state agency" in items[oid].why
    # ...but what its answers settle stays settled: no content, no interaction, no §552.057.
    assert not items["tx-552-057-1-sexual-content"].applies
    # A profile never asked anything (before any question) counts the use-dependent duties too.
    oldest = {a.obligation.id: a for a in compliance_catalog.applicability(
        compliance_catalog.load(), Profile(("government",), (), ("Texas",)))}
    assert oldest["tx-552-051-government"].applies and "Counted until" in oldest["tx-552-051-government"].why
    # A non-government older profile never sees the agency duties, answered or not.
    private = {a.obligation.id for a in compliance_catalog.applicability(
        compliance_catalog.load(), Profile(("other",), (), ("Texas",), uses=(), answered=FIRST_FACTS)) if a.applies}
    assert not private & TEXAS_STATE_AGENCY


def test_why_names_the_answers_that_decided_it():
    public = {a.obligation.id: a for a in compliance_catalog.applicability(
        compliance_catalog.load(), MORE["Texas agency public chatbot"][0])}
    why = public["tx-552-051-government"].why
    assert "users in Texas" in why and "state agency" in why and "the public or consumers" in why
    staff = {a.obligation.id: a for a in compliance_catalog.applicability(
        compliance_catalog.load(), NINE["Texas agency staff tool"][0])}
    assert "not: members of the public" in staff["tx-552-051-government"].why
    assert "none of:" in staff["tx-sb-1964-notice"].why
    deployer = {a.obligation.id: a for a in compliance_catalog.applicability(
        compliance_catalog.load(), NINE["EU invoice tool (deployer)"][0])}["eu-art-50-1-interaction"]
    assert not deployer.applies and "you deploy it" in deployer.why
    hospital = {a.obligation.id: a for a in compliance_catalog.applicability(
        compliance_catalog.load(), MORE["Colorado hospital (HIPAA covered entity)"][0])}["co-26-189-notice"]
    assert not hospital.applies and "HIPAA covered entity" in hospital.why and "outside it" in hospital.why


NOTICES = [
    ("Texas agency staff tool", NINE, []),
    ("Texas agency public chatbot", MORE, ["tx-government", "tx-sb-1964"]),
    ("Texas city deciding permits", MORE, ["tx-sb-1964"]),
    ("Texas hospital diagnostic aid", NINE, ["tx-health"]),
    ("Texas company public chatbot", NINE, []),
    ("Colorado lender deploying a loan-decision system", NINE, ["co-pre-use", "co-adverse", "co-withholding"]),
    ("Colorado hospital (HIPAA covered entity)", MORE, ["co-hipaa"]),
    ("EU bank credit scoring (deployer)", NINE, ["eu-26-11", "eu-86"]),
    ("EU provider of a general chatbot", NINE, ["eu-50-1"]),
    ("EU newsroom", MORE, ["eu-50-4"]),
    ("EU shop using emotion recognition", MORE, ["eu-50-3"]),
    ("EU invoice tool (deployer)", NINE, []),
]


@pytest.mark.parametrize(("name", "table", "kinds"), NOTICES)
def test_the_law_notices_offered_follow_the_obligations_that_apply(name, table, kinds):
    assert [k.id for k in notices.kinds_for(sorted(_applies(table[name][0])))] == kinds
