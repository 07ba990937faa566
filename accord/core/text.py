"""Text a person can type: what forms and the API refuse alike (issue 13, defect 7).

No one types a control character (other than a tab or a line break) into a name or a
summary, PostgreSQL cannot store a NUL, and no database a lone surrogate: such text is
refused, naming the field, on the pages and in the API.

Every text has a maximum length, one of the few below, which the model field
(``accord.core.models.BoundedTextField`` where Django's TextField would not keep it), the
page's form field and the API schema (``accord.core.schemas.Text``) all take from here, so a
page and the API refuse the same text. Each is far above what the partnerships write (the
longest summary in the demo's history is about 400 characters) and far below what would
slow a page or fill a database.
"""

import re

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]")
SURROGATES = re.compile("[\\ud800-\\udfff]")

# The maximum length, in characters, of each kind of text.
SHORT = 40  # a code a program sends, such as a vote's unit ("partner-4")
NAME = 200  # a name: a partner, a body, a person, a seat, a meeting's title, a clerk's contact
TITLE = 300  # a title: a proposal, an agenda item, a paper, a question; a place
REASON = 2_000  # a reason shown with a record: why a meeting is cancelled, an item withdrawn
NOTE = 5_000  # a paragraph: a body's purpose, a partner's reasons, an interest, a step's note
LONG_TEXT = 20_000  # prose: a proposal's or an item's summary, an item's minutes, a resolution


def text_problem(value: str) -> str | None:
    """What is wrong with the text, in words for the person who typed it, or None."""
    if "\x00" in value:
        return "Must not contain a NUL character"
    if CONTROL_CHARACTERS.search(value):
        return "Must not contain control characters (only text, tabs and line breaks)"
    if SURROGATES.search(value):
        return "Must be text: it contains a lone surrogate (half of a character)"
    return None


def validate_typed_text(value: object) -> None:
    """A form field's validator: refuses what ``text_problem`` names."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise ValidationError(problem, code="control_characters")
