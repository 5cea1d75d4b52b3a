"""People and access: workshop codes, and who may do what when single sign-on is on. Facilitators only."""

import streamlit as st

from sprint.access import codes as access
from sprint.access import sign_on
from sprint.permissions import Action, Role, why_not
from sprint.steps.outcomes import store as metrics
from sprint.ui import access_view, shell, state
from sprint.ui.text import md

store = state.store()
st.title("People and access")
refusal = why_not(state.actor(), Action.MANAGE_PEOPLE)
if refusal:  # the navigation hides this page from others; a bookmark still lands here
    st.info(md(refusal), icon=":material/lock:")
    st.stop()

how = st.session_state.get("access_mode", access_view.LOCAL)
st.markdown({
    access_view.LOCAL: "**Now: no sign-in.** Whoever opens this address is a facilitator and can change "
                       "everything. Set a facilitator passcode below to require codes, or configure single "
                       "sign-on (see the README).",
    access_view.CODES: "**Now: workshop codes.** Everyone joins with their name and a code; what the code is for "
                       "decides what they may change.",
    access_view.SSO: "**Now: single sign-on.** Your identity provider says who people are; the list below says "
                     "what they may change.",
}[how])

st.subheader("Workshop codes")
codes = access.list_codes(store)
if codes:
    for code in codes:
        left, right = st.columns([4, 1])
        left.markdown(f"**{md(code.label)}** · set by {md(code.created_by)} on {code.created_at:%d %b %Y %H:%M} UTC")
        if right.button("Revoke", key=f"revoke_code_{code.id}", icon=":material/block:"):
            shell.save_then_rerun(lambda c=code: access.revoke_code(store, state.actor(), c.id),
                                  f"Revoked the {md(code.label.lower())}: it no longer lets anyone in.")
else:
    st.caption("No codes yet. The facilitator passcode comes first: once any code exists, everyone signs in "
               "with one.")

departments = sorted({d for i in state.active_initiatives() for d in metrics.departments(store, i.id)},
                     key=str.casefold)
kinds = {"Facilitator passcode": Role.FACILITATOR, "Join code for a department": Role.DEPARTMENT_HEAD,
         "Join code for viewers": Role.VIEWER}
nonce = st.session_state.setdefault("code_nonce", 0)
last_kind = st.session_state.get("code_kind_last", next(iter(kinds)))  # after a save, the kind just saved
kind = st.radio("New code", list(kinds), horizontal=True, key=f"code_kind_{nonce}", index=list(kinds).index(last_kind))
with st.form(f"new_code_{nonce}", border=True, enter_to_submit=False):
    department = None
    if kinds[kind] is Role.DEPARTMENT_HEAD:  # only a department's join code belongs to a department
        department = st.selectbox("Department", departments, index=None, accept_new_options=True,
                                  key=f"code_department_{nonce}", placeholder="Choose or type a department")
    suggested = st.session_state.setdefault(f"code_suggestion_{nonce}_{kind}",
                                            access.suggest_code(12 if kinds[kind] is Role.FACILITATOR else 8))
    code = st.text_input("Code", value=suggested, key=f"code_text_{nonce}_{kind}",
                         help=f"Join codes: at least {access.CODE_MIN} letters or digits; the passcode at least "
                              f"{access.PASSCODE_MIN}. Case, spaces and dashes are ignored. Only a scrambled "
                              "form is stored: note the code before saving.")
    if st.form_submit_button("Save the code", type="primary", icon=":material/key:"):
        role = kinds[kind]

        def add() -> None:
            access.add_code(store, state.actor(), role, code, department or "")
            st.session_state["code_nonce"] = nonce + 1
            st.session_state["code_kind_last"] = kind
            if role is Role.FACILITATOR:  # the person who set it stays signed in, until they sign out
                st.session_state[access_view.ACTOR] = (state.actor(), None)

        shell.save_then_rerun(add, f"Saved. Share the code {md(code)} with the people it is for; it is not shown "
                                   "again.")

st.subheader("Single sign-on: who may do what")
if how != access_view.SSO:
    st.caption("Used once `[auth]` is set in `.streamlit/secrets.toml` (see the README); you can prepare the "
               "list now.")
people = sign_on.list_people(store)
if people:
    st.dataframe([{"Who": p.who, "Name": p.name, "Role": str(p.role), "Departments": ", ".join(p.departments)}
                  for p in people], hide_index=True, width="stretch")
with st.form(f"person_{nonce}", border=True, enter_to_submit=False):
    c1, c2, c3 = st.columns([3, 2, 3])
    who = c1.text_input("E-mail address, or @domain for everyone there", key=f"person_who_{nonce}")
    role_name = c2.selectbox("Role", [str(r) for r in Role], index=2, key=f"person_role_{nonce}")
    depts = c3.multiselect("Departments (department heads)", departments, accept_new_options=True,
                           key=f"person_depts_{nonce}")
    save, remove = st.columns(2)
    if save.form_submit_button("Save", type="primary", icon=":material/person_add:"):
        shell.save_then_rerun(lambda: sign_on.set_person(store, state.actor(), who, Role(role_name), depts),
                              f"Saved {md(who)}.")
    if remove.form_submit_button("Remove this address", icon=":material/person_remove:"):
        shell.save_then_rerun(lambda: sign_on.remove_person(store, state.actor(), who), f"Removed {md(who)}.")
policy = sign_on.unknown_people(store)
choice = st.radio("People not on the list", [sign_on.UNKNOWN_VIEWER, sign_on.UNKNOWN_NONE], horizontal=True,
                  index=0 if policy == sign_on.UNKNOWN_VIEWER else 1, key="unknown_people",
                  format_func={sign_on.UNKNOWN_VIEWER: "may view", sign_on.UNKNOWN_NONE: "get no access"}.__getitem__)
if choice != policy:
    shell.save_then_rerun(lambda: sign_on.set_unknown_people(store, state.actor(), choice), "Saved.")
