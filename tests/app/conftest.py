"""AppTest fixtures: the real app.py with its navigation, on a database file of the test's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, load_example_db


@pytest.fixture
def app(db_file: Path, monkeypatch):
    monkeypatch.setenv("SPRINT_DB", str(db_file))
    st.cache_resource.clear()
    st.cache_data.clear()

    def make() -> AppTest:
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)

    yield make
    st.cache_resource.clear()  # drop the cached Store so the file can be reopened elsewhere


@pytest.fixture
def example_db(db_file: Path) -> Path:
    load_example_db(db_file)  # built once per process with `python -m sprint demo`, then copied
    return db_file


def texts(at: AppTest, kind: str) -> str:
    """What a person reads in those elements: the Markdown source with its backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in getattr(at, kind)))


def open_on(app, page: str, name: str):
    """Start the app, make the initiative called `name` current, and open `page` (a path under app_pages/)."""
    from sprint import initiatives
    from sprint.ui import state

    at = app()
    at.run()
    target = next(i.id for i in initiatives.list_all(state.store()) if i.name == name)
    at.sidebar.selectbox[0].set_value(target).run()
    at.switch_page(page).run()
    assert not at.exception
    return at, initiatives.get(state.store(), target)
