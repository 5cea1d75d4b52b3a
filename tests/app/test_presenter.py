"""Presenter mode: every screen read-only, Previous / Next through the story, back out again."""

from __future__ import annotations

from sprint.ui import presenter

EDITING = ("text_input", "text_area", "number_input", "date_input", "selectbox", "multiselect", "checkbox",
           "radio", "data_editor", "file_uploader", "toggle", "slider")


def editing_widgets(at) -> int:
    return sum(len(getattr(at, kind)) for kind in EDITING if hasattr(at, kind))


def test_presenting_hides_every_input_on_every_screen(app, example_db):
    at = app()
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    titles = []
    for _ in presenter.SCREENS:
        assert editing_widgets(at) == 0, titles
        titles.append(at.title[0].value)
        if not at.button(key="present_next").disabled:
            at.button(key="present_next").click().run()
            assert not at.exception
    assert titles == list(presenter.SCREENS)
    assert "Live" in " ".join(c.value for c in at.caption)


def test_start_and_stop_presenting(app, example_db):
    at = app()
    at.run()
    assert editing_widgets(at) > 0  # the normal Overview has forms
    at.sidebar.button(key="start_presenting").click().run()
    assert at.title[0].value == "Overview" and editing_widgets(at) == 0
    at.button(key="present_stop").click().run()
    assert editing_widgets(at) > 0 and at.sidebar.selectbox
