"""User text in Markdown is shown as typed."""

from sprint.ui.text import md


def test_markdown_specials_are_escaped():
    assert md("**Pilot** [x](http://evil) $12 to $3") == r"\*\*Pilot\*\* \[x\]\(http\://evil\) \$12 to \$3"
    assert md("<script>alert(1)</script>") == r"\<script\>alert\(1\)\</script\>"
    assert md("line\nbreak") == "line break"


def _luminance(colour: str) -> float:
    named = {"white": "#ffffff"}
    hex_colour = named.get(colour, colour).lstrip("#")
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_status_word_reads_on_its_colour_from_the_back_row():
    """#31: 'at risk' was white on amber at 2.45:1. Each status cell's text and background reach 4.5:1 (WCAG AA)."""
    import re

    from sprint.ui.widgets import STATUS_CELL_COLOURS, status_cell_style

    for word in STATUS_CELL_COLOURS:
        css = dict(part.split(": ") for part in status_cell_style(word).split("; "))
        light, dark = sorted((_luminance(css["background-color"]), _luminance(css["color"])), reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        assert ratio >= 4.5, f"'{word}': {ratio:.2f}:1"
    assert re.search(r"color: #14213d", status_cell_style("at risk"))
