"""The room contributes: the facilitator asks a question on a presenter screen, phones answer, the projector tallies
live, and the facilitator accepts the result into the step's data in one transaction.

One question open per initiative at a time. One answer per person per question, changed until the question
closes; the facilitator can hide an answer (kept, audited, left out of the tally and of what is accepted). Answers
are text and numbers only and are shown literally wherever they appear. Every write is audited.

Kinds (each tied to its step):
- `features` (Step 1): a feature of the pilot and what it saves, in $ a month or hours a week. Accepted answers
  join the feature list (the same name said twice is one feature: the middle of what people said), then rank and
  cut as usual; a name already on the list is left out and said so.
- `tools` (Step 3): a sheet, chat group or tool that really carries the work, what it does, and whether the person
  built it. Accepted tools join the shadow-IT inventory (the people who said they built one as its builders).
- `habits` (Step 3, about one design): how many habits the design asks the person to change (0, 1, 2, 3 or more)
  and, optionally, the one that changes most. Accepting keeps the room's spread and its middle answer as the
  design's habit check, and adds the habits named to the design's list.
- `checkin` (Step 4): on track, at risk or off track, and one blocker. Accepting logs the week's check-in: the
  status most people gave (a tie goes to the worse), the blockers with their names, the people who answered.
"""


from sprint.room.accepting import (
    HABIT_CHECK_COLUMNS,
    HabitCheck,
    accept,
    habit_checks,
    habit_checks_from,
    would_be_second_checkin,
)
from sprint.room.questions import (
    ACCEPTED,
    CHECKIN,
    CHECKIN_STATUSES,
    CLOSED,
    FEATURES,
    HABIT_COUNTS,
    HABITS,
    KINDS,
    OPEN,
    SHORT_TEXT_MAX,
    TOOL_KINDS,
    TOOL_MAX,
    TOOLS,
    Answer,
    Kind,
    Question,
    QuestionClosed,
    answer,
    answers,
    clean_answer,
    close,
    get,
    hide,
    kinds_of,
    latest,
    open_question,
)
from sprint.room.tallies import habit_count_text, tally_checkin, tally_features, tally_habits, tally_tools

__all__ = [
    "HABIT_CHECK_COLUMNS",
    "ACCEPTED",
    "Answer",
    "CHECKIN",
    "CHECKIN_STATUSES",
    "CLOSED",
    "FEATURES",
    "HABITS",
    "HABIT_COUNTS",
    "HabitCheck",
    "KINDS",
    "Kind",
    "OPEN",
    "Question",
    "QuestionClosed",
    "SHORT_TEXT_MAX",
    "TOOLS",
    "TOOL_KINDS",
    "TOOL_MAX",
    "accept",
    "answer",
    "answers",
    "clean_answer",
    "close",
    "get",
    "habit_checks",
    "habit_checks_from",
    "habit_count_text",
    "hide",
    "kinds_of",
    "latest",
    "open_question",
    "tally_checkin",
    "tally_features",
    "tally_habits",
    "tally_tools",
    "would_be_second_checkin",
]
