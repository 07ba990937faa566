"""The indicators as data, and the judgements made of their values. Plain Python.

Each indicator is a versioned definition (name, numerator, denominator, the services it
applies to, polarity, default target, RAG band, source). A value is an exact fraction (a
denominator of 0 gives ``None``, "not applicable", never a division by zero); it is judged
on the exact fraction, never on the rounded percentage, against the target (RAG) and
against the values of every service of the same type that quarter (quartiles). Sources:
``../shared/reference.md`` §2 and ``commissioning-reference.md`` §4 and §9.
"""

import datetime
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Polarity = Literal["higher", "lower"]
Applies = Literal["units", "all", "long", "short"]

# What a value's quartile is said to be; ``too_few`` under MINIMUM_GROUP comparable values.
TOP, UPPER_MIDDLE, LOWER_MIDDLE, BOTTOM, TOO_FEW = (
    "top",
    "upper_middle",
    "lower_middle",
    "bottom",
    "too_few",
)
MINIMUM_GROUP = 4
QUARTILE_METHOD = (
    'Python\'s statistics.quantiles(values, n=4, method="inclusive") over the exact values '
    "(the same cut points as Excel's QUARTILE.INC and R's default)"
)
GREEN, AMBER, RED = "green", "amber", "red"
HUNDRED = Fraction(100)


@dataclass(frozen=True)
class Indicator:
    """One version of an indicator's definition. ``numerator`` and ``denominator`` name the
    return's columns; ``applies_to`` says which services report it: ``units`` those with
    units (not support-only), ``long`` long-term, ``short`` short-term, ``all`` every one."""

    code: str
    label: str
    name: str
    numerator: str
    denominator: str
    numerator_means: str
    denominator_means: str
    applies_to: Applies
    polarity: Polarity
    target: Fraction  # a fraction of 1: 9/10 is 90%
    amber_band: Fraction  # how far below the target (above, for lower-is-better) is amber
    source: str
    version: int
    effective_from: datetime.date

    def applies(self, *, support_only: bool, term: str) -> bool:
        if self.applies_to == "units":
            return not support_only
        if self.applies_to in ("long", "short"):
            return term == self.applies_to
        return True


FIRST_RETURNS = datetime.date(2004, 4, 1)  # quarterly PI workbooks since April 2004 (§2)
FIVE_POINTS = Fraction(5, 100)
PAPER_2009 = "Commissioning Body paper of 22 June 2009: the targets"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="spi1",
        label="SPI 1",
        name="Availability",
        numerator="unit_days_available",
        denominator="unit_days_contracted",
        numerator_means="Unit days available (occupied, or vacant and available for letting)",
        denominator_means="Unit days contracted",
        applies_to="units",
        polarity="higher",
        target=Fraction(90, 100),
        amber_band=FIVE_POINTS,
        source="Barnet's national performance indicator definitions (SPI 1; there is no "
        f"SPI 1 for support-only services); {PAPER_2009}",
        version=1,
        effective_from=FIRST_RETURNS,
    ),
    Indicator(
        code="spi2",
        label="SPI 2",
        name="Utilisation",
        numerator="support_days_used",
        denominator="support_days_contracted",
        numerator_means="Days of support used",
        denominator_means="Days of support contracted",
        applies_to="all",
        polarity="higher",
        target=Fraction(90, 100),
        amber_band=FIVE_POINTS,
        source=f"Barnet's definitions and the 2009 paper (SPI 2: occupancy levels); {PAPER_2009}",
        version=1,
        effective_from=FIRST_RETURNS,
    ),
    Indicator(
        code="kpi1",
        label="KPI 1",
        name="Service users supported to establish and maintain independent living",
        numerator="kpi1_numerator",
        denominator="kpi1_denominator",
        numerator_means="Service users who established or are maintaining independent living",
        denominator_means="All service users in the quarter",
        applies_to="long",
        polarity="higher",
        target=Fraction(90, 100),
        amber_band=FIVE_POINTS,
        source=f"NIHE's KPI labels; Barnet's KPI definitions; {PAPER_2009}",
        version=1,
        effective_from=FIRST_RETURNS,
    ),
    Indicator(
        code="kpi2",
        label="KPI 2",
        name="Service users who have moved on in a planned way from temporary living arrangements",
        numerator="kpi2_numerator",
        denominator="kpi2_denominator",
        numerator_means="Service users who moved on in a planned way",
        denominator_means="Service users who left the service (the exact denominator and "
        "exclusions were not found: as the provider reports it)",
        applies_to="short",
        polarity="higher",
        target=Fraction(75, 100),
        amber_band=FIVE_POINTS,
        source=f"NIHE's KPI labels; {PAPER_2009}",
        version=1,
        effective_from=FIRST_RETURNS,
    ),
)
CODES = tuple(indicator.code for indicator in INDICATORS)


