"""User notification templates, generated from the initiative and its applicable obligations, one per channel.
People edit and save their own version; these are the starting point."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.initiatives import Initiative

CHANNELS = ("web", "email", "in-app", "phone script")  # the general notice, one text per channel


def generate(initiative: Initiative, channel: str, *, consequential: bool, contact: str,
             correction: bool, unreviewed: Sequence[str] = ()) -> str:
    """The parts every notice needs: that AI is involved and what it does, how to reach a person or ask for a
    review, and (where decisions are consequential) how to see and correct the data used.

    `unreviewed`: decision points the data register records as consequential with no person reviewing them.
    Then the notice never promises a human review or oversight it would not get; it says how decisions are
    made and how to reach a person with questions (the page warns the team instead)."""
    what = initiative.process.lower() or "this service"
    org_contact = contact or "our support team"
    data = (" You can also ask what information was used and have it corrected." if correction else "")
    if unreviewed:
        honest = (f"Decisions in {what} are made by the AI system; a person does not review each one. "
                  f"To ask a question about a decision or to correct your information, contact a person at "
                  f"{org_contact}.")
        if channel == "web":
            return f"We use an AI system to help with {what}. {honest}{data}"
        if channel == "email":
            return (f"Subject: How we use AI in {what}\n\nHello,\n\nWe use an AI system to help with {what}. "
                    f"{honest}{data}\n\nThank you,\n{initiative.owner}")
        if channel == "in-app":
            return f"AI decides in {what}; no person reviews each decision. Questions or corrections: {org_contact}.{data}"
        if channel == "phone script":
            return (f"Before we start: this call uses an AI assistant to help with {what}. If you would rather speak "
                    f"with a person, say 'agent' at any time. {honest}{data}")
        raise ValueError(f"unknown channel {channel!r}")
    review = (f"If a decision affects you, you can ask for a person to review it: contact {org_contact}."
              if consequential else f"You can ask to deal with a person instead at any time: contact {org_contact}.")
    if channel == "web":
        return (f"We use an AI system to help with {what}. It does not replace our staff: people oversee it. "
                f"{review}{data}")
    if channel == "email":
        return (f"Subject: How we use AI in {what}\n\nHello,\n\nWe use an AI system to help with {what}. People "
                f"oversee it and remain responsible for decisions. {review}{data}\n\nThank you,\n{initiative.owner}")
    if channel == "in-app":
        ask = ("Ask for a person to review any decision that affects you" if consequential
               else "Ask for a person any time")
        return f"AI assists with {what}. {ask}: {org_contact}.{data}"
    if channel == "phone script":
        return (f"Before we start: this call uses an AI assistant to help with {what}. If you would rather speak with "
                f"a person, say 'agent' at any time. {review}{data}")
    raise ValueError(f"unknown channel {channel!r}")


def required_parts(text: str, kind: str = "general") -> list[str]:
    """Which of the parts a notice of this kind needs that the text (edited or not) still lacks."""
    parts = _GENERAL_PARTS if kind == "general" else NOTICE_KINDS[kind].parts
    return [what for what, pattern in parts if not pattern.search(text)]


def _words(*alternatives: str) -> re.Pattern:
    """Whole words or phrases only: "personal" is not "person", "paid" is not "AI"."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


# "AI" only as the capitalised abbreviation: "Ai" in a name ("Ai Tanaka") is not it; "artificial intelligence" in
# any case.
_AI_WORDS = re.compile(r"(?<![\w.])(?:AI|A\.I\.?)(?!\w)|\b[Aa]rtificial [Ii]ntelligence\b|\bARTIFICIAL INTELLIGENCE\b")
# A person to reach. "Agent" counts only as someone's agent on the line ("an agent", "a live agent", "say
# 'agent'"), never a travel agent or an estate agent.
_PERSON_WORDS = re.compile(
    r"\b(?:persons?|people|human|staff member|member of (?:our )?staff)(?!\w)"
    r"|(?:\b(?:an?|human|live|customer[- ]service|support|our)\s+|['\"\u2018\u201c])agents?\b",
    re.IGNORECASE)
_GENERAL_PARTS = (("say that AI is involved", _AI_WORDS),
                  ("say how to reach a person or ask for a review", _PERSON_WORDS))
