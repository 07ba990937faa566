"""Text a person can type: what forms and the API refuse alike (issue 13, defect 7).

No one types a control character (other than a tab or a line break) into a name or a
summary, PostgreSQL cannot store a NUL, and no database a lone surrogate: such text is
refused, naming the field, on the pages and in the API.
"""

import re

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]")
SURROGATES = re.compile("[\\ud800-\\udfff]")


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