def indicator(code: str, *, on: datetime.date | None = None) -> Indicator:
    """The definition of the indicator in force on the day (the latest, without one)."""
    versions = [
        one for one in INDICATORS if one.code == code and (on is None or one.effective_from <= on)
    ]
    if not versions:
        raise KeyError(code)
    return max(versions, key=lambda one: one.version)


def value_of(figures: Mapping[str, int | None], definition: Indicator) -> Fraction | None:
    """The exact value, or None where not applicable (a blank or a 0 denominator)."""
    numerator = figures.get(definition.numerator)
    denominator = figures.get(definition.denominator)
    if numerator is None or not denominator:
        return None
    return Fraction(numerator, denominator)


def percentage(value: Fraction | None) -> str | None:
    """A fraction of 1 as a percentage with two decimals, rounded half up: 187/200 "93.50"."""
    if value is None:
        return None
    hundredths = value * HUNDRED * HUNDRED
    if hundredths < 0:
        raise ValueError("a value is never negative")
    rounded = int(hundredths + Fraction(1, 2))  # floor of a non-negative value
    return f"{rounded // 100}.{rounded % 100:02d}"


def rag(
    value: Fraction | None, *, target: Fraction, band: Fraction, polarity: Polarity = "higher"
) -> str | None:
    """Green at or beyond the target; amber within the band short of it (its edge
    included); red further short. Judged on the exact value."""
    if value is None:
        return None
    short_by = target - value if polarity == "higher" else value - target
    if short_by <= 0:
        return GREEN
    if short_by <= band:
        return AMBER
    return RED


def quartile(
    value: Fraction | None, values: Sequence[Fraction], *, polarity: Polarity = "higher"
) -> str | None:
    """The value's place among ``values`` (the comparison group, itself included):
    ``top`` at or beyond the upper quartile, ``upper_middle`` at or beyond the median,
    ``lower_middle`` at or beyond the lower quartile, else ``bottom``; for an indicator
    where lower is better "beyond" is below. ``too_few`` under four values."""
    if value is None:
        return None
    if len(values) < MINIMUM_GROUP:
        return TOO_FEW
    lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
    if polarity == "higher":
        cuts = ((upper, TOP), (median, UPPER_MIDDLE), (lower, LOWER_MIDDLE))
        return next((name for cut, name in cuts if value >= cut), BOTTOM)
    cuts = ((lower, TOP), (median, UPPER_MIDDLE), (upper, LOWER_MIDDLE))
    return next((name for cut, name in cuts if value <= cut), BOTTOM)


def direction(
    earlier: Fraction | None, later: Fraction | None, *, polarity: Polarity = "higher"
) -> str | None:
    """Direction of travel between two quarters, by polarity: improving, worsening, no
    change; None where either is not applicable."""
    if earlier is None or later is None:
        return None
    if earlier == later:
        return "no change"
    better = later > earlier if polarity == "higher" else later < earlier
    return "improving" if better else "worsening"