_AI_PART = ("say that AI is involved", _AI_WORDS)
_CONTACT = _words(r"contact", r"call", r"write to", r"e-?mail", r"ask", r"visit")
# That the person is dealing with an AI system: "you are interacting with", "this is an AI chatbot", "not a human".
_INTERACTING = ("say plainly that they are dealing with an AI system", re.compile(
    r"\b(?:interacting|talking (?:to|with)|chatting with|speaking (?:to|with)|communicating with)\b"
    r"|\b(?:this|it|I)(?: is|'s| am|'m) (?:an? )?(?:AI|A\.I\.|artificial intelligence|automated|virtual|computer)\b"
    r"|\bnot a (?:human|person|real person)\b", re.IGNORECASE))


@dataclass(frozen=True)
class NoticeKind:
    """A notice a law asks for: which obligations call for it, how it must be given, what it must say."""

    id: str
    title: str
    triggers: tuple[str, ...]  # obligation ids: the kind is offered when one of them applies
    how: str  # how and when to give it, in plain words, shown beside the text
    parts: tuple[tuple[str, re.Pattern], ...]


_DECISION = _words(r"decisions?", r"decide[ds]?")
_LEARN_MORE = ("say how to learn more", _words(r"learn more", r"more information", r"find out more"))
_WHOM_TO_ASK = ("say whom to ask", _CONTACT)
_REVIEW = re.compile(r"\b(?:person|human|member of (?:our )?staff)\b.{0,80}\breview|\breview\b.{0,80}\b(?:person|human)\b",
                     re.IGNORECASE | re.DOTALL)
_NAME_VERSION_DEVELOPER = re.compile(r"(?=.*\bname\b)(?=.*\bversion\b)(?=.*\bdevelop(?:er|ed)\b)",
                                     re.IGNORECASE | re.DOTALL)

