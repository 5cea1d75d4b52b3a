"""Step 2 views: obligations (with the profile that selects them), the data register, bias screening, user
notices, and this initiative's audit trail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from sprint import audit
from sprint.errors import SprintError
from sprint.initiatives import Initiative
from sprint.lists import is_blank
from sprint.pasted import rows_from as pasted_rows
from sprint.steps.compliance import bias, notices
from sprint.steps.compliance import charts as compliance_charts
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance import store as compliance_store
from sprint.steps.compliance.rules import (
    DECISIONS,
    LOCATIONS,
    ORGANISATION_FACTS,
    ROLES,
    SECTORS,
    SYSTEM_FACTS,
    USES,
    Profile,
)
from sprint.steps.compliance.store import KINDS, STATUSES, Status
from sprint.store import Store
from sprint.ui import shell, state, widgets
from sprint.ui.text import md

ROLE_LABELS = {"deployer": "deploys it", "developer or provider": "builds it (developer or provider)"}


DECISIONS_HELP = ("Decisions about individual people (natural persons). Lending to businesses and fraud detection "
                  "are not credit decisions about people here; leave them out.")


def _profile_form(store: Store, initiative: Initiative, profile: Profile, contact: str) -> None:
    unanswered = [fact for fact in USES if fact not in profile.asked]
    with (st.expander("Who this initiative serves, and how (decides which obligations apply)",
                      expanded=not profile.locations or bool(unanswered)),
          st.form(f"profile_{initiative.id}", border=False)):
        a, b = st.columns(2)
        roles = a.multiselect("For this system, your organisation", ROLES, default=list(profile.roles),
                              format_func=ROLE_LABELS.get, key="profile_roles",
                              help="Putting your name on a system, changing it substantially or using it for a new "
                                   "purpose can make you its provider under the EU AI Act (Art. 25).")
        sectors = b.multiselect("Your organisation is", SECTORS, default=list(profile.sectors), key="profile_sectors")
        a, b = st.columns(2)
        locations = a.multiselect("Its users are in", LOCATIONS, default=list(profile.locations),
                                  key="profile_locations")
        decisions = b.multiselect("It influences consequential decisions about individual people on", DECISIONS,
                                  default=list(profile.decisions), key="profile_decisions", help=DECISIONS_HELP)
        if unanswered and profile.uses is not None:
            st.caption(f"{len(unanswered)} of these questions are new since the profile was saved: until you save "
                       "it, every obligation they decide is counted.")
        elif profile.uses is None:
            st.caption("Not answered yet: until you save these, every obligation they decide is counted.")
        ticked = []
        for heading, facts in (("About your organisation", ORGANISATION_FACTS), ("How it is used", SYSTEM_FACTS)):
            st.markdown(f"**{heading}** (tick each that is true)")
            for fact, question in facts.items():
                if st.checkbox(question[0].upper() + question[1:], value=fact in (profile.uses or ()),
                               key=f"profile_use_{fact.replace(' ', '_')}"):
                    ticked.append(fact)
        optional = st.checkbox("Also follow the EU AI Act where no users are in the EU (shown as followed by choice)",
                               key="profile_optional", value=profile.optional_frameworks)
        contact_text = st.text_input("Where people reach a person (for notices)", value=contact, key="profile_contact")
        if st.form_submit_button("Save the profile", key="save_profile"):
            shell.save_then_rerun(lambda: compliance_store.save_profile(
                store, state.actor(), initiative.id, Profile(tuple(sectors), tuple(decisions), tuple(locations),
                                                             optional, tuple(roles), tuple(ticked)), contact_text),
                "Saved the profile.")


def _deadline_text(o, s: Status, when: dt.date, today: dt.date) -> str:
    reason = (f"takes effect {when.day} {when:%b %Y}" if o.effective == when and not o.in_force(today)
              and (s.due is None or s.due >= when) else f"due {when.day} {when:%b}")
    return f"{md(o.title)} ({md(s.owner or 'no owner')}, {reason})"


def obligations_view(store: Store, initiative: Initiative, today: dt.date) -> None:
    st.info(md(compliance_catalog.NOT_LEGAL_ADVICE), icon=":material/gavel:")
    catalog = compliance_catalog.load()
    for problem in catalog.problems:
        st.warning(f"Catalog: {md(problem)}", icon=":material/report:")
    profile, contact = compliance_store.profile(store, initiative.id)
    _profile_form(store, initiative, profile, contact)
    items = compliance_catalog.applicability(catalog, profile)
    for stay, frameworks in compliance_catalog.stays(items).items():
        st.error(f"**Enforcement is stayed: {md(', '.join(frameworks))}.** {md(stay)}", icon=":material/pause_circle:")
    found = compliance_store.statuses(store, initiative.id)
    overdue, soon = compliance_store.deadlines(items, found, today)
    if overdue:
        st.error("**Overdue:** " + "; ".join(_deadline_text(o, s, w, today) for o, s, w in overdue),
                 icon=":material/alarm:")
    if soon:
        st.warning("**Due within 14 days:** " + "; ".join(_deadline_text(o, s, w, today) for o, s, w in soon),
                   icon=":material/schedule:")
    for o, s in compliance_store.due_after_effect(items, found, today):
        st.warning(f"**{md(o.title)}** is due {s.due:%d %b %Y}, after it takes effect on "
                   f"{o.effective:%d %b %Y}: bring the date forward.", icon=":material/event_busy:")
    standings = compliance_store.standing(items, found, today)
    if standings:
        per_row = 4  # a framework's name wraps badly in narrower columns on a projector
        cols = [c for start in range(0, len(standings) + 1, per_row)
                for c in st.columns(per_row)][:len(standings) + 1]
        total = sum(x.applicable for x in standings)
        upcoming = sum(x.upcoming for x in standings)
        cols[0].metric("In force: done", f"{sum(x.done for x in standings) / total:.0%}" if total else "–",
                       help="Done, out of the obligations that apply and are in force today.")
        if upcoming:
            cols[0].caption(f"{sum(x.upcoming_done for x in standings)} of {upcoming} ready for later dates")
        for col, x in zip(cols[1:], standings, strict=True):
            col.metric(x.framework, f"{x.readiness:.0%}" if x.applicable else "–", help=x.label())
            col.caption(x.label())
        widgets.chart(compliance_charts.status_matrix(items, found, today))
    applicable = [a for a in items if a.applies]
    stale = [a.obligation.title for a in applicable if a.obligation.due_for_review(today)]
    if stale:
        st.warning(f"**{len(stale)} of these records {'were' if len(stale) != 1 else 'was'} last checked against "
                   f"{'their sources' if len(stale) != 1 else 'its source'} more than "
                   f"{compliance_catalog.REVIEW_AFTER_DAYS} days ago: due for review** (the law may have moved): "
                   + md("; ".join(stale[:8])) + (f" and {len(stale) - 8} more" if len(stale) > 8 else "")
                   + ". The 'Source checked' column shows each date.", icon=":material/update:")
    frame = pd.DataFrame([{
        "id": a.obligation.id, "Obligation": a.obligation.title,
        "Status": found.get(a.obligation.id, Status()).status,
        "Owner": found.get(a.obligation.id, Status()).owner, "Due": found.get(a.obligation.id, Status()).due,
        "Evidence": found.get(a.obligation.id, Status()).evidence,
        "Why not applicable": found.get(a.obligation.id, Status()).na_reason,
        "Applies from": a.obligation.applies_from(today), "Level": a.level,
        "Framework": a.obligation.framework, "Citation": a.obligation.citation, "Duty": a.obligation.duty,
        "Applies to (and who is outside)": a.obligation.applies_to, "Why": a.why, "Source": a.obligation.source,
        "Source checked": a.obligation.as_of,
        "Review": "due for review" if a.obligation.due_for_review(today) else ""}
        for a in applicable])
    if frame.empty:
        return
    key = f"obligations_{initiative.id}_{store.last_change()}"
    edited = widgets.table_form(key, frame, submit="Save the statuses", submit_key="save_statuses", num_rows="fixed",
                                disabled=["id", "Obligation", "Applies from", "Level", "Framework", "Citation", "Duty",
                                          "Applies to (and who is outside)", "Why", "Source", "Source checked",
                                          "Review"],
                                column_config={
                                    "id": None, "Duty": st.column_config.TextColumn(width="large"),
                                    "Applies to (and who is outside)": st.column_config.TextColumn(width="medium"),
                                    "Status": st.column_config.SelectboxColumn(options=list(STATUSES), required=True),
                                    "Due": st.column_config.DateColumn(format="YYYY-MM-DD"),
                                    "Source": st.column_config.LinkColumn(display_text="source"),
                                    "Source checked": st.column_config.DateColumn(format="YYYY-MM-DD")})
    if edited is not None:
        changes = {row["id"]: Status(row["Status"], str(row["Owner"] or ""),
                                     row["Due"] if isinstance(row["Due"], dt.date) else None,
                                     str(row["Evidence"] or ""), str(row["Why not applicable"] or ""))
                   for row in edited.to_dict("records")}
        shell.save_then_rerun(lambda: compliance_store.set_statuses(store, state.actor(), initiative.id, changes),
                              "Saved the statuses.")
    _details(applicable, today)
    with st.expander("Obligations that don't apply, and why"):
        st.dataframe(pd.DataFrame([{"Obligation": f"{a.obligation.jurisdiction}: {a.obligation.title}",
                                    "Why not": a.why} for a in items if not a.applies]), hide_index=True,
                     width="stretch")


NO_ENFORCEMENT = "Not stated in the sources read for this record."


def _details(applicable, today: dt.date) -> None:
    """Every duty that applies, readable without opening anything: what it asks, who it covers and who is outside
    it, how it is enforced (each record's own line), and its caveat, with its dates and citation. The laws come
    first, the roadmap's good practice last."""
    st.subheader("Each duty: who it covers, how it is enforced")
    frameworks = list(dict.fromkeys(a.obligation.framework for a in applicable))
    frameworks.sort(key=lambda f: all(a.obligation.jurisdiction == "Roadmap" for a in applicable
                                      if a.obligation.framework == f))
    same = "the same as the duty above."
    for framework in frameworks:
        st.markdown(f"##### {md(framework)}")
        above = None  # the card before: a text it shares is said once
        for a in (x for x in applicable if x.obligation.framework == framework):
            o = a.obligation
            when = "" if o.effective is None else f" · {md(o.applies_from(today))}"
            with st.container(border=True):
                st.markdown(f"**{md(o.title)}**{when} · {md(a.level)}  \n"
                            f":gray[{md(o.citation)} · source checked {o.as_of.day} {o.as_of:%b %Y}"
                            f"{' · **due for review**' if o.due_for_review(today) else ''}]")
                if o.enforcement:
                    said = same if above and o.enforcement == above.enforcement else md(o.enforcement)
                elif o.level == "binding":
                    said = md(NO_ENFORCEMENT)
                else:
                    said = "none: good practice, not a duty."
                scope = same if above and o.applies_to == above.applies_to else md(o.applies_to)
                st.markdown(f"{md(o.duty)}  \n**Applies to:** {scope}  \n**Enforcement:** {said}"
                            + (" **Stayed for now** (see above)." if o.stay else ""))
                if o.caveat:
                    st.markdown(":orange[**Caveat:**] " + (same if above and o.caveat == above.caveat
                                                           else md(o.caveat)))
                above = o


REGISTER_COLUMNS = {"name": "Name", "kind": "Kind", "owner": "Owner", "personal_data": "Personal data",
                    "categories": "Which categories", "human_review": "A person reviews it",
                    "consequential": "Consequential decision", "retention": "Kept for"}


def register_view(store: Store, initiative: Initiative) -> None:
    entries = compliance_store.register(store, initiative.id)
    for e in compliance_store.unreviewed_decisions(entries):
        st.error(f"'{md(e.name)}' decides something consequential and no person reviews it.",
                 icon=":material/person_off:")
    frame = pd.DataFrame([e.__dict__ for e in entries], columns=list(REGISTER_COLUMNS))
    for column in ("personal_data", "human_review", "consequential"):
        frame[column] = frame[column].astype("boolean")
    edited = widgets.table_form(
        f"register_{initiative.id}_{store.last_change()}", frame, submit="Save the register",
        submit_key="save_register", column_config={
            **{c: st.column_config.TextColumn(label) for c, label in REGISTER_COLUMNS.items()},
            "kind": st.column_config.SelectboxColumn("Kind", options=list(KINDS)),
            **{c: st.column_config.CheckboxColumn(REGISTER_COLUMNS[c], default=False)
               for c in ("personal_data", "human_review", "consequential")}})
    if edited is not None:
        shell.save_then_rerun(lambda: compliance_store.save_register(store, state.actor(), initiative.id, edited.to_dict("records"),
                                                     entries), "Saved the register.")


def bias_view(store: Store, initiative: Initiative) -> None:
    st.caption(md(bias.CAVEAT) + f" Groups under {bias.MIN_GROUP} people are left out. " + md(bias.PRACTICAL_NOTE))
    with st.form("bias_form", border=False, enter_to_submit=False):  # counts typed in full before the screen runs
        attribute = st.text_input("Protected attribute", key="bias_attribute",
                                  placeholder="e.g. surname origin, age band")
        groups = st.data_editor(pd.DataFrame({"Group": ["", ""], "Total": ["", ""], "Selected": ["", ""]}),
                                key="bias_groups", num_rows="dynamic", hide_index=True, width="stretch",
                                placeholder="", column_config={"Selected": st.column_config.TextColumn(
                                    "Selected (favourable outcome)")})
        pasted = st.text_area("Or paste the counts from a spreadsheet (header row: Group, Total, Selected)",
                              height=100, key="bias_pasted")
        run = st.form_submit_button("Run the screen", key="run_bias", type="primary")
    if run:
        rows = [(r["Group"], r["Total"], r["Selected"]) for r in groups.to_dict("records")
                if not is_blank(r)]
        if pasted.strip():
            try:
                rows = [(r.get("group"), r.get("total"), r.get("selected")) for r in pasted_rows(pasted, {
                    "group": ("Group", "group", "category", "segment"),
                    "total": ("Total", "total", "applicants", "count", "n"),
                    "selected": ("Selected", "selected", "approved", "favourable", "favorable", "booked", "hired")})]
            except SprintError as exc:
                shell.show_error(exc)
                return
        try:
            results = compliance_store.run_bias_screen(store, state.actor(), initiative.id, attribute or "", rows)
        except SprintError as exc:
            shell.show_error(exc)
        else:
            st.session_state["bias_results"] = results
    results = st.session_state.get("bias_results")
    if results:
        _results_table(results)
    history = compliance_store.bias_history(store, initiative.id)
    if history:
        st.subheader("Past screens")
        for at, attr, counts, summary in history:
            st.markdown(f"**{at:%Y-%m-%d}**, {md(attr)}: {md(summary)}")
            _results_table(bias.screen(counts))


def _results_table(results) -> None:
    st.dataframe(pd.DataFrame([{"Group": r.group, "Total": r.total, "Selected": r.selected,
                                "Selection rate": f"{r.rate:.0%}",
                                "Impact ratio": "" if r.impact_ratio is None else bias.ratio_text(r.impact_ratio),
                                "p-value": "" if r.p_value is None else f"{r.p_value:.3f}", "Verdict": r.verdict}
                               for r in results]), hide_index=True, width="stretch")


GENERAL = "General notice"


def notices_view(store: Store, initiative: Initiative) -> None:
    profile, contact = compliance_store.profile(store, initiative.id)
    saved = compliance_store.saved_notices(store, initiative.id)
    items = compliance_catalog.applicability(compliance_catalog.load(), profile)
    kinds = notices.kinds_for([a.obligation.id for a in items if a.applies])
    titles = {k.title: k for k in kinds}
    choice = st.segmented_control("Notice", [GENERAL, *titles], default=GENERAL, key="notice_kind") or GENERAL
    if not kinds:
        st.caption("The laws in this initiative's profile ask for no notice of their own; the general notice is "
                   "the roadmap's good practice.")
    register = compliance_store.register(store, initiative.id)
    unreviewed = [e.name for e in compliance_store.unreviewed_decisions(register)]
    kind = titles.get(choice)
    if kind is None:
        channel = st.segmented_control("Channel", list(notices.CHANNELS), default=notices.CHANNELS[0],
                                       key="notice_channel") or notices.CHANNELS[0]
        if unreviewed:
            st.warning(f"The data register records {', '.join(repr(md(n)) for n in unreviewed)} as a consequential "
                       "decision that no person reviews, so the generated notice does not offer a human review. "
                       "Before promising one in your own wording, add the review (Data register).",
                       icon=":material/person_off:")
        generated = notices.generate(initiative, channel, consequential=bool(profile.decisions), contact=contact,
                                     correction=bool(profile.decisions), unreviewed=unreviewed)
        key, name, kind_id = channel, f"the {channel} notice", "general"
    else:
        st.info(f"**How to give it:** {md(kind.how)}", icon=":material/campaign:")
        if unreviewed and kind.id in ("co-adverse", "eu-86"):
            st.warning(f"The data register records {', '.join(repr(md(n)) for n in unreviewed)} as a consequential "
                       "decision that no person reviews, so this text offers no human review"
                       + (" although Colorado asks you to offer one where commercially reasonable" if kind.id ==
                          "co-adverse" else "") + ". Add the review (Data register) before sending it.",
                       icon=":material/person_off:")
        data_used = [f"{e.name} ({e.categories})" if e.categories else e.name for e in register
                     if e.kind == "data source" and e.personal_data]
        generated = notices.law_notice(kind.id, initiative, decisions=profile.decisions, contact=contact,
                                       data_used=data_used, unreviewed=unreviewed)
        key, name, kind_id = kind.id, f"the notice '{kind.title}'", kind.id
    text = st.text_area("Notice", value=saved.get(key, generated), height=200,
                        key=f"notice_{key}_{store.last_change()}")
    missing = notices.required_parts(text, kind_id)
    if missing:
        st.warning("This notice should " + " and ".join(missing) + ".", icon=":material/rule:")
    if "[" in text and kind is not None:
        st.caption("Fill in the parts in square brackets for each case before sending it.")
    a, b = st.columns(2)
    if a.button("Save this notice", key="save_notice", type="primary"):
        shell.save_then_rerun(lambda: compliance_store.save_notice(store, state.actor(), initiative.id, key, text),
                              f"Saved {name}.")
    b.download_button("Download as text", data=text, file_name=f"notice-{key.replace(' ', '-')}.txt",
                      mime="text/plain", key="download_notice", on_click="ignore")
    st.code(text, language=None, wrap_lines=True)
    st.caption("Copy it with the button at the top right of the box above.")


def trail_view(store: Store, initiative: Initiative) -> None:
    result = audit.verify(store)
    (st.error if not result.ok else st.warning if result.lost else st.success)(result.message,
                                                                               icon=":material/verified:")
    log = audit.entries(store, initiative_id=initiative.id)
    st.dataframe(log[["seq", "occurred_at", "actor", "action", "entity", "summary"]], hide_index=True, width="stretch",
                 column_config={"seq": "#", "occurred_at": st.column_config.DatetimeColumn("When (UTC)"),
                                "actor": "Who", "action": "Action", "entity": "Record",
                                "summary": st.column_config.TextColumn("What changed", width="large")})
