"""User text in Markdown is shown as typed."""

from sprint.ui.text import md


def test_markdown_specials_are_escaped():
    assert md("**Pilot** [x](http://evil) $12 to $3") == r"\*\*Pilot\*\* \[x\]\(http\://evil\) \$12 to \$3"
    assert md("<script>alert(1)</script>") == r"\<script\>alert\(1\)\</script\>"
    assert md("line\nbreak") == "line break"
