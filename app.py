"""Production Sprint: page config, navigation and the shared sidebar. Nothing else lives here."""

import streamlit as st

from sprint.config import DATA_DIR
from sprint.permissions import Role
from sprint.steps import OUTCOMES, STEPS
from sprint.ui import access_view, live, look, presenter, shell, state, view_only

# The icon ships with the app (a material icon name would be fetched from the internet: offline, no icon).
st.set_page_config(page_title="Production Sprint", page_icon=str(DATA_DIR / "favicon.png"), layout="wide")

look.apply(presenting=presenter.presenting())
shell.open_store_or_stop()
actor = access_view.who_is_here()  # a sign-in screen stops here until the person is known
state.set_actor(actor)

if presenter.presenting():
    # Presenter mode: one read-only page, no navigation or sidebar; Previous / Next walk the story.
    st.navigation([st.Page("app_pages/present.py", title="Presenting", url_path="present")], position="hidden").run()
    st.stop()
live.unfollow()  # not presenting (any more): saves no longer wake this browser

facilitating = actor.role is Role.FACILITATOR
# Department heads and viewers get the same addresses; where they may not edit, the read-only view.
sprint_pages = [
    st.Page("app_pages/overview.py" if facilitating else view_only.page(0), title="Overview",
            icon=":material/dashboard:", default=True),
    st.Page("app_pages/plan.py" if facilitating else view_only.page(1), title="90-day plan",
            icon=":material/calendar_month:", url_path="plan"),
    # The room's question, answered from a phone: opened by the presenter's QR code, not from the sidebar.
    st.Page("app_pages/room.py", title="The room's question", icon=":material/groups:", url_path="room",
            visibility="hidden"),
]
step_pages = [st.Page(step.page if facilitating or step is OUTCOMES else view_only.page(1 + step.number),
                      title=step.label, icon=step.icon, url_path=step.slug) for step in STEPS]
data_pages = [
    st.Page("app_pages/importer.py", title="Import a spreadsheet", icon=":material/upload_file:", url_path="import"),
    st.Page("app_pages/snapshots.py", title="Excel snapshots", icon=":material/table_view:", url_path="snapshots"),
    st.Page("app_pages/audit_log.py", title="Audit log", icon=":material/history:", url_path="audit-log"),
    st.Page("app_pages/people.py", title="People and access", icon=":material/group:", url_path="people"),
]
if not facilitating:  # department heads import their own metrics; both see the audit log
    data_pages = [p for p in data_pages if p.url_path == "audit-log"
                  or (p.url_path == "import" and actor.role is Role.DEPARTMENT_HEAD)]
sections = {"Sprint": sprint_pages, "Steps": step_pages, "Data": data_pages}
navigation = st.navigation(sections)
# After joining with a code: the page the link or QR code asked for.
access_view.continue_to_asked_page(navigation, [page for pages in sections.values() for page in pages])
shell.sidebar(state.active_initiatives())
shell.show_flashes()
navigation.run()
