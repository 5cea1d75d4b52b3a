"""Step 4's risk register: what could go wrong, how likely and how bad, who owns it and what is done about it.

Registers come in many forms (PRINCE2 with cause, event and effect; 5x5 scored; qualitative high/medium/low);
they all map to one record. Likelihood and impact are kept on a 1-5 scale, the way a 5x5 matrix reads;
percent bands ("75% to 100%") and words ("likely", "major") are placed on it when read. A monetary impact is
kept as such. The level is the register's own when it gives one, else it follows from the score
(likelihood x impact): 15 and over high, 5 to 12 medium, under 5 low.

A high open risk without an owner is a red flag on the Overview and in readiness.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sprint.errors import Problem, ValidationError
from sprint.lists import cell_text, replace_list, typed_rows
from sprint.permissions import Actor
from sprint.store import Store
from sprint.text_limits import TEXT_MAX
from sprint.values import NotANumber, parse_value

LOW, MEDIUM, HIGH = "low", "medium", "high"
LEVELS = (LOW, MEDIUM, HIGH)
OPEN, CLOSED = "open", "closed"
STATUSES = (OPEN, CLOSED)
TITLE_MAX = 200
HIGH_FROM, MEDIUM_FROM = 15, 5  # score = likelihood x impact, each 1-5

# Column order of the table (after initiative_id, position), as stored and as the snapshot copies it.
FIELDS = ("ref", "title", "category", "cause", "event", "effect", "likelihood", "impact", "impact_cost", "score",
          "level", "owner", "response", "status", "raised_on", "review_on", "residual_likelihood",
          "residual_impact")
LABELS = {"ref": "Ref", "title": "Risk", "category": "Category", "cause": "Cause", "event": "Event",
          "effect": "Effect", "likelihood": "Likelihood (1-5)", "impact": "Impact (1-5)",
          "impact_cost": "Impact ($)", "score": "Score", "level": "Level", "owner": "Owner", "response": "Response",
          "status": "Status", "raised_on": "Raised", "review_on": "Review by",
          "residual_likelihood": "Residual likelihood", "residual_impact": "Residual impact"}


@dataclass(frozen=True)
class Risk:
    ref: str = ""
    title: str = ""
    category: str = ""
    cause: str = ""
    event: str = ""
    effect: str = ""
    likelihood: float | None = None
    impact: float | None = None
    impact_cost: float | None = None
    score: float | None = None
    level: str | None = None
    owner: str = ""
    response: str = ""
    status: str = OPEN
    raised_on: dt.date | None = None
    review_on: dt.date | None = None
    residual_likelihood: float | None = None
    residual_impact: float | None = None

    @property
    def rating(self) -> float | None:
        """likelihood x impact when both are known, else the register's own score."""
        if self.likelihood is not None and self.impact is not None:
            return self.likelihood * self.impact
        return self.score

    @property
    def rated_level(self) -> str | None:
        """The register's level, else the one its score gives."""
        return self.level or level_for(self.rating)

    @property
    def is_open(self) -> bool:
        return self.status != CLOSED

    @property
    def high_unowned(self) -> bool:
        return self.is_open and self.rated_level == HIGH and not self.owner.strip()


def level_for(score: float | None) -> str | None:
    if score is None:
        return None
    return HIGH if score >= HIGH_FROM else MEDIUM if score >= MEDIUM_FROM else LOW


# -- reading a 1-5 scale from what registers write -----------------------------------------------------------

_WORDS = {
    1: ("very low", "rare", "remote", "negligible", "insignificant", "very unlikely", "improbable", "minimal"),
    2: ("low", "unlikely", "minor", "small"),
    3: ("medium", "moderate", "possible", "med", "average", "fair"),
    4: ("high", "likely", "major", "significant", "serious", "probable"),
    5: ("very high", "almost certain", "certain", "severe", "catastrophic", "critical", "extreme", "disastrous"),
}
WORD_SCALE = {w: n for n, words in _WORDS.items() for w in words}
_BAND = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*%\s*$", re.I)
_LEADING = re.compile(r"^\s*([1-5])\s*(?:[-–:.)(]|$)")


def scale_of_percent(percent: float) -> int:
    """A probability in percent on the 1-5 scale: under 10% rare ... 75% and over almost certain."""
    return 5 if percent >= 75 else 4 if percent >= 50 else 3 if percent >= 25 else 2 if percent >= 10 else 1


