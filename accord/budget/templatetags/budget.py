"""Money on the pooled budget's pages: pounds and pence as people read them."""

from decimal import Decimal

from django import template

from accord.budget.share import plain
from accord.core.money import pounds as pounds_text

register = template.Library()


@register.filter
def pounds(value: Decimal | int | str | None) -> str:
    """29200000 -> "£29,200,000.00"; nothing -> "\u2013"."""
    return "\u2013" if value is None or value == "" else pounds_text(value)


@register.filter
def percent(value: Decimal | None) -> str:
    """A share in per cent without trailing zeros: 12.5000 -> "12.5%"."""
    if value is None:
        return "\u2013"
    return f"{plain(Decimal(value))}%"


@register.filter
def negate(value: Decimal) -> Decimal:
    return -value


@register.filter
def contribution_percent(figures: object, contribution: object) -> Decimal:
    """A contribution's share of all the contributions, in per cent to two places."""
    return figures.contribution_percent(contribution)  # type: ignore[attr-defined]
