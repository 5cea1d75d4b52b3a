"""Presenter mode: read-only screens for the room, walking Overview -> plan -> Step 1..5."""

from sprint.dates import today_utc
from sprint.ui import presenter, state

store = state.store()
initiative = state.current_initiative(state.active_initiatives())
screen = presenter.frame(initiative)
presenter.show(screen, store, initiative, today_utc())
