"""Audit log page: the list, its filters, and the chain's verification."""

from __future__ import annotations

import duckdb
import streamlit as st

from sprint import audit, initiatives
from sprint.ui import state
from tests.app.conftest import texts


def test_an_empty_log_explains_itself(app):
    at = app()
    at.run()
    at.switch_page("app_pages/audit_log.py").run()
    assert not at.exception
    assert at.title[0].value == "Audit log"
    assert "No changes match these filters yet" in texts(at, "info")
    at.button(key="verify_chain").click().run()
    assert "Audit chain intact: 0 entries verified." in texts(at, "success")


def test_the_example_log_filters_and_verifies(app, example_db):
    at = app()
    at.run()
    at.switch_page("app_pages/audit_log.py").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == audit.verify(state.store()).entries
    record_type = next(s for s in at.selectbox if s.label == "Record type")
    record_type.set_value("example").run()
    table = at.dataframe[0].value
    assert len(table) == 1 and table.iloc[0]["summary"] == "Loaded the example sprint (6 initiatives)"
    initiative = next(s for s in at.selectbox if s.label == "Initiative")
    record_type = next(s for s in at.selectbox if s.label == "Record type")
    record_type.set_value(None)
    assert "Delivery route planner" in initiative.options  # the menu lists names, not ids
    routing = next(i.id for i in initiatives.list_all(state.store()) if i.name == "Delivery route planner")
    initiative.set_value(routing).run()
    assert set(at.dataframe[0].value["initiative"]) == {"Delivery route planner"}
    at.button(key="verify_chain").click().run()
    result = audit.verify(state.store())
    assert f"Audit chain intact: {result.entries} entries verified." in texts(at, "success")
    assert at.code[0].value == result.anchor  # the anchor to keep, as verify-audit --expect takes it


def test_a_tampered_log_is_reported(app, example_db):
    con = duckdb.connect(str(example_db))
    con.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 4")
    con.close()
    at = app()
    at.run()
    at.switch_page("app_pages/audit_log.py").run()
    at.button(key="verify_chain").click().run()
    assert "Audit chain broken at entry #4" in texts(at, "error")
    st.cache_resource.clear()