def read_scale(value: object) -> tuple[float | None, str | None]:
    """(1-5 or None, problem or None) from 4, '4 - Likely', 'Likely', '60%', 0.6, '75% to 100%'."""
    if value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and value != value):
        return None, None  # blank (NaN: a blank cell of an edited table)
    if isinstance(value, bool):
        return None, f"'{value}' is not a rating"
    if isinstance(value, int | float):
        number = float(value)
        if 1 <= number <= 5 and number.is_integer():
            return number, None
        if 0 < number < 1:
            return float(scale_of_percent(number * 100)), None
        return None, f"{number:g} is not on a 1-5 scale (nor a probability)"
    text = " ".join(str(value).split())
    band = _BAND.match(text)
    if band:
        low, high = float(band.group(1)), float(band.group(2))
        return float(scale_of_percent((low + high) / 2)), None
    lead = _LEADING.match(text)
    if lead:
        return float(lead.group(1)), None
    word = re.sub(r"[^a-z ]", " ", text.lower()).split()
    phrase = " ".join(word)
    if phrase in WORD_SCALE:
        return float(WORD_SCALE[phrase]), None
    try:
        parsed = parse_value(text)
    except NotANumber:
        parsed = None
    if parsed is not None and parsed.unit == "%" and 0 <= parsed.value <= 100:
        return float(scale_of_percent(parsed.value)), None
    if parsed is not None:
        return read_scale(parsed.value)
    return None, f"'{text[:40]}' is not a rating (1-5, a percentage, or a word like low, likely, major)"


# -- storing -------------------------------------------------------------------------------------------------

_SELECT = f"SELECT {', '.join(FIELDS)} FROM risks"  # noqa: S608 - the constant column names above


def list_risks(store: Store, initiative_id: int) -> list[Risk]:
    rows = store.fetch_all(f"{_SELECT} WHERE initiative_id = ? ORDER BY position", [initiative_id])  # noqa: S608
    return [Risk(*r) for r in rows]


def from_row(row: Sequence[object]) -> Risk:
    return Risk(*row)


def _date(value: object) -> dt.date | None:
    if value is None or value == "" or (isinstance(value, float) and value != value) or str(value) == "NaT":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def clean(rows: Sequence[Mapping[str, object]]) -> list[Risk]:
    """The register as typed in the table, checked: every problem named by row and column, nothing saved on any."""
    problems: list[Problem] = []
    out: list[Risk] = []
    for n, row in typed_rows(rows, {"status": OPEN}):
        values: dict[str, object] = {}
        title = cell_text(row.get("title"))
        if not title:
            problems.append(Problem(LABELS["title"], "say what the risk is.", row=n))
        elif len(title) > TITLE_MAX:
            problems.append(Problem(LABELS["title"], f"keep it under {TITLE_MAX} characters.", row=n))
        values["title"] = title
        for key in ("ref", "category", "cause", "event", "effect", "owner", "response"):
            values[key] = cell_text(row.get(key))
            if len(values[key]) > TEXT_MAX:
                problems.append(Problem(LABELS[key], f"keep it under {TEXT_MAX:,} characters.", row=n))
        for key in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
            scale, problem = read_scale(row.get(key))
            if problem:
                problems.append(Problem(LABELS[key], f"{problem}.", row=n))
            values[key] = scale
        for key in ("impact_cost", "score"):
            raw = row.get(key)
            try:
                parsed = parse_value(raw) if raw is not None and cell_text(raw) else None
            except NotANumber as exc:
                problems.append(Problem(LABELS[key], f"{exc}.", row=n))
                parsed = None
            values[key] = parsed.value if parsed else None
            if values[key] is not None and values[key] < 0:
                problems.append(Problem(LABELS[key], "can't be negative.", row=n))
        level = cell_text(row.get("level")).lower() or None
        if level and level not in LEVELS:
            problems.append(Problem(LABELS["level"], f"'{level}' is not one of {', '.join(LEVELS)}.", row=n))
        values["level"] = level
        status = cell_text(row.get("status")).lower() or OPEN
        if status not in STATUSES:
            problems.append(Problem(LABELS["status"], f"'{status}' is not open or closed.", row=n))
        values["status"] = status
        for key in ("raised_on", "review_on"):
            try:
                values[key] = _date(row.get(key))
            except ValueError:
                problems.append(Problem(LABELS[key], "write the date as 2026-03-15.", row=n))
                values[key] = None
        out.append(Risk(**values))
    if problems:
        raise ValidationError(problems)
    return out


def save_risks(store: Store, actor: Actor, initiative_id: int, rows: Sequence[Mapping[str, object]],
               shown: Sequence[Risk]) -> list[Risk]:
    """Replace the register with the table as edited (one transaction with its audit record); a register
    someone else changed since it was shown stops the save."""
    new = clean(rows)
    return replace_list(store, actor, initiative_id, "risks", "risk register", new, shown,
                        lambda n, r: [initiative_id, n, *(getattr(r, f) for f in FIELDS)], list_risks)


def counts(items: Sequence[Risk]) -> dict[str, int]:
    """Open risks by level ('unrated' when neither a level nor a score is known), and those high and unowned."""
    out = {level: 0 for level in (*LEVELS, "unrated")}
    for r in items:
        if r.is_open:
            out[r.rated_level or "unrated"] += 1
    out["high unowned"] = sum(1 for r in items if r.high_unowned)
    return out
