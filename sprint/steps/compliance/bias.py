"""Bias screening from group counts: selection rates, impact ratios against the highest-rate group, and a
significance test so a small sample reads 'not enough data' rather than 'biased'.

A screening check, not a legal finding: the four-fifths rule is a rule of thumb from US employment
guidance (29 CFR 1607), and passing it proves nothing on its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.errors import Problem, ValidationError

_COUNT = re.compile(r"^-?\d{1,3}(?:[, ]\d{3})+$|^-?\d+(?:\.0+)?$")

FOUR_FIFTHS = 0.8  # shown; compared exactly, in whole numbers (see within_four_fifths)
SIGNIFICANCE = 0.05
# 29 CFR 1607.4D: a difference smaller than four-fifths can still be adverse impact when it is significant "in both
# statistical and practical terms". With this many people in the two groups together, a statistically
# significant difference at or above the four-fifths line is flagged when it is also practically significant:
# the selection rates at least PRACTICAL_GAP apart. A 0.5-point gap on 100,000 people is statistically
# significant and practically nothing; 5 points on 20,000 is both.
LARGE_SAMPLE = 200
PRACTICAL_GAP = 0.02
PRACTICAL_NOTE = (f"At or above four-fifths, a difference is flagged only when it is statistically significant "
                  f"(p < {SIGNIFICANCE}) with at least {LARGE_SAMPLE} people in the two groups, and practically "
                  f"significant too: selection rates at least {PRACTICAL_GAP * 100:.0f} percentage points apart.")
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
            text = str(raw if raw is not None else "").strip()
            if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
                value = float(raw)
            elif _COUNT.match(text):  # digits, with thousands separators: never '1e3', 'inf' or '0x10'
                value = float(text.replace(",", "").replace(" ", ""))
            else:
                problems.append(Problem(label, f"'{raw}' is not a count (write it in digits, e.g. 1,250).", row=n))
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


FLAGGED, SIGNIFICANT = "flagged", "above four-fifths but significant"
NO_SELECTIONS = "no one selected"


def within_four_fifths(group: GroupCount, reference: GroupCount) -> bool:
    """rate(group) / rate(reference) >= 4/5, decided in whole numbers: selected_g x n_ref x 5 >= 4 x
    selected_ref x n_g. 28 of 40 against 35 of 40 is exactly at the line, so within it (floating point would
    put 0.7 / 0.875 a hair under 0.8)."""
    return group.selected * reference.total * 5 >= 4 * reference.selected * group.total


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
        if reference.selected == 0:  # every kept group at 0%: there is no rate to compare against
            out.append(GroupResult(g.group, g.total, g.selected, rate, None, None, NO_SELECTIONS))
            continue
        if g is reference:
            out.append(GroupResult(g.group, g.total, g.selected, rate, 1.0, None, "reference"))
            continue
        ratio = rate / ref_rate
        p = fisher_exact(g.selected, g.total - g.selected, reference.selected, reference.total - reference.selected)
        if within_four_fifths(g, reference):
            large = g.total + reference.total >= LARGE_SAMPLE
            practical = ref_rate - rate >= PRACTICAL_GAP
            verdict = SIGNIFICANT if large and p < SIGNIFICANCE and practical else "within four-fifths"
        elif p < SIGNIFICANCE:
            verdict = FLAGGED
        else:
            verdict = "not enough data"
        out.append(GroupResult(g.group, g.total, g.selected, rate, ratio, p, verdict))
    return out


def ratio_text(ratio: float) -> str:
    """An impact ratio with as many digits as it takes for the number to agree with the verdict: 0.7996 reads
    '0.7996', never '0.80' beside 'under four-fifths'."""
    for digits in range(2, 7):
        shown = f"{ratio:.{digits}f}"
        if (float(shown) >= FOUR_FIFTHS) == (ratio >= FOUR_FIFTHS):
            return shown
    return f"{ratio:.6f}"


def _points(a: float, b: float) -> str:
    return f"{abs(a - b) * 100:.1f}".rstrip("0").rstrip(".") + " percentage points"


def summary(results: Sequence[GroupResult]) -> str:
    if results and all(r.selected == 0 for r in results):
        return "No one in any group was selected: there is no selection rate to compare."
    if results and all(r.verdict in (NO_SELECTIONS, "left out") for r in results):
        return (f"No one was selected in the groups large enough to compare ({MIN_GROUP} people or more); the "
                "groups left out for their size had selections, too few to tell anything.")
    reference = next((r for r in results if r.verdict == "reference"), None)
    ref_rate = reference.rate if reference else 0.0
    parts = []
    for r in results:
        if r.verdict == FLAGGED:
            parts.append(f"{r.group}: selected at {r.rate:.0%} against {ref_rate:.0%} ({_points(r.rate, ref_rate)} "
                         f"lower; impact ratio {ratio_text(r.impact_ratio)}, under four-fifths; p = {r.p_value:.3f}), "
                         "flagged")
        elif r.verdict == SIGNIFICANT:
            parts.append(f"{r.group}: selected at {r.rate:.0%} against {ref_rate:.0%} ({_points(r.rate, ref_rate)} "
                         f"lower; impact ratio {ratio_text(r.impact_ratio)}, at or above four-fifths but the difference is "
                         f"statistically and practically significant, p = {r.p_value:.3f}), flagged for a closer look")
    if parts:
        return "; ".join(parts)
    unclear = [r for r in results if r.verdict == "not enough data"]
    if unclear:
        return "No group flagged, but " + ", ".join(r.group for r in unclear) + " need more data to tell."
    return "Every group is within four-fifths of the reference group."
