"""A variation's or termination's changes in words, as its page, the transparency
register and the notices read them ("End date: 31 March 2009 to 31 March 2011")."""

import datetime
from typing import Any

from accord.core.money import financial_year_label, pounds


def _date(value: str | None) -> str:
    return "none" if value is None else f"{datetime.date.fromisoformat(value):%-d %B %Y}"


def _money(value: str | None) -> str:
    return "none" if value is None else pounds(value)


def change_lines(changes: dict[str, Any]) -> list[str]:
    """Each change of a variation (``ContractVariation.changes``), before and after."""
    lines = []
    if "end_date" in changes:
        before, after = changes["end_date"]
        lines.append(f"End date: {_date(before)} to {_date(after)}")
    for year, (before, after) in (changes.get("values") or {}).items():
        label = financial_year_label(int(year))
        lines.append(f"Value for {label}: {_money(before)} to {_money(after)}")
    if "services" in changes:
        before, after = changes["services"]
        lines.append(f"Services: {', '.join(before) or 'none'} to {', '.join(after) or 'none'}")
    for reference, (before, after) in (changes.get("capacity") or {}).items():
        lines.append(f"Capacity of {reference}: {before} to {after}")
    return lines


def termination_lines(changes: dict[str, Any]) -> list[str]:
    """What a termination took off or replaced (``ContractTermination.changes``)."""
    lines = []
    for year, amount in (changes.get("values_removed") or {}).items():
        lines.append(f"Value for {financial_year_label(int(year))} taken off: {pounds(amount)}")
    for year, (before, after) in (changes.get("final_year_value") or {}).items():
        label = financial_year_label(int(year))
        lines.append(f"Value for {label}: {_money(before)} to {_money(after)}")
    return lines
