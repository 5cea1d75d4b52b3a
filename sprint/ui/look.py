"""The product's look beyond the theme (.streamlit/config.toml): what a projector and a phone need.

Static CSS only: no user text is ever put into it.
"""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
/* No empty band on top of every screen: Streamlit's default leaves ~6rem above the title. */
[data-testid="stMainBlockContainer"] { padding-top: 2.75rem; padding-bottom: 2rem; }
/* Tables people read from the back of a room or on a phone: large, wrapped, never cut. */
[data-testid="stTable"] table { font-size: 1.05rem; }
[data-testid="stTable"] th, [data-testid="stTable"] td { white-space: normal; overflow-wrap: anywhere; }
/* Monthly entry: the number fields are typed into, not stepped (the +/- buttons cost a phone its width). */
.st-key-entry_fields [data-testid="stNumberInputStepDown"],
.st-key-entry_fields [data-testid="stNumberInputStepUp"],
.st-key-room_fields [data-testid="stNumberInputStepDown"],
.st-key-room_fields [data-testid="stNumberInputStepUp"] { display: none; }
/* Captions at full strength: Streamlit fades them to 4.3:1 on white; text must read at 4.5:1 or more (7.4:1 here,
   and over 5:1 on the pale fills of the workflow cards). */
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #4a5568; }
/* Metric labels wrap instead of ending in "..." (e.g. "Past day 90, still a pilot"). */
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal; overflow: visible; }
/* The upload box's own "Limit 40MB per file" line: the label says the real limit (sprint.filecheck), and the
   widget takes twice that only so a file a little too large is refused in words rather than a red mark. */
[data-testid="stFileUploaderDropzoneInstructions"] small { display: none; }
/* Scripts that only set a cookie take no room. */
.st-key-cookie_jar { display: none; }
/* A phone: tighter margins and titles that leave room for the form. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.25rem; padding-left: 1rem; padding-right: 1rem; }
  h1 { font-size: 1.3rem !important; line-height: 1.25 !important; padding-bottom: 0.1rem !important; }
  h4 { font-size: 1.1rem !important; padding: 0.25rem 0 !important; }
  [data-testid="stButtonGroup"] button { padding-left: 0.45rem; padding-right: 0.45rem; }
  [data-testid="stButtonGroup"] button p { font-size: 0.8rem; }
  .st-key-page_intro, .st-key-initiative_details { display: none; }
}
</style>
"""

_PRESENTER_CSS = """
<style>
/* Presenter: the whole width, type for the back of the room, no sidebar chrome. */
[data-testid="stMainBlockContainer"] { padding-top: 1.25rem; padding-left: 2rem; padding-right: 2rem; max-width: 100%; }
[data-testid="stHeader"] { display: none; }
[data-testid="stTable"] table { font-size: 1.25rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.25rem; }
[data-testid="stCaptionContainer"] p { font-size: 1.05rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.8rem !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: 1.2rem; }
h1 { font-size: 2.4rem !important; padding: 0 !important; }
/* The QR code: at least a quarter of the screen's height whatever the projector (28vh: 202 px at 720, 302 at
   1080), so phones scan it from the back rows. */
.st-key-join_qr img { width: 28vh !important; height: 28vh !important; max-width: 100%; image-rendering: pixelated; }
/* The room's Overview table: one line per cell where it can, so a six-pilot sprint fits one screen. */
.st-key-room_table [data-testid="stTable"] table { font-size: 1.15rem; }
.st-key-room_table [data-testid="stTable"] td, .st-key-room_table [data-testid="stTable"] th {
  padding: 0.3rem 0.5rem; line-height: 1.25; }
.st-key-room_figures p { font-size: 1.45rem !important; }
</style>
"""


def apply(presenting: bool = False) -> None:
    st.html(_CSS + (_PRESENTER_CSS if presenting else ""))
