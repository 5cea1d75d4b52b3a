"""User notification templates, generated from the initiative and its applicable obligations, one per channel.
People edit and save their own version; these are the starting point."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sprint.initiatives import Initiative

CHANNELS = ("web", "email", "in-app", "phone script")


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


def required_parts(text: str) -> list[str]:
    """Which of the essential parts a notice text still lacks (for an edited template)."""
    missing = []
    if not _AI_WORDS.search(text):
        missing.append("say that AI is involved")
    if not _PERSON_WORDS.search(text):
        missing.append("say how to reach a person or ask for a review")
    return missing


# Whole words only: "This service uses AI." mentions AI; "personal", "again" and "paid" do not count.
_AI_WORDS = re.compile(r"\b(?:AI|A\.I\.?|artificial intelligence)(?!\w)", re.IGNORECASE)
_PERSON_WORDS = re.compile(r"\b(person|people|human|agent|staff member|member of (our )?staff)\b", re.IGNORECASE)


def channels_for(kinds: Sequence[str]) -> list[str]:
    return [c for c in CHANNELS if c in kinds] or list(CHANNELS)
