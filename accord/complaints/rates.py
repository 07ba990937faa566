"""Complaints relative to the size of what they are about (issue 19, "Monitoring"; the
Tenant Satisfaction Measures' "number of complaints relative to the size of the
landlord", commissioning-reference.md §6; CH01-style measures per 1,000 units):

- a Supporting People service or provider, and the whole programme: complaints per 100
  service users, counting as service users the contracted capacity of the services that
  run in the period (start date on or before its last day, no end date before its first,
  not merely planned) whose capacity is counted in units or places, one person each, and
  for a service counted in hours of support the number of service users recorded for the
  financial year with its source (``ServiceUsers``);
- the ALMO's landlord services: complaints per 1,000 homes, the homes being the figure
  the partnership records for the financial year with its source (``HomesManaged``).

Where the denominator is not held (a service counting hours of support with no number of
service users recorded; no service running; no homes figure) the rate is "not
available" with the reason, never a guess and never a division by zero. The capacity is
the service's as recorded now: its history of changes is not replayed.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accord.commissioning.models import CapacityUnit, ServiceStatus
from accord.core.money import financial_year_label, financial_year_of
from accord.partnerships.models import Partnership

from . import codes, selectors
from .analysis import Quarter, quarter_bounds

# The capacity units that count people (one unit or place, one service user at a time).
PEOPLE_UNITS = frozenset({CapacityUnit.UNITS, CapacityUnit.PLACES})
PER_SERVICE_USERS = 100
PER_HOMES = 1000
NOT_AVAILABLE = "not available"
# The complaints a rate per 100 service users counts: about the programme's providers and
# its services, and about the administering authority that runs the programme.
PROGRAMME_KINDS = (codes.PROVIDER, codes.AUTHORITY)


@dataclass(frozen=True)
class Rate:
    complaints: int
    base: int | None  # the service users or homes divided by; None when not held
    per: int  # 100 service users or 1,000 homes
    measure: str  # "service users" or "homes"
    missing: str = ""  # why the base is not held

    @property
    def value(self) -> Decimal | None:
        if not self.base:
            return None
        ratio = Decimal(self.complaints * self.per) / Decimal(self.base)
        return ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def available(self) -> bool:
        return self.value is not None

    @property
    def text(self) -> str:
        """As a page shows it: "0.85 per 100 service users", or "not available: why"."""
        if self.value is None:
            return f"{NOT_AVAILABLE}: {self.missing}" if self.missing else NOT_AVAILABLE
        return f"{self.value} per {self.per:,} {self.measure}"


@dataclass(frozen=True)
class ServiceSize:
    pk: int
    provider_id: int
    capacity: int
    unit: str
    start: datetime.date
    end: datetime.date | None
    status: str


@dataclass(frozen=True)
class Sizes:
    """What the rates divide by: the partnership's services and its homes figures, read
    once (two queries) and asked for any period."""

    services: list[ServiceSize]
    homes_by_year: dict[int, int]
    users_by_service_year: dict[tuple[int, int], int]

    def service_users(
        self, first: datetime.date, last: datetime.date, *, provider_id: int | None = None
    ) -> tuple[int | None, str]:
        live = [
            row
            for row in self.services
            if (provider_id is None or row.provider_id == provider_id)
            and row.status != ServiceStatus.PLANNED
            and row.start <= last
            and (row.end is None or row.end >= first)
        ]
        if not live:
            return None, "no commissioned service ran in the period"
        year = financial_year_of(last)
        people = 0
        unknown = 0
        for row in live:
            if row.unit in PEOPLE_UNITS:
                people += row.capacity
            elif (row.pk, year) in self.users_by_service_year:
                people += self.users_by_service_year[(row.pk, year)]
            else:
                unknown += 1
        if unknown:
            return None, (
                f"{unknown} of the {len(live)} services that ran count their capacity in "
                "hours of support, not service users, and have no number of service users "
                f"recorded for {financial_year_label(year)}"
            )
        return people, ""

    def homes(self, financial_year: int) -> tuple[int | None, str]:
        homes = self.homes_by_year.get(financial_year)
        if homes is None:
            return None, (
                "no figure of the homes the ALMO manages is recorded for "
                f"{financial_year_label(financial_year)}"
            )
        return homes, ""


def sizes(partnership: Partnership) -> Sizes:
    return Sizes(
        services=[ServiceSize(*row) for row in selectors.service_sizes(partnership)],
        homes_by_year={
            row.financial_year: row.homes for row in selectors.homes_managed(partnership)
        },
        users_by_service_year={
            (row.service_id, row.financial_year): row.people
            for row in selectors.service_users(partnership)
        },
    )


def service_user_rate(
    known: Sizes,
    complaints: int,
    first: datetime.date,
    last: datetime.date,
    *,
    provider_id: int | None = None,
) -> Rate:
    base, missing = known.service_users(first, last, provider_id=provider_id)
    return Rate(complaints, base, PER_SERVICE_USERS, "service users", missing)


def homes_rate(known: Sizes, complaints: int, financial_year: int) -> Rate:
    base, missing = known.homes(financial_year)
    return Rate(complaints, base, PER_HOMES, "homes", missing)


def programme_complaints(received_about: dict[str, int]) -> int:
    return sum(received_about.get(kind, 0) for kind in PROGRAMME_KINDS)


@dataclass(frozen=True)
class QuarterRates:
    quarter: str
    service_users: Rate  # complaints about the programme (or the provider) per 100
    homes: Rate | None  # the ALMO's landlord services per 1,000 homes; None per provider


def quarter_rates(
    known: Sizes, quarters: Iterable[Quarter], *, provider_id: int | None = None
) -> list[QuarterRates]:
    """Each quarter's rates: a provider's complaints per 100 of its service users, or the
    programme's per 100 of all, with the ALMO's per 1,000 homes (the homes of the quarter's
    financial year)."""
    found = []
    for quarter in quarters:
        first, last = quarter_bounds(quarter.name)
        complaints = (
            quarter.received
            if provider_id is not None
            else programme_complaints(quarter.received_about)
        )
        found.append(
            QuarterRates(
                quarter.name,
                service_user_rate(known, complaints, first, last, provider_id=provider_id),
                None
                if provider_id is not None
                else homes_rate(
                    known, quarter.received_about.get(codes.ALMO, 0), financial_year_of(first)
                ),
            )
        )
    return found
