"""What a return's figures must be for its service, decided once for the import, the
pages and the API: whole numbers, 0 or more; a numerator never over its denominator;
``unit_days_*`` blank for a support-only service, ``kpi1_*`` blank for a short-term one,
``kpi2_*`` blank for a long-term one (docs/performance.md)."""

import re
from collections.abc import Mapping

from accord.commissioning.models import Service

from .indicators import INDICATORS
from .models import FIGURE_MAX, FIGURES

WHOLE = re.compile(r"[0-9]+")
# A date as a workbook's date cell is read (2009-10-01), or typed in a CSV.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9:.]+)?")
NOT_APPLICABLE = "n/a"
Figures = dict[str, int | None]
Problem = tuple[str, str]  # (column, what is wrong)


def blank_columns(service: Service) -> dict[str, str]:
    """The columns that must stay blank for the service, each with the reason."""
    blank = {}
    for indicator in INDICATORS:
        if indicator.version != 1:
            continue
        if not indicator.applies(support_only=service.support_only, term=service.term):
            reason = {
                "units": "a support-only service has no unit days",
                "long": "KPI 1 is for long-term services; this one is short-term",
                "short": "KPI 2 is for short-term services; this one is long-term",
            }[indicator.applies_to]
            blank[indicator.numerator] = blank[indicator.denominator] = reason
    return blank


def figure_problems(service: Service, figures: Mapping[str, int | None]) -> list[Problem]:
    """What is wrong with figures already read as numbers (or None for blank)."""
    blank = blank_columns(service)
    problems: list[Problem] = []
    for column in FIGURES:
        value = figures.get(column)
        if column in blank:
            if value is not None:
                problems.append((column, f"must be blank: {blank[column]}"))
        elif value is None:
            problems.append((column, "enter a whole number, 0 or more"))
        elif value < 0:
            problems.append((column, "must be 0 or more"))
        elif value > FIGURE_MAX:
            problems.append((column, f"must be {FIGURE_MAX:,} or fewer"))
    return problems or numerator_problems(figures)


def numerator_problems(figures: Mapping[str, int | None]) -> list[Problem]:
    problems = []
    for indicator in INDICATORS:
        numerator = figures.get(indicator.numerator)
        denominator = figures.get(indicator.denominator)
        if numerator is not None and denominator is not None and numerator > denominator:
            problems.append(
                (
                    indicator.numerator,
                    f"{numerator} is more than {indicator.denominator} ({denominator})",
                )
            )
    return problems


def read_figures(service: Service, cells: Mapping[str, str]) -> tuple[Figures, list[Problem]]:
    """A CSV row's figures for the service, and what is wrong with them. A blank column
    may be empty or ``n/a``; a column to fill takes digits only (no sign, point or comma)."""
    blank = blank_columns(service)
    figures: Figures = {}
    problems: list[Problem] = []
    for column in FIGURES:
        text = cells.get(column, "").strip()
        if column in blank:
            figures[column] = None
            if text and text.lower() != NOT_APPLICABLE:
                problems.append((column, f"must be blank or n/a: {blank[column]}"))
            continue
        figures[column] = None
        if not text or text.lower() == NOT_APPLICABLE:
            problems.append((column, "enter a whole number, 0 or more"))
        elif problem := number_problem(text):
            problems.append((column, problem))
        else:
            figures[column] = int(text)
    return figures, problems + numerator_problems(figures)


def number_problem(text: str) -> str | None:
    """What is wrong with a figure as typed (not blank), or None for a whole number."""
    if DATE.fullmatch(text):
        return f"{text} is a date: enter a whole number"
    if text.startswith("-") and WHOLE.fullmatch(text[1:]):
        return f"{text} is negative: enter 0 or more"
    if not WHOLE.fullmatch(text):
        return f"{text!r} is not a whole number"
    if int(text) > FIGURE_MAX:
        return f"{text} is more than {FIGURE_MAX:,}"
    return None
