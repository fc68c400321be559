"""Analysts' corrections on the Actors page: the form in the actor detail panel, the list of
corrections in force with an Undo button each, and the callbacks that write the file.

The corrections live in a plain file (`core.corrections`, setting `corrections`); saving
one changes the file's mtime, which is part of the loaded corpus's cache key
(`ui.data.load`), so the rerun that follows the click shows every page corrected.
"""

from __future__ import annotations

import streamlit as st

from core import corrections as corr
from core.highlight import md
from core.schema import ACTOR_TYPES
from ui import components, data, sidebar

MESSAGE = "cm_correction_msg"  # (kind, markdown) shown once after a correction or an undo
# Widgets (bound to the URL) that hold actor names: a merged or renamed actor follows there.
ACTOR_LISTS = ("actor", "mot_actors", "tl_actors")
DETAIL = "detail_actor"
MAX_LISTED = 50  # corrections listed with an Undo button (the file can hold any number)
LABELS = {
    "merge": "Merge into…",
    "rename": "Rename",
    "split": "Split a spelling off",
    "not_actor": "Not an actor",
    "type": "Change type",
}


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)


def _follow(old: str, new: str | None) -> None:
    """Make the filters and the detail panel name `new` instead of `old` (None: drop it)."""
    for key in ACTOR_LISTS:
        value = st.session_state.get(key)
        if isinstance(value, list) and old in value:
            names = [new if v == old else v for v in value if new is not None or v != old]
            st.session_state[key] = list(dict.fromkeys(names))
    if st.session_state.get(DETAIL) == old:
        if new is None:
            st.session_state.pop(DETAIL, None)
        else:
            st.session_state[DETAIL] = new


def _known(name: str) -> bool:
    ctx = st.session_state.get(components.CTX)
    return ctx is not None and name in ctx.loaded.actor_types


def _id(name: str) -> str:
    """The actor id behind a name shown in a display language (corrections speak of ids)."""
    ctx = st.session_state.get(components.CTX)
    return ctx.loaded.actor_id(name) if ctx is not None else name


def _submit(action: str, actor: str, n_mentions: int) -> None:
    """Form callback: write the correction, say what it did, let the URL state follow."""
    argument = {
        "merge": st.session_state.get("corr_merge_to"),
        "rename": st.session_state.get("corr_rename_to"),
        "split": st.session_state.get("corr_split_surface"),
        "type": st.session_state.get("corr_type_to"),
    }.get(action) or ""
    if action != "not_actor" and not str(argument).strip():
        _say(
            "warning",
            {
                "merge": "Choose the actor to merge into.",
                "rename": "Type the new name.",
                "split": "Choose the spelling to split off.",
                "type": "Choose a type.",
            }[action],
        )
        return
    shown_actor, shown_argument = actor, str(argument)
    if action in ("merge", "rename"):
        argument = _id(str(argument))
    try:
        corr.append(data.corrections_path(), corr.check(action, _id(actor), str(argument)))
    except corr.CorrectionError as exc:
        _say("error", f"Not saved: {md(exc)}")
        return
    a, arg = md(shown_actor), md(shown_argument)
    text = {
        "merge": f"Merged **{a}** into **{arg}**: its {n_mentions:,} mention(s) now count "
        f"for {arg}.",
        "rename": f"Renamed **{a}** to **{arg}**."
        + (f" {arg} already existed: the two are now one actor." if _known(shown_argument) else ""),
        "split": f"Split **{arg}** off **{a}**: the mentions written “{arg}” are now the actor "
        f"{arg}.",
        "not_actor": f"**{a}** is no longer an actor: its {n_mentions:,} mention(s) are left "
        "out of every count.",
        "type": f"**{a}** is now of type {arg}.",
    }[action]
    _say(
        "success",
        text + " Every page and export is corrected; undo it under “Corrections in force”.",
    )
    if action in ("merge", "rename"):
        _follow(shown_actor, shown_argument)
    elif action == "not_actor":
        _follow(shown_actor, None)


def _undo(correction: corr.Correction) -> None:
    try:
        corr.remove(data.corrections_path(), correction)
    except corr.CorrectionError as exc:
        _say("error", f"Not undone: {md(exc)}")
        return
    _say("success", f"Undone: {md(correction.describe())}.")
    if correction.action == "rename":
        _follow(correction.argument, correction.actor)
    elif correction.action == "merge" and st.session_state.get(DETAIL) == correction.argument:
        st.session_state[DETAIL] = correction.actor  # back to the actor that was merged


def show_message() -> None:
    """The confirmation of the last correction or undo (once)."""
    msg = st.session_state.pop(MESSAGE, None)
    if msg:
        kind, text = msg
        getattr(st, kind)(
            text,
            icon={
                "success": ":material/check_circle:",
                "warning": ":material/warning:",
                "error": ":material/error:",
            }[kind],
        )


