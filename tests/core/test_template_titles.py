"""A page's title is text: the browser's tab and a screen reader's first words. A template
whose title block swallowed markup (a section pasted before every ``{% endblock %}``) shows
raw tags there and loses the section's place on the page."""

import re
from pathlib import Path

import accord

TEMPLATES = sorted(Path(accord.__file__).parent.glob("*/templates/**/*.html"))
TITLE = re.compile(r"\{% block title %\}(.*?)\{% endblock %\}", re.DOTALL)
BEFORE = re.compile(r"\{% block before_content %\}(.*?)\{% endblock %\}", re.DOTALL)


def test_every_title_block_is_text_on_one_line():
    wrong = [
        str(path.relative_to(Path(accord.__file__).parent))
        for path in TEMPLATES
        for title in TITLE.findall(path.read_text())
        if "<" in title or "\n" in title
    ]
    assert TEMPLATES
    assert wrong == []


def test_the_breadcrumbs_block_holds_no_heading():
    wrong = [
        str(path.relative_to(Path(accord.__file__).parent))
        for path in TEMPLATES
        for block in BEFORE.findall(path.read_text())
        if "<h1" in block or "<h2" in block
    ]
    assert wrong == []
