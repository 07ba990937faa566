"""The illustrative mark on pages and PDFs: ``{% illustrative row "field" %}`` shows a tag
beside a value the source documents do not give (``accord.core.models.Illustrative``), and
``{% illustrative_note %}``, placed after them, explains the tag once where one was shown.

    {% load illustrative %}
    {{ meeting.place }} {% illustrative meeting "place" %}
    ...
    {% illustrative_note %}
"""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accord.core.models import ILLUSTRATIVE_NOTE

register = template.Library()

SHOWN = "accord_illustrative_shown"


@register.simple_tag(takes_context=True)
def illustrative(context: template.Context, row: Any, field: str = "") -> SafeString:
    """The tag when the row's field (any field, when none is named) is illustrative."""
    marked = getattr(row, "is_illustrative", None)
    if marked is None or not marked(field):
        return SafeString("")
    context.render_context[SHOWN] = True
    request = context.get("request")
    if request is not None:
        setattr(request, SHOWN, True)
    return format_html(
        '<strong class="govuk-tag govuk-tag--grey accord-illustrative">Illustrative'
        '<span class="govuk-visually-hidden">: {}</span></strong>',
        ILLUSTRATIVE_NOTE.split(": ", 1)[1],
    )


@register.simple_tag(takes_context=True)
def illustrative_note(context: template.Context) -> SafeString:
    """An inset saying what the tag means, once, if the page showed it."""
    request = context.get("request")
    shown = context.render_context.get(SHOWN) or getattr(request, SHOWN, False)
    if not shown:
        return SafeString("")
    return format_html(
        '<div class="govuk-inset-text accord-illustrative-note"><p class="govuk-body">'
        "<strong>{}.</strong> Values marked Illustrative were added to make this record "
        "whole; the source documents do not give them.</p></div>",
        ILLUSTRATIVE_NOTE,
    )
