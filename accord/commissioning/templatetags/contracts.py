"""Money on the contracts' pages: ``{{ amount|pounds }}`` reads "£29,200,000.00"."""

from decimal import Decimal

from django import template

from accord.commissioning import variation_text
from accord.core import money

register = template.Library()


@register.filter
def pounds(value: Decimal | int | str | None) -> str:
    return "\u2013" if value is None or value == "" else money.pounds(value)


@register.filter
def financial_year(value: int) -> str:
    return money.financial_year_label(value)


@register.filter
def get_item(values: dict[str, object], key: str) -> object:
    return values.get(key)


@register.filter
def variation_lines(changes: dict[str, object]) -> list[str]:
    """A variation's changes in words, before and after (issue 16 item 6)."""
    return variation_text.change_lines(changes)


@register.filter
def termination_lines(changes: dict[str, object]) -> list[str]:
    return variation_text.termination_lines(changes)
