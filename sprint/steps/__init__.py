"""The roadmap's five steps, declared once: number, address slug, titles, icon, weeks and views.

The navigation, the presenter's screens, the view-only pages, the plan's week windows, readiness, the portfolio's
columns, red flags and the page headings all read `STEPS`; renaming a step or adding a view is one edit here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    title: str  # the button that shows it ("Phase and checklist")
    slug: str  # its name in the address (?view=phase-checklist), which links and bookmarks keep


@dataclass(frozen=True)
class Step:
    number: int
    slug: str  # the page's address (/scope) and the presenter's screen (?screen=scope)
    title: str  # short, in the navigation and on charts: "Scope"
    heading: str  # the page's own heading: "Cut the scope"
    icon: str
    weeks: tuple[int, int]  # first and last week of the 90-day sprint
    purpose: str  # what the step does, in a line under the heading
    views: tuple[View, ...]

    @property
    def label(self) -> str:
        """'Step 1 · Scope': the navigation, the presenter, the plan and readiness."""
        return f"Step {self.number} · {self.title}"

    @property
    def column(self) -> str:
        """'Step 1': a column of the portfolio table."""
        return f"Step {self.number}"

    @property
    def page_title(self) -> str:
        return f"Step {self.number} · {self.heading}"

    @property
    def caption(self) -> str:
        return f"Weeks {self.weeks[0]}-{self.weeks[1]} of the roadmap: {self.purpose}"

    @property
    def page(self) -> str:
        """The script of its page."""
        return f"app_pages/step{self.number}_{self.slug}.py"

    @property
    def view_key(self) -> str:
        """The session key of its view switch."""
        return f"step{self.number}_view"

    @property
    def view_titles(self) -> list[str]:
        return [v.title for v in self.views]

    @property
    def view_slugs(self) -> dict[str, str]:
        return {v.title: v.slug for v in self.views}

    def view(self, slug: str) -> View:
        """The view with this address name; a name the step doesn't have is a bug, so it raises KeyError."""
        for v in self.views:
            if v.slug == slug:
                return v
        raise KeyError(f"Step {self.number} has no view '{slug}'")


STEPS: tuple[Step, ...] = (
    Step(1, "scope", "Scope", "Cut the scope", ":material/content_cut:", (1, 2),
         "rank every feature by the dollars and hours it saves, keep the top few, and move the rest to Phase 2.",
         (View("Rank and cut", "rank-cut"), View("Edit the list", "edit-list"),
          View("ROI and the cost of waiting", "roi-cost"))),
    Step(2, "compliance", "Compliance", "Build compliance in", ":material/gavel:", (2, 3),
         "the duties that apply, with evidence, from the start. Upfront testing cost one healthcare client $8,000; "
         "finding bias after the pilot cost $120,000 to rebuild.",
         (View("Obligations", "obligations"), View("Data register", "data-register"),
          View("Bias screen", "bias-screen"), View("Notices", "notices"), View("Audit trail", "audit-trail"))),
    Step(3, "workflow", "Day in the life", "A day in the life", ":material/route:", (3, 4),
         "shadow three real users, map the work as it really runs, and fit the AI into it instead of asking people "
         "to change their day.",
         (View("The workflow", "workflow"), View("Shadow sessions", "shadow-sessions"),
          View("Habits and shadow IT", "habits-shadow"), View("Adoption", "adoption"))),
    Step(4, "governance", "Governance", "Govern lightly", ":material/account_tree:", (4, 5),
         "minimum viable governance that grows with use, crawl, walk, run.",
         (View("Phase and checklist", "phase-checklist"), View("Check-ins", "check-ins"),
          View("Escalation and rules", "escalation-rules"), View("Risks", "risks"),
          View("Vendor exit", "vendor-exit"))),
    Step(5, "outcomes", "Outcomes", "Business outcomes", ":material/monitoring:", (5, 6),
         "measure dollars, hours and errors, not model scores.",
         (View("Success dashboard", "dashboard"), View("Monthly entry", "entry"), View("Set up metrics", "setup"))),
)
SCOPE, COMPLIANCE, WORKFLOW, GOVERNANCE, OUTCOMES = STEPS
BY_SLUG = {s.slug: s for s in STEPS}
BY_NUMBER = {s.number: s for s in STEPS}
