"""Step 3 rules, pure functions: the workflow as people really run it, what it tells you, and the flow
drawn as Graphviz DOT (for st.graphviz_chart; no extra package)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

AI_TOUCHES = ("none", "suggests", "decides", "automates")
SHADOW_TARGET = 3  # the roadmap: shadow three real users
SHADOW_HOURS = 4.0  # for half a day each
ADOPTION_AVERAGE, ADOPTION_TOP = 22.0, 81.0  # the roadmap's benchmarks (industry average, top 5%)
# Systems drawn in the same colour everywhere; others cycle through the rest.
PALETTE = ["#dbe7f5", "#fde9c9", "#dcefe6", "#f3dcdc", "#e6e0f3", "#e0eef0", "#f1ecd9"]


@dataclass(frozen=True)
class Step:
    actor: str
    system: str
    official: bool
    minutes: float
    pain_points: str
    ai_touch: str
    activity: str = ""  # what happens in this step ("Reads the invoice"); stored last, added in schema step 11


@dataclass(frozen=True)
class SystemUse:
    system: str
    steps: int
    minutes: float
    workarounds: int


def systems(steps: Sequence[Step]) -> list[SystemUse]:
    """Every system touched, with how many steps and minutes run through it, busiest first."""
    table: dict[str, list] = {}
    for s in steps:
        key = s.system.strip()
        entry = table.setdefault(key.casefold(), [key, 0, 0.0, 0])
        entry[1] += 1
        entry[2] += s.minutes
        entry[3] += 0 if s.official else 1
    uses = [SystemUse(name, n, m, w) for name, n, m, w in table.values()]
    return sorted(uses, key=lambda u: (-u.minutes, u.system.casefold()))


def total_minutes(steps: Sequence[Step]) -> float:
    return sum(s.minutes for s in steps)


def minutes_after_ai(steps: Sequence[Step]) -> float:
    """A first target: the steps the AI automates take no one's time any more."""
    return sum(s.minutes for s in steps if s.ai_touch != "automates")


def habit_check(habits_by_design: dict[str, list[str]]) -> dict[str, str | None]:
    """Per design, a warning when it asks people to change more than one habit."""
    out = {}
    for design, habits in habits_by_design.items():
        n = len(habits)
        out[design] = None if n <= 1 else (
            f"'{design}' asks people to change {n} habits: more than one means you're still building a pilot, "
            "not a production system. Fit the AI into what they already use.")
    return out


def room_habit_warning(design: str, room_says: int, listed: int) -> str | None:
    """When the room's habit check (its middle answer; 3 stands for 3 or more) says the design changes more than
    one habit: a warning, naming how many are listed beside it."""
    if room_says <= 1:
        return None
    said = "3 or more" if room_says >= 3 else str(room_says)
    return (f"The room says '{design}' changes {said} of their habits ({listed} listed): more than one means "
            "you're still building a pilot. Fit the AI into what they already use.")


def uninvolved_builders(items: Sequence[tuple[str, str, bool]]) -> list[str]:
    """(tool, builder, involved) -> the builders of shadow IT not yet in the design, named once each."""
    seen, out = set(), []
    for _, builder, involved in items:
        name = builder.strip()
        if name and not involved and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _dot_label(*parts: str) -> str:
    """A quoted DOT label of several lines: each part's quotes and backslashes escaped, so whatever a person
    typed stays text in the label and can't end it or add attributes."""
    escaped = [p.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") for p in parts]
    return '"' + "\\n".join(escaped) + '"'


def system_colours(steps: Sequence[Step]) -> dict[str, str]:
    """Each system's fill colour (by its name, any case), in the order the workflow first uses it."""
    colours: dict[str, str] = {}
    for s in steps:
        colours.setdefault(s.system.strip().casefold(), PALETTE[len(colours) % len(PALETTE)])
    return colours


AI_OUTLINE, WORKAROUND_OUTLINE, PLAIN_OUTLINE = "#1f4e79", "#c43c24", "#9aa5b8"


def flow_dot(steps: Sequence[Step], *, font_size: int = 16) -> str:
    """Steps in order, top to bottom (drawn at its own size, the type stays readable on a projector), coloured by
    system; workarounds dashed and outlined red; AI touchpoints outlined in bold blue, with what the AI does."""
    colours = system_colours(steps)
    lines = ["digraph workflow {", "  rankdir=TB;",
             f'  graph [fontname="Helvetica", fontsize={font_size}, nodesep=0.4, ranksep=0.5];',
             f'  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize={font_size}, margin="0.2,0.12"];',
             f'  edge [color="#6b7a90", penwidth=1.6, fontname="Helvetica", fontsize={font_size - 2}];']
    for n, s in enumerate(steps, start=1):
        parts = [f"{n}. {s.activity}" if s.activity else f"{n}. {s.actor}",
                 *([s.actor] if s.activity else []), f"{s.system} · {s.minutes:g} min"]
        if s.ai_touch != "none":
            parts.append(f"AI {s.ai_touch}")
        style = "rounded,filled" + (",dashed" if not s.official else "") + (",bold" if s.ai_touch != "none" else "")
        colour = AI_OUTLINE if s.ai_touch != "none" else (WORKAROUND_OUTLINE if not s.official else PLAIN_OUTLINE)
        width = 3 if s.ai_touch != "none" else 1.5
        lines.append(f"  s{n} [label={_dot_label(*parts)}, "
                     f'fillcolor="{colours[s.system.strip().casefold()]}", color="{colour}", style="{style}", '
                     f"penwidth={width}];")
    for n in range(1, len(steps)):
        lines.append(f"  s{n} -> s{n + 1};")
    lines.append("}")
    return "\n".join(lines)
