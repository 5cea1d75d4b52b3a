"""The room's tallies: what the projector shows and what accepting stores, from the visible answers. Pure."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.room.questions import CHECKIN_STATUSES, HABIT_COUNTS, Answer


def _grouped(items: Sequence[Answer], field: str) -> list[list[Answer]]:
    """Visible answers grouped by `field` (the same text in any case is one), in the order first said."""
    groups: dict[str, list[Answer]] = {}
    for a in items:
        if not a.hidden:
            groups.setdefault(a.values[field].casefold(), []).append(a)
    return list(groups.values())


@dataclass(frozen=True)
class FeatureTally:
    name: str
    dollars: float  # the middle of what people said
    hours: float
    people: tuple[str, ...]


def tally_features(items: Sequence[Answer]) -> list[FeatureTally]:
    """The visible answers, one line per feature (the same name, any case, said twice is one), most named first."""
    out = [FeatureTally(_spelling([a.values["feature"] for a in group]),
                        statistics.median(a.values["dollars"] for a in group),
                        statistics.median(a.values["hours"] for a in group), tuple(a.person for a in group))
           for group in _grouped(items, "feature")]
    return sorted(out, key=lambda t: (-len(t.people), -t.dollars, t.name.casefold()))


@dataclass(frozen=True)
class ToolTally:
    name: str
    kind: str  # what most people called it
    solves: tuple[str, ...]  # what it does for them, each said once
    builders: tuple[str, ...]  # the people who said they built or keep it
    people: tuple[str, ...]


def tally_tools(items: Sequence[Answer]) -> list[ToolTally]:
    """One line per tool (the same name, any case, is one), most named first."""
    out = []
    for group in _grouped(items, "tool"):
        solves: dict[str, str] = {}
        for a in group:
            if a.values["solves"]:
                solves.setdefault(a.values["solves"].casefold(), a.values["solves"])
        out.append(ToolTally(_spelling([a.values["tool"] for a in group]), _spelling([a.values["kind"] for a in group]),
                             tuple(solves.values()), tuple(a.person for a in group if a.values["built"]),
                             tuple(a.person for a in group)))
    return sorted(out, key=lambda t: (-len(t.people), t.name.casefold()))


@dataclass(frozen=True)
class HabitTally:
    said: tuple[int, int, int, int]  # how many people said 0, 1, 2, 3+
    middle: int | None  # the middle answer (the lower of two middles), None with no answers
    habits: tuple[tuple[str, tuple[str, ...]], ...]  # each habit named, with who named it, most named first

    @property
    def people(self) -> int:
        return sum(self.said)


def tally_habits(items: Sequence[Answer]) -> HabitTally:
    visible = [a for a in items if not a.hidden]
    said = [0, 0, 0, 0]
    for a in visible:
        said[a.values["count"]] += 1
    named = sorted(((_spelling([a.values["habit"] for a in g]), tuple(a.person for a in g))
                    for g in _grouped([a for a in visible if a.values["habit"]], "habit")),
                   key=lambda h: (-len(h[1]), h[0].casefold()))
    middle = statistics.median_low(a.values["count"] for a in visible) if visible else None
    return HabitTally((said[0], said[1], said[2], said[3]), middle, tuple(named))


def habit_count_text(count: int) -> str:
    return HABIT_COUNTS[count]


@dataclass(frozen=True)
class CheckinTally:
    said: dict[str, int]  # on track / at risk / off track -> how many people
    status: str | None  # the one most said; a tie goes to the worse
    blockers: tuple[tuple[str, str], ...]  # (person, blocker), in the order said
    people: tuple[str, ...]


def tally_checkin(items: Sequence[Answer]) -> CheckinTally:
    visible = [a for a in items if not a.hidden]
    said = {s: sum(a.values["status"] == s for a in visible) for s in CHECKIN_STATUSES}
    order = list(CHECKIN_STATUSES)
    status = max(order, key=lambda s: (said[s], order.index(s))) if visible else None
    return CheckinTally(said, status, tuple((a.person, a.values["blocker"]) for a in visible if a.values["blocker"]),
                        tuple(a.person for a in visible))


def _spelling(names: Sequence[str]) -> str:
    """The way most people wrote it; on a tie, the one with capitals (a name written with care), then the first."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    return max(counts, key=lambda n: (counts[n], sum(c.isupper() for c in n), -names.index(n)))


