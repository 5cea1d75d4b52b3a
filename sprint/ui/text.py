"""User text inside Markdown: shown exactly as typed, never interpreted (no bold, links or LaTeX)."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def md(text: object) -> str:
    """Escape every character Markdown (and Streamlit's LaTeX and emoji shortcodes) would act on."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text)).replace("\n", " ")