NOTICE_KINDS = {k.id: k for k in (
    NoticeKind("tx-government", "Texas: you are interacting with AI (government)", ("tx-552-051-government",),
               "Show it before or at the start of the interaction, every time, where people see it without looking "
               "for it: at the top of the chat window, the first words of the call. Plain words, even when it "
               "seems obvious. No dark patterns: do not bury it in terms, shrink it, or design the page to steer "
               "people past it. A hyperlink to the notice is allowed. The law does not ask it to say how to reach a "
               "person; saying so is good service.",
               (_AI_PART, _INTERACTING)),
    NoticeKind("tx-sb-1964", "Texas: the standardized AI notice (agencies)", ("tx-sb-1964-notice",),
               "Post it where people meet the system: on the application, on the website and on public computers. "
               "Use the Department of Information Resources' standardized wording where it differs from this "
               "starting text. A public hospital may use a statement in its consent form instead.",
               (_AI_PART, ("say what the AI system is used for", _words(r"used? (?:to|for|in)", r"helps?",
                                                                          r"decisions?", r"decide[ds]?")),
                _LEARN_MORE)),
    NoticeKind("tx-health", "Texas: AI in your care (patients)", ("tx-552-051-health", "tx-sb-1188-diagnostic"),
               "Give it to the patient or their representative no later than the day the service or treatment is "
               "first given (in an emergency, as soon as reasonably possible): at booking, on the intake form, or "
               "read out at the start of a call. Clear and conspicuous, in plain language, no dark patterns.",
               (_AI_PART, ("say it is used in the patient's care or treatment", _words(r"care", r"treatment",
                                                                                        r"diagnosis")),
                _WHOM_TO_ASK)),
    NoticeKind("co-pre-use", "Colorado: before a decision", ("co-26-189-notice",),
               "Give it before the technology is used for the decision: on the application form or the page where "
               "people start, clearly and conspicuously. Posting it publicly is allowed. Make it accessible to "
               "people with disabilities and available in the languages your consumers read (§6-1-1704(8)).",
               (_AI_PART, ("name the type of decision", _DECISION),
                _LEARN_MORE)),
    NoticeKind("co-adverse", "Colorado: after an adverse decision", ("co-26-189-adverse-explanation",),
               "Send it within 30 days of an adverse decision, in plain language, filled in for that decision: what "
               "was decided and the technology's role; a simple way to ask for the system's name, version and "
               "developer and for the types, categories and sources of the personal data used; and the person's "
               "rights (to correct the data and to ask a person to review the decision) with how to use them.",
               (("say what was decided", _words(r"decisions?", r"decided")), _AI_PART,
                ("say what information was used and where it came from", _words(r"sources?", r"came from",
                                                                                 r"comes? from")),
                ("say how to ask for the system's name, version and developer", _NAME_VERSION_DEVELOPER),
                ("state the person's rights", _words(r"rights?")),
                ("say how to see and correct the information", _words(r"correct(?:ed|ion)?")),
                ("say how to ask a person to review the decision", _REVIEW))),
    NoticeKind("co-withholding", "Colorado: information withheld as a trade secret", ("co-26-189-withholding",),
               "Send it whenever you hold back information the act would otherwise give (the explanation, the data "
               "used) because it is a trade secret: say that you are withholding it.",
               (("say that information is withheld", _words(r"withh(?:o|e)ld(?:ing)?", r"not (?:sharing|share|"
                                                                                      r"disclos(?:e|ing)|provid(?:e|ing))")),
                ("say the reason is a trade secret", _words(r"trade secrets?")))),
    NoticeKind("co-hipaa", "Colorado: general notice to patients (HIPAA covered entities)", ("co-26-189-hipaa-notice",),
               "A HIPAA covered entity gives patients a general notice that automated decision-making technology is "
               "used, instead of the deployer notices: on the patient portal, in the notice of privacy practices, "
               "at registration.",
               (_AI_PART, ("say it is used in decisions about the patient's care", _words(r"care", r"treatment",
                                                                                            r"decisions?")),
                _WHOM_TO_ASK)),
    NoticeKind("eu-50-1", "EU: you are interacting with an AI system (provider)", ("eu-art-50-1-interaction",),
               "A provider's design duty: build the system so that it tells people they are interacting with AI at "
               "the latest at the first interaction (the first message of the chat, the first words of the call), "
               "clearly and in a way people with disabilities can perceive, unless it is obvious from the context.",
               (_AI_PART, _INTERACTING)),
    NoticeKind("eu-50-3", "EU: emotion recognition or biometric categorisation in use", ("eu-art-50-3-emotion-biometric",),
               "Tell the people exposed to the system before or when they are exposed to it: a sign at the entrance, "
               "the first screen, the start of the call. Handle their personal data under the GDPR and say where to "
               "read how.",
               (("say which kind of system is operating", _words(r"emotions?", r"biometrics?")),
                ("say it is operating", _words(r"in use", r"operat(?:es|ing)", r"uses?", r"used")),
                ("say how personal data is handled", _words(r"personal data", r"data protection", r"GDPR",
                                                             r"privacy")))),
    NoticeKind("eu-50-4", "EU: deep fake or AI-written text label", ("eu-art-50-4-deepfake-text",),
               "Label the content where people meet it: on the image or video itself, at the start of audio, above "
               "an article. Text on matters of public interest needs no label if a person reviewed it and holds "
               "editorial responsibility; artistic or satirical work needs a label that doesn't spoil it.",
               (_AI_PART, ("say it was generated or manipulated", _words(r"generated", r"manipulated", r"created",
                                                                          r"altered", r"written", r"made")))),
    NoticeKind("eu-26-11", "EU: a high-risk AI system helps decide about you", ("eu-art-26-inform-persons",),
               "Tell people before decisions about them are made with the system: on the application form, the "
               "letter or the page where the process starts.",
               (_AI_PART, ("say it is used in decisions about them", _DECISION),
                ("say how to ask for an explanation", _words(r"explanation", r"explain")))),
    NoticeKind("eu-86", "EU: explaining a decision on request", ("eu-art-86-explanation",),
               "Send it when someone asks for an explanation of a decision with legal or similarly significant "
               "effects: the AI system's role in the decision and the decision's main elements, clearly.",
               (("say what was decided", _words(r"decisions?", r"decided")), _AI_PART,
                ("describe the AI system's role", _words(r"role")),
                ("give the main elements of the decision", _words(r"main elements?", r"main reasons?",
                                                                 r"main factors?")))),
)}


def kinds_for(applicable_ids: Sequence[str]) -> list[NoticeKind]:
    """The law notices this initiative needs: those whose obligations apply to it."""
    ids = set(applicable_ids)
    return [k for k in NOTICE_KINDS.values() if ids & set(k.triggers)]


