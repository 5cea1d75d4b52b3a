"""Bias screening from group counts: selection rates, impact ratios against the highest-rate group, and a
significance test so a small sample reads 'not enough data' rather than 'biased'.

A screening check, not a legal finding: the four-fifths rule is a rule of thumb from US employment
guidance (29 CFR 1607), and passing it proves nothing on its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.errors import Problem, ValidationError

FOUR_FIFTHS = 0.8
SIGNIFICANCE = 0.05
MIN_GROUP = 10  # groups with fewer people than this are left out: a rate from a handful says nothing
CAVEAT = ("A screening check, not a legal finding: the four-fifths rule is a rule of thumb, and a ratio above it "
          "does not prove the system is fair.")


@dataclass(frozen=True)
class GroupCount:
    group: str
    total: int
    selected: int  # the favourable outcome (booked, approved, hired...)


@dataclass(frozen=True)
class GroupResult:
    group: str
    total: int
    selected: int
    rate: float
    impact_ratio: float | None  # against the reference group
    p_value: float | None
    verdict: str  # reference, within four-fifths, flagged, not enough data, left out


def check_counts(rows: Sequence[tuple[object, object, object]]) -> list[GroupCount]:
    """Validate typed rows (group, total, selected); a message per row, nothing kept on any problem."""
    problems, groups, names = [], [], set()
    for n, (group, total, selected) in enumerate(rows, start=1):
        name = " ".join(str(group or "").split())
        if not name:
            problems.append(Problem("Group", "name the group.", row=n))
        elif name.casefold() in names:
            problems.append(Problem("Group", f"'{name}' appears twice.", row=n))
        names.add(name.casefold())
        counts = []
        for label, raw in (("Total", total), ("Selected", selected)):
            try:
                value = float(str(raw).replace(",", "").strip())
            except ValueError:
                problems.append(Problem(label, f"'{raw}' is not a count.", row=n))
                counts.append(None)
                continue
            if value < 0 or not value.is_integer():
                problems.append(Problem(label, "a count is a whole number, 0 or more.", row=n))
                counts.append(None)
            else:
                counts.append(int(value))
        if None not in counts:
            if counts[1] > counts[0]:
                problems.append(Problem("Selected", f"{counts[1]} selected out of {counts[0]}: more than the total.",
                                        row=n))
            groups.append(GroupCount(name, counts[0], counts[1]))
    if not problems and len(groups) < 2:
        problems.append(Problem("Groups", "compare at least two groups."))
    if not problems and sum(g.total for g in groups) == 0:
        problems.append(Problem("Total", "every total is 0: there is nothing to compare."))
    if problems:
        raise ValidationError(problems)
    return groups


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for [[a, b], [c, d]]: the chance of a table at least this
    unbalanced with these margins."""
    row1, col1, n = a + b, a + c, a + b + c + d
    low, high = max(0, col1 - (n - row1)), min(row1, col1)

    def log_p(x: int) -> float:
        return _log_comb(row1, x) + _log_comb(n - row1, col1 - x) - _log_comb(n, col1)

    observed = log_p(a)
    total = sum(math.exp(log_p(x)) for x in range(low, high + 1) if log_p(x) <= observed + 1e-7)
    return min(1.0, total)


def screen(groups: Sequence[GroupCount]) -> list[GroupResult]:
    kept = [g for g in groups if g.total >= MIN_GROUP]
    if len(kept) < 2:
        return [GroupResult(g.group, g.total, g.selected, g.selected / g.total if g.total else 0.0, None, None,
                            "not enough data") for g in groups]
    reference = max(kept, key=lambda g: (g.selected / g.total, g.total))
    ref_rate = reference.selected / reference.total
    out = []
    for g in groups:
        rate = g.selected / g.total if g.total else 0.0
        if g.total < MIN_GROUP:
            out.append(GroupResult(g.group, g.total, g.selected, rate, None, None, "left out"))
            continue
        if g is reference:
            out.append(GroupResult(g.group, g.total, g.selected, rate, 1.0, None, "reference"))
            continue
        ratio = rate / ref_rate if ref_rate else None
        p = fisher_exact(g.selected, g.total - g.selected, reference.selected, reference.total - reference.selected)
        if ratio is None or ratio >= FOUR_FIFTHS:
            verdict = "within four-fifths"
        elif p < SIGNIFICANCE:
            verdict = "flagged"
        else:
            verdict = "not enough data"
        out.append(GroupResult(g.group, g.total, g.selected, rate, ratio, p, verdict))
    return out


def summary(results: Sequence[GroupResult]) -> str:
    flagged = [r for r in results if r.verdict == "flagged"]
    if flagged:
        return "; ".join(f"{r.group}: selected at {r.rate:.0%}, {1 - r.impact_ratio:.0%} below the reference group "
                         f"(p = {r.p_value:.3f}), flagged" for r in flagged)
    unclear = [r for r in results if r.verdict == "not enough data"]
    if unclear:
        return "No group flagged, but " + ", ".join(r.group for r in unclear) + " need more data to tell."
    return "Every group is within four-fifths of the reference group."
