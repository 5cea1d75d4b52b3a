"""Per-process and per-session state: the cached store, the acting person, the current initiative."""

from __future__ import annotations

import streamlit as st

from sprint import addresses, config, initiatives, postgres
from sprint.initiatives import Initiative
from sprint.permissions import Actor
from sprint.store import Store
from sprint.ui import memory

CURRENT_INITIATIVE = "initiative_id"
FLASH = "flash_messages"


@st.cache_resource(show_spinner="Opening the database...")
def _open_store(path: str) -> Store:
    # One connection per process; every unit of work takes its own cursor from it.
    memory.start_janitor()
    return Store(path)


def store() -> Store:
    return _open_store(postgres.url_of(config.db_path()))  # a file's path, or PostgreSQL's whole address


CURRENT_ACTOR = "current_actor"


def actor() -> Actor:
    """The person using this browser session, as decided by the way in (`access_view.who_is_here`); without
    sign-in configured, the local facilitator."""
    return st.session_state.get(CURRENT_ACTOR) or Actor.local()


def set_actor(person: Actor) -> None:
    st.session_state[CURRENT_ACTOR] = person


INITIATIVE_PARAM = "initiative"
ADDRESS_PROBLEM = "address_problem"


def current_initiative(active: list[Initiative]) -> Initiative | None:
    """The initiative this session is looking at. The address decides (`?initiative=<slug>`: a link, a bookmark,
    a QR code, Back); else the session's last choice; else the first active one. The address is then made to
    name it, so a reload or a copied link shows the same thing."""
    st.session_state.pop(ADDRESS_PROBLEM, None)
    if not active:
        st.session_state.pop(CURRENT_INITIATIVE, None)
        return None
    by_id = {item.id: item for item in active}
    asked = st.query_params.get(INITIATIVE_PARAM)
    if asked:
        known = _ids_by_slug(str(store().path), store().changed("initiatives")).get(asked.strip().lower())
        found = addresses.Found(by_id[known]) if known in by_id else _resolve(asked)  # a miss: renamed, archived?
        if found.initiative is not None and found.initiative.id in by_id:
            st.session_state[CURRENT_INITIATIVE] = found.initiative.id
        else:  # unknown or archived: the page says so and offers the list; the address is left as it was
            st.session_state[ADDRESS_PROBLEM] = (asked, found.archived.name if found.archived else None)
            return by_id.get(st.session_state.get(CURRENT_INITIATIVE)) or active[0]
    current = by_id.get(st.session_state.get(CURRENT_INITIATIVE)) or active[0]
    st.session_state[CURRENT_INITIATIVE] = current.id
    slug = slug_of(current)
    if asked != slug:
        st.query_params[INITIATIVE_PARAM] = slug
    return current


def set_current_initiative(initiative_id: int) -> None:
    """Switch this session to another initiative, and its address with it (Back returns to the last one)."""
    st.session_state[CURRENT_INITIATIVE] = initiative_id
    st.session_state.pop(ADDRESS_PROBLEM, None)
    for item in _everyone():
        if item.id == initiative_id:
            st.query_params[INITIATIVE_PARAM] = slug_of(item)


def forget_current_initiative() -> None:
    """After the current initiative is archived: the next run picks the first active one, address included."""
    st.session_state.pop(CURRENT_INITIATIVE, None)
    st.query_params.pop(INITIATIVE_PARAM, None)


def address_problem() -> tuple[str, str | None] | None:
    """(the slug asked for, the archived initiative's name or None) when the address names no active one."""
    return st.session_state.get(ADDRESS_PROBLEM)


def slug_of(initiative: Initiative) -> str:
    return _slugs(str(store().path), store().changed("initiatives"))[initiative.id]


@st.cache_resource(max_entries=4, show_spinner=False)
def _everyone_cached(db: str, change: int) -> tuple[Initiative, ...]:
    return tuple(initiatives.list_all(store(), include_archived=True))


def _everyone() -> tuple[Initiative, ...]:
    return _everyone_cached(str(store().path), store().changed("initiatives"))


@st.cache_resource(max_entries=4, show_spinner=False)
def _slugs(db: str, change: int) -> dict[int, str]:
    return addresses.slugs(_everyone())


@st.cache_resource(max_entries=4, show_spinner=False)
def _ids_by_slug(db: str, change: int) -> dict[str, int]:
    return {slug: initiative_id for initiative_id, slug in _slugs(db, change).items()}


def _resolve(slug: str) -> addresses.Found:
    everyone = _everyone()
    found = addresses.resolve(slug, everyone)
    if found.initiative is None and found.archived is None:  # perhaps a link from before a rename
        found = addresses.resolve(slug, everyone, initiatives.former_names(store()))
    return found


def flash(message: str, kind: str = "success") -> None:
    """A message to show at the top of the next run (survives st.rerun)."""
    st.session_state.setdefault(FLASH, []).append((kind, message))


def pop_flashes() -> list[tuple[str, str]]:
    return st.session_state.pop(FLASH, [])


@st.cache_resource(max_entries=4, show_spinner=False)
def _active_initiatives(db: str, change: int) -> tuple[Initiative, ...]:
    return tuple(initiatives.list_all(store()))


def active_initiatives() -> list[Initiative]:
    """Every page and the sidebar ask for these on each rerun: read once per write to the initiatives table
    (this process is the only one that can write the file; a month of metrics saved doesn't count)."""
    current = store()
    return list(_active_initiatives(str(current.path), current.changed("initiatives")))


def remembered(key: str, options: list, default=None):
    """Seed a widget's value from what this session chose last time (widget state is dropped when a page
    doesn't draw the widget); call `keep(key, value)` after drawing it."""
    kept = st.session_state.get(f"keep:{key}", default)
    if key not in st.session_state and kept in options:
        st.session_state[key] = kept
    elif key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = options[0] if options else None


def keep(key: str, value) -> None:
    st.session_state[f"keep:{key}"] = value


@st.cache_resource(max_entries=8, show_spinner=False)
def _pictures(db: str, change: int, today) -> list:
    from sprint.picture import pictures_for

    return pictures_for(store(), initiatives.list_all(store()), today)


def pictures(today) -> list:
    """Every active initiative's whole picture, computed once per change of the data (read-only)."""
    return _pictures(str(config.db_path()), store().last_change(), today)