def law_notice(kind: str, initiative: Initiative, *, decisions: Sequence[str], contact: str,
               data_used: Sequence[str] = (), unreviewed: Sequence[str] = ()) -> str:
    """A starting text for a law notice. Square brackets mark what must be filled in for each case. Where the
    data register records consequential decisions that no person reviews, no text promises a review."""
    what = initiative.process.lower() or "this service"
    reach = contact or "[how to reach a person]"
    about = ", ".join(decisions) if decisions else "[the type of decision]"
    used = "; ".join(data_used) if data_used else "[the information used and where it came from]"
    review = ("" if unreviewed else
              f" To ask a person to review the decision, contact {reach}; a member of staff will reconsider it.")
    if kind == "tx-government":
        return (f"You are interacting with an artificial intelligence (AI) system, not a person. We use it to help "
                f"with {what}. To talk to a person instead, contact {reach}.")
    if kind == "tx-sb-1964":
        return (f"Notice: this service uses artificial intelligence (AI). We use an AI system to help with {what}"
                + (f", including decisions on {about}" if decisions else "") + f". To learn more about how we use "
                f"AI and how to reach a person, contact {reach}.")
    if kind == "tx-health":
        return (f"Notice to patients: we use an artificial intelligence (AI) system in {what}, as part of your care "
                f"or treatment. Your care team remains responsible for your care. If you have questions about how "
                f"AI is used, ask your care team or contact {reach}.")
    if kind == "co-hipaa":
        return (f"Notice to patients: we use automated decision-making technology, an artificial intelligence (AI) "
                f"system, in {what}, and it may play a part in decisions about your care. People on our staff "
                f"remain responsible for those decisions. To ask how it is used, contact {reach}.")
    if kind == "co-withholding":
        return ("About your request of [date] for information on our decision of [date].\n\n"
                "We are withholding [what is withheld: for example, how the system weighs each input] because it is "
                "a trade secret. Everything else you asked for is enclosed.\n\n"
                f"Your other rights are not affected. Questions: contact {reach}.")
    if kind == "eu-50-1":
        return ("Hello, I'm an AI assistant, not a human: you are interacting with an artificial intelligence (AI) "
                f"system. I can help with {what}." + (f" To talk to a person, contact {reach}." if contact else ""))
    if kind == "eu-50-3":
        return (f"Notice: an artificial intelligence (AI) system is in use here that recognises emotions or sorts "
                f"people into categories from biometric data, as part of {what}. It processes your personal data "
                f"under the GDPR; to read how, or to ask a question, contact {reach}.")
    if kind == "eu-50-4":
        return ("This [image / video / audio / text] was generated or manipulated with artificial intelligence "
                "(AI).")
    if kind == "co-pre-use":
        return (f"Before we decide: we use automated decision-making technology, an artificial intelligence (AI) "
                f"system, to help make decisions on {about} in {what}. To learn more about how it works and the "
                f"information it uses, contact {reach}.")
    if kind == "co-adverse":
        return (f"About our decision of [date] on your [application or request].\n\n"
                f"The decision: [what was decided, in plain words].\n"
                f"The role of AI: an automated decision-making system (AI) [what it did: scored, ranked, "
                f"recommended] and [how much weight its output had].\n"
                f"The information used, and where it came from: {used}.\n\n"
                f"To ask for the name, version and developer of the system, or for the types, categories and sources "
                f"of the personal data we used, contact {reach}.\n\n"
                f"Your rights under Colorado law: you may see the personal data we used and have it corrected; "
                f"contact {reach}.{review}\n\n"
                f"We send this explanation within 30 days of the decision.")
    if kind == "eu-26-11":
        return (f"We use a high-risk artificial intelligence (AI) system, as the EU AI Act defines it, to help make "
                f"decisions on {about} in {what}. Decisions about you may rely on its output. You can ask for an "
                f"explanation of its role in a decision about you: contact {reach}.")
    if kind == "eu-86":
        return (f"Explanation of our decision of [date] (EU AI Act, Article 86).\n\n"
                f"The decision: [what was decided].\n"
                f"The AI system's role: [what it did and how much its output weighed in the decision].\n"
                f"The main elements of the decision: [the main reasons and the information about you they rest on]."
                f"\n\nQuestions: contact {reach}.{review}")
    raise ValueError(f"unknown notice kind {kind!r}")


def channels_for(kinds: Sequence[str]) -> list[str]:
    return [c for c in CHANNELS if c in kinds] or list(CHANNELS)
