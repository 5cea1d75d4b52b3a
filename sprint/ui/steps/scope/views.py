"""Step 1 views: rank and cut, edit the list, and the ROI sentence with the cost of waiting."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from sprint import initiatives
from sprint.errors import SprintError
from sprint.initiatives import Initiative
from sprint.pasted import rows_from as pasted_rows
from sprint.steps.scope import charts as scope_charts
from sprint.steps.scope import roi_sentence
from sprint.steps.scope import rules as scope
from sprint.steps.scope import store as features
from sprint.steps.scope.store import COLUMNS, CORE, PHASE_2, RowInput
from sprint.store import Store
from sprint.ui import messages, shell, state, widgets
from sprint.ui.text import md
from sprint.values import format_value, plain


def _ranked(store: Store, initiative: Initiative):
    items = features.list_features(store, initiative.id)
    ranked = scope.rank([f.candidate() for f in items], initiative.hourly_rate)
    return items, ranked, features.core_keys(items, ranked)


def rank_view(store: Store, initiative: Initiative) -> None:
    items, ranked, core = _ranked(store, initiative)
    if not items:
        st.info("No features yet. List them under **Edit the list**: each with the dollars and hours it saves "
                "and the share of the work it covers.", icon=":material/list_alt:")
        return
    cut = scope.summarize_cut(ranked, core)
    rule = scope.volume_rule_set([f.candidate() for f in items])
    invalid = [f for f in items if f.invalid]
    for f in invalid[:5]:
        st.warning(f"'{md(f.name)}' has a stored value that is not a usable number ({', '.join(f.invalid)}): it "
                   "counts as 0 here. Correct it under **Edit the list**.", icon=":material/error:")
    if len(invalid) > 5:
        st.warning(f"{len(invalid) - 5:,} more features have a value that is not a usable number: each counts as "
                   "0 here.", icon=":material/error:")
    st.markdown(f"### {md(cut.sentence)}")
    cols = st.columns(4)
    cols[0].metric("Features listed", f"{len(items):,}")
    cols[1].metric("Core (above the line)", cut.core_count)
    cols[2].metric("Core value per month", format_value(cut.core_value, "$"))
    cols[3].metric("Fewest for 80% of volume", len(rule) if rule else "–",
                   help="The smallest set of features whose volume shares add up to 80%, largest first."
                   if rule else "All the volume shares together don't reach 80%.")
    widgets.chart(scope_charts.pareto_chart(ranked, core, {c.key for c in rule}))
    note = scope_charts.charted_note(len(ranked))
    if note:
        st.caption(note)

    left, right = st.columns([3, 2])
    with left.form(f"cut_{initiative.id}", border=True):
        n = st.number_input("Draw the line after the top", min_value=0, max_value=len(items),
                            value=cut.core_count, step=1, key=f"cut_n_{initiative.id}",
                            help="The roadmap: after the top 3-5. Everything below becomes Phase 2.")
        if st.form_submit_button("Apply the cut line", type="primary"):
            shell.save_then_rerun(lambda: features.apply_cut(store, state.actor(), initiative, int(n)),
                 f"The core is now the top {int(n)}; the rest is Phase 2.")
    with right.form(f"rate_{initiative.id}_v{initiative.version}", border=True):
        rate = st.number_input("Loaded hourly rate ($)", min_value=0.0, value=float(initiative.hourly_rate), step=5.0,
                               help="Salary, benefits and overhead per hour: turns hours saved into dollars.",
                               key=f"rate_{initiative.id}")
        if st.form_submit_button("Save the rate"):
            shell.save_then_rerun(lambda: initiatives.set_figures(store, state.actor(), initiative.id, hourly_rate=rate,
                                                 expected_version=initiative.version), "Saved the hourly rate.")

    st.subheader("Ranked by impact")
    st.caption("Tick or untick *Core* to move a feature across the line.")
    frame = pd.DataFrame([{"id": r.candidate.key, "Rank": r.rank, "Core": r.candidate.key in core,
                           "Feature": r.candidate.name, "Impact / month": format_value(r.impact, "$"),
                           "$ saved / month": format_value(r.candidate.dollars_per_month, "$"),
                           "Hours / week": r.candidate.hours_per_week, "Volume %": r.candidate.volume_share,
                           "Cumulative value": round(r.cumulative_value_pct), "Why here": r.tie_note,
                           **({"Score": r.candidate.score} if any(x.candidate.score is not None for x in ranked)
                              else {})}
                          for r in ranked]).set_index("id")
    key = f"ranked_{initiative.id}_{store.last_change()}"  # a fresh table after every change
    st.data_editor(frame, key=key, hide_index=True, width="stretch", num_rows="fixed",
                   disabled=[c for c in frame.columns if c != "Core"],
                   column_config={"Core": st.column_config.CheckboxColumn(width="small"),
                                  "Cumulative value": st.column_config.NumberColumn(format="%d%%"),
                                  "Volume %": st.column_config.NumberColumn(format="%.1f%%")})
    if _apply_moves(store, frame, st.session_state[key]["edited_rows"]):
        st.rerun()

    st.subheader("Scope creep")
    n_core = cut.core_count
    st.markdown(f"With **{n_core}** features in the core there are **{scope.interactions(n_core)}** pairs that can "
                "interact. Each feature added interacts with all the others:")
    st.dataframe(pd.DataFrame([{"Features": k, "Pairs that can interact": pairs, "Added by this one": added,
                                "More complex by": "–" if added_pct == float("inf") else f"+{added_pct:.0f}%"}
                               for k, pairs, added, added_pct in scope.creep(n_core + 1, 4)]),
                 hide_index=True, width="content")


def _apply_moves(store: Store, frame: pd.DataFrame, edits: dict) -> bool:
    """A ticked or unticked Core box moves that feature across the line at once (one click, audited)."""
    moved_any = False
    for position, change in edits.items():
        if "Core" not in change:
            continue
        feature_id = int(frame.index[int(position)])
        try:
            moved = features.move(store, state.actor(), feature_id, CORE if change["Core"] else PHASE_2)
        except SprintError as exc:
            state.flash(messages.error_markdown(exc), "warning")
        else:
            state.flash(f"Moved '{md(moved.name)}' to {'the core' if moved.phase == CORE else 'Phase 2'}.")
        moved_any = True
    return moved_any


def edit_view(store: Store, initiative: Initiative) -> None:
    items = features.list_features(store, initiative.id)
    nonce = st.session_state.setdefault("features_nonce", 0)
    key = f"features_{initiative.id}_{nonce}"
    if st.session_state.get("features_snapshot_key") != key:
        st.session_state["features_snapshot"] = {f.id: f for f in items}
        st.session_state["features_snapshot_key"] = key
    shown = st.session_state["features_snapshot"]
    # A plain range index, the id in a hidden column: a dynamic editor can only add rows to a range index.
    frame = pd.DataFrame([{"id": str(f.id), COLUMNS["name"]: f.name,
                           COLUMNS["dollars_per_month"]: plain(f.dollars_per_month),
                           COLUMNS["hours_per_week"]: plain(f.hours_per_week),
                           COLUMNS["volume_share"]: plain(f.volume_share),
                           COLUMNS["effort"]: f.effort, COLUMNS["notes"]: f.notes,
                           COLUMNS["score"]: "" if f.score is None else plain(f.score)} for f in shown.values()],
                         columns=["id", *COLUMNS.values()], dtype=str)
    st.caption("One row per feature or scenario. Numbers as you'd say them ($4,500, 12.5); blank counts as 0. "
               "Score is your backlog's own (RICE, ICE), if it has one: it orders features of equal impact. "
               "Add rows at the bottom, select rows and press Delete to remove them, then save: nothing is kept "
               "until you do.")
    edited = widgets.table_form(key, frame, submit="Save the list", submit_key="save_features",
                                column_config={"id": None, **{c: st.column_config.TextColumn(c)
                                                              for c in COLUMNS.values()}})
    if edited is not None:
        rows = [RowInput(_known_id(row["id"], shown), {field: row[label] for field, label in COLUMNS.items()})
                for _, row in edited.iterrows()]
        try:
            counts = features.save_features(store, state.actor(), initiative.id, rows, shown)
        except SprintError as exc:
            shell.show_error(exc)  # the table keeps what was typed, to be fixed and saved again
        else:
            st.session_state["features_nonce"] = nonce + 1
            state.flash(f"Saved the list: {counts['added']} added, {counts['changed']} changed, "
                        f"{counts['removed']} removed.")
            st.rerun()
    total = sum(f.candidate().volume_share for f in items)
    if total > 100.0001:
        st.warning(f"The saved volume shares add up to {total:.1f}%; a process can't have more than 100%. Check "
                   "for overlapping features.", icon=":material/warning:")
    elif items:
        st.caption(f"The saved volume shares add up to {total:.1f}%.")
    with st.expander("Add many at once: paste rows from a spreadsheet"):
        st.caption("Copy the rows with their header from Excel or Sheets (or paste CSV). Columns are matched by "
                   "name: Feature, $ saved / month, Hours saved / week, Share of volume %, Effort, Notes, Score.")
        pasted = st.text_area("Rows", height=150, key=f"paste_features_{nonce}", label_visibility="collapsed")
        if st.button("Add these rows", key="add_pasted_features", disabled=not pasted.strip()):
            try:
                new = pasted_rows(pasted, PASTE_COLUMNS)
                features.clean_rows([RowInput(None, r) for r in new])  # problems named by pasted row
                keep = [RowInput(f.id, {k: getattr(f, k) for k in COLUMNS}) for f in shown.values()]
                counts = features.save_features(store, state.actor(), initiative.id,
                                                [*keep, *(RowInput(None, r) for r in new)], shown)
            except SprintError as exc:
                shell.show_error(exc)
            else:
                st.session_state["features_nonce"] = nonce + 1
                state.flash(f"Added {counts['added']} feature{'s' if counts['added'] != 1 else ''} from the pasted rows.")
                st.rerun()


PASTE_COLUMNS = {"name": ("Feature", "scenario", "name", "use case", "feature"),
                 "dollars_per_month": ("$ saved / month", "$ saved", "dollars", "savings", "saved per month"),
                 "hours_per_week": ("Hours saved / week", "hours saved", "hours", "hrs"),
                 "volume_share": ("Share of volume %", "share of volume", "volume", "share"),
                 "effort": ("Effort", "effort"), "notes": ("Notes", "notes", "comment"),
                 "score": ("Score", "score", "rice score", "ice score", "rice", "ice")}


def _known_id(value: object, shown: dict) -> int | None:
    """The id of an existing row, or None for a row the person added."""
    try:
        feature_id = int(value)
    except (TypeError, ValueError):
        return None
    return feature_id if feature_id in shown else None


def _share(value: object) -> float:
    try:
        return float(str(value).replace("%", "").replace(",", "") or 0)
    except ValueError:
        return 0.0


def roi_view(store: Store, initiative: Initiative, today: dt.date) -> None:
    st.subheader("The one-sentence ROI test")
    st.caption("Can you say the ROI in one sentence, with a number, without 'optimize', 'enhance' or 'transform'?")
    text = st.text_area("ROI in one sentence", value=initiative.roi_statement, key=f"roi_{initiative.id}_v{initiative.version}",
                        height=90, help="Press Ctrl+Enter (or click outside) to check as you go.")
    for rule in roi_sentence.check(text):
        if rule.passed:
            st.markdown(f":green[:material/check_circle:] **{rule.name}**")
        else:
            st.markdown(f":red[:material/cancel:] **{rule.name}**: {md(rule.why)}")
    if text != initiative.roi_statement and st.button("Save this sentence", key="save_roi", type="primary"):
        shell.save_then_rerun(lambda: initiatives.set_roi_statement(store, state.actor(), initiative.id, text,
                                                   expected_version=initiative.version, today=today),
             "Saved the ROI sentence.")

    st.subheader("What staying in pilot costs")
    items, ranked, core = _ranked(store, initiative)
    cut = scope.summarize_cut(ranked, core)
    cost = scope.cost_of_delay(cut.core_value, initiative.monthly_cost, initiative.day(today),
                               initiative.stage == "pilot")
    if initiative.stage != "pilot":
        st.caption(f"'{md(initiative.name)}' is in {md(initiative.stage)}, no longer a pilot: these figures show what "
                   "each month of delay would cost.")
    cols = st.columns(3)
    cols[0].metric("Each further month in pilot", format_value(cost.per_month, "$"),
                   help="The core's value not delivered, plus the pilot's running cost.")
    cols[1].metric("Value forgone since the sprint began", format_value(cost.forgone_to_date, "$"),
                   help="The core's monthly value times the months in pilot so far." if initiative.stage == "pilot"
                   else "Nothing: this initiative is no longer a pilot.")
    cols[2].metric("Core value per month", format_value(cut.core_value, "$"))
    a, b = st.columns(2)
    core_weeks = a.number_input("Launching the core takes (weeks)", min_value=1, max_value=52, value=4,
                                key="core_weeks")
    full_months = b.number_input("The full scope takes (months)", min_value=1, max_value=36, value=4,
                                 key="full_months")
    widgets.chart(scope_charts.launch_chart(scope.launch_paths(cut.core_value, cut.total_value, core_weeks / 4.33,
                                                                full_months)))
