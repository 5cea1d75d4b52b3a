"""Production Sprint: page config, navigation and the shared sidebar. Nothing else lives here."""

import streamlit as st

from sprint.config import DATA_DIR
from sprint.permissions import Role
from sprint.ui import access_view, look, presenter, shell, state, view_only

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

if actor.role is Role.FACILITATOR:
    sections = (
        {
            "Sprint": [
                st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
                st.Page("app_pages/plan.py", title="90-day plan", icon=":material/calendar_month:", url_path="plan"),
            ],
            "Steps": [
                st.Page("app_pages/step1_scope.py", title="Step 1 · Scope", icon=":material/content_cut:",
                        url_path="scope"),
                st.Page("app_pages/step2_compliance.py", title="Step 2 · Compliance", icon=":material/gavel:",
                        url_path="compliance"),
                st.Page("app_pages/step3_workflow.py", title="Step 3 · Day in the life", icon=":material/route:",
                        url_path="workflow"),
                st.Page("app_pages/step4_governance.py", title="Step 4 · Governance", icon=":material/account_tree:",
                        url_path="governance"),
                st.Page("app_pages/step5_metrics.py", title="Step 5 · Outcomes", icon=":material/monitoring:",
                        url_path="outcomes"),
            ],
            "Data": [
                st.Page("app_pages/importer.py", title="Import a spreadsheet", icon=":material/upload_file:",
                        url_path="import"),
                st.Page("app_pages/snapshots.py", title="Excel snapshots", icon=":material/table_view:",
                        url_path="snapshots"),
                st.Page("app_pages/audit_log.py", title="Audit log", icon=":material/history:", url_path="audit-log"),
                st.Page("app_pages/people.py", title="People and access", icon=":material/group:",
                        url_path="people"),
            ],
        }
    )
else:
    # Department heads and viewers: the same addresses; where they may not edit, the read-only view.
    data = [st.Page("app_pages/audit_log.py", title="Audit log", icon=":material/history:", url_path="audit-log")]
    if actor.role is Role.DEPARTMENT_HEAD:
        data.insert(0, st.Page("app_pages/importer.py", title="Import a spreadsheet", icon=":material/upload_file:",
                               url_path="import"))
    sections = (
        {
            "Sprint": [
                st.Page(view_only.page(0), title="Overview", icon=":material/dashboard:", default=True),
                st.Page(view_only.page(1), title="90-day plan", icon=":material/calendar_month:", url_path="plan"),
            ],
            "Steps": [
                st.Page(view_only.page(2), title="Step 1 · Scope", icon=":material/content_cut:", url_path="scope"),
                st.Page(view_only.page(3), title="Step 2 · Compliance", icon=":material/gavel:",
                        url_path="compliance"),
                st.Page(view_only.page(4), title="Step 3 · Day in the life", icon=":material/route:",
                        url_path="workflow"),
                st.Page(view_only.page(5), title="Step 4 · Governance", icon=":material/account_tree:",
                        url_path="governance"),
                st.Page("app_pages/step5_metrics.py", title="Step 5 · Outcomes", icon=":material/monitoring:",
                        url_path="outcomes"),
            ],
            "Data": data,
        }
    )
navigation = st.navigation(sections)
# After joining with a code: the page the link or QR code asked for.
access_view.continue_to_asked_page(navigation, [page for pages in sections.values() for page in pages])
shell.sidebar(state.active_initiatives())
shell.show_flashes()
navigation.run()