def correct_form(ctx: components.Ctx, who: str, detail: dict) -> None:
    """The corrections of one actor: merge, rename, split a spelling off, not an actor, type."""
    n = int(detail["n_mentions"])
    with st.expander(f"Correct {md(who)}", icon=":material/edit:"):
        action = st.segmented_control(
            "Correction",
            list(LABELS),
            format_func=LABELS.get,
            key="corr_action",
            default="merge",
            required=True,
        )
        if action == "merge":
            targets = [a for a in ctx.loaded.actor_names[: sidebar.MAX_ACTOR_OPTIONS] if a != who]
            with st.form("corr_merge_form", clear_on_submit=True, border=False):
                st.selectbox(
                    "Merge into",
                    targets,
                    index=None,
                    key="corr_merge_to",
                    placeholder="Type to search actors…",
                    help="Its mentions count for that actor from now on (its type "
                    "too). An actor not offered here: type its name under "
                    "Rename.",
                )
                st.form_submit_button(
                    "Merge", on_click=_submit, args=("merge", who, n), icon=":material/merge:"
                )
        elif action == "rename":
            with st.form("corr_rename_form", clear_on_submit=True, border=False):
                st.text_input(
                    "New name",
                    key="corr_rename_to",
                    placeholder=who,
                    help="The name of an existing actor merges the two.",
                )
                st.form_submit_button(
                    "Rename", on_click=_submit, args=("rename", who, n), icon=":material/edit:"
                )
        elif action == "split":
            spellings = [
                s for s in dict.fromkeys(detail["aliases"]["surface"].astype("str")) if s != who
            ]
            if not spellings:
                st.caption(f"{md(who)} is only ever written as its name: nothing to split off.")
            else:
                with st.form("corr_split_form", clear_on_submit=True, border=False):
                    st.selectbox(
                        "Mentions written as",
                        spellings,
                        key="corr_split_surface",
                        help="These mentions become a separate actor named as "
                        "written, e.g. a surname linked to the wrong person.",
                    )
                    st.form_submit_button(
                        "Split off",
                        on_click=_submit,
                        args=("split", who, n),
                        icon=":material/call_split:",
                    )
        elif action == "not_actor":
            with st.form("corr_not_actor_form", border=False):
                st.caption(
                    f"Leaves all {n:,} mention(s) of {md(who)} out of every page, "
                    "chart and export (the database keeps them; undo any time)."
                )
                st.form_submit_button(
                    "Mark as not an actor",
                    on_click=_submit,
                    args=("not_actor", who, n),
                    icon=":material/block:",
                )
        elif action == "type":
            current = detail["actor_type"]
            with st.form("corr_type_form", clear_on_submit=True, border=False):
                st.selectbox(
                    "Type",
                    list(ACTOR_TYPES),
                    key="corr_type_to",
                    index=ACTOR_TYPES.index(current) if current in ACTOR_TYPES else 0,
                )
                st.form_submit_button(
                    "Change type",
                    on_click=_submit,
                    args=("type", who, n),
                    icon=":material/category:",
                )


def corrections_list(ctx: components.Ctx) -> None:
    """The corrections in force, in the order they apply, each with an Undo button; and the
    lines of the file that were skipped, with why."""
    fixes, affected = ctx.loaded.corrections, ctx.loaded.affected
    label = f"Corrections in force ({len(fixes)})"
    if fixes.problems:
        label += f" · {len(fixes.problems)} line(s) skipped"
    with st.expander(label, icon=":material/history:", expanded=bool(fixes.problems)):
        st.caption(
            f"Stored in `{fixes.path or data.corrections_path()}`, one per line "
            "(action, actor, argument), applied in this order to every page and export "
            "and never written into the database. The file can be edited by hand."
        )
        for problem in fixes.problems:
            st.warning(md(problem), icon=":material/warning:")
        if not fixes:
            st.caption("No correction yet: use “Correct …” in the actor detail above.")
            return
        items = list(enumerate(fixes))
        if len(items) > MAX_LISTED:
            st.caption(f"The last {MAX_LISTED} of {len(items)} (edit the file for the others).")
            items = items[-MAX_LISTED:]
        for i, c in items:
            hits = affected[i] if i < len(affected) else 0
            effect = f"{hits:,} mention(s)" if hits else "no effect in this corpus"
            row = st.container(horizontal=True, vertical_alignment="center")
            row.markdown(f"{i + 1}\\. {md(c.describe())} — {effect} · line {c.line}")
            row.button(
                "Undo",
                key=f"corr_undo_{i}",
                on_click=_undo,
                args=(c,),
                icon=":material/undo:",
                type="tertiary",
            )
