"""The contracts register of the Local Government Transparency Code 2015, made from the
contract records (not typed twice: commissioning-reference.md §1d and item 5 of its
"what a system better than all procurement anchors needs").

The Code asks councils in England to publish, quarterly, every contract "with a value that
exceeds £5,000", and lists what to publish for each (Part 2, "Procurement information"):
reference number; title of agreement; local authority department responsible; description
of the goods and/or services being provided; supplier name and details; sum to be paid over
the length of the contract or the estimated annual spending or budget for the contract;
Value Added Tax that cannot be recovered; start, end and review dates; whether or not the
contract was the result of an invitation to quote or a published invitation to tender; and
whether or not the supplier is a small or medium sized enterprise and/or a voluntary or
community sector organisation and, where it is, the relevant registration number. The
column headings below are the Code's own words for its fields, split where one field holds
two values (the supplier's name and details; the sum over the length and the annual
spending; the three dates). The Code gives no machine names; the API's are ours.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accord.core.money import ZERO

from .models import (
    Contract,
    ContractStatus,
    ProcurementRoute,
    ProviderKind,
    TerminationReason,
)


@dataclass(frozen=True)
class Column:
    key: str  # the API's name
    heading: str  # the Code's words: the CSV's heading and the page's


COLUMNS = (
    Column("reference", "Reference number"),
    Column("title", "Title of agreement"),
    Column("department", "Local authority department responsible"),
    Column("description", "Description of the goods and/or services being provided"),
    Column("supplier_name", "Supplier name"),
    Column("supplier_details", "Supplier details"),
    Column("total_value", "Sum to be paid over the length of the contract"),
    Column("annual_value", "Estimated annual spending"),
    Column("irrecoverable_vat", "Value Added Tax that cannot be recovered"),
    Column("start_date", "Start date"),
    Column("end_date", "End date"),
    Column("review_date", "Review date"),
    Column("invitation", "Invitation to quote or published invitation to tender"),
    Column("sme", "Small or medium sized enterprise"),
    Column("vcse", "Voluntary or community sector organisation"),
    Column("registration_number", "Registration number"),
    # Ours, not the Code's (issue 16 items 6 and 7): the end date and sums above are the
    # contract's current ones, after its variations; this says that they were varied.
    Column("changes", "Variations and early termination (not a field of the Code)"),
)

# How each route reads in the Code's terms: a published invitation to tender, an
# invitation to quote, or neither (a grant, a spot purchase, an extension let directly).
INVITATION = {
    ProcurementRoute.TENDER: "Published invitation to tender",
    ProcurementRoute.QUOTE: "Invitation to quote",
    ProcurementRoute.DIRECT: "Neither: let without a tender or quotes",
}

# The provider kinds the Code's "voluntary or community sector organisation" covers.
VCSE_KINDS = frozenset({ProviderKind.VOLUNTARY})


def yes_no(value: bool | None) -> str:
    return "Not known" if value is None else ("Yes" if value else "No")


def annual_value(total: Decimal, years: int) -> Decimal:
    """The estimated annual spending: the value over the contract's length divided by the
    financial years it has a value for, to the penny (half up)."""
    if not years:
        return ZERO
    return (total / years).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def description(contract: Contract) -> str:
    """What the contract buys, from its form and the services it covers (prefetched)."""
    covered = sorted(contract.services.all(), key=lambda service: service.reference)
    services = "; ".join(f"{service.reference} {service.name}" for service in covered)
    kind = contract.get_form_display()
    if not services:
        return f"{kind}: housing-related support"
    return f"{kind}: housing-related support ({services})"


@dataclass(frozen=True)
class Line:
    """One contract as the register publishes it, with the contract's illustrative mark
    carried over to the columns made from illustrative values."""

    contract: Contract
    values: dict[str, object]
    illustrative: tuple[str, ...]

    def is_illustrative(self, field: str = "") -> bool:
        return bool(self.illustrative) if not field else field in self.illustrative

    def money(self, key: str) -> Decimal:
        value = self.values[key]
        return value if isinstance(value, Decimal) else ZERO


# The contract's and provider's fields behind each column (for the illustrative mark).
SOURCES = {
    "reference": ("reference",),
    "title": ("title",),
    "department": ("department",),
    "start_date": ("start_date",),
    "end_date": ("end_date",),
    "review_date": ("review_date",),
    "irrecoverable_vat": ("irrecoverable_vat",),
    "invitation": ("route",),
    "description": ("form",),
    "total_value": ("values",),
    "annual_value": ("values",),
}
PROVIDER_SOURCES = {
    "supplier_name": ("name",),
    "supplier_details": ("address_line_1", "town", "postcode"),
    "sme": ("is_sme",),
    "registration_number": ("company_number", "charity_number"),
}


def line(contract: Contract) -> Line:
    """The register's line for a contract from ``transparency_register`` (its totals
    annotated, its provider and services fetched)."""
    provider = contract.provider
    total = getattr(contract, "total", ZERO)
    details = ", ".join(
        part for part in (provider.address_line_1, provider.address_line_2, provider.town) if part
    )
    values: dict[str, object] = {
        "reference": contract.reference,
        "title": contract.title,
        "department": contract.department,
        "description": description(contract),
        "supplier_name": provider.name,
        "supplier_details": f"{details} {provider.postcode}".strip(),
        "total_value": total,
        "annual_value": annual_value(total, getattr(contract, "years", 0)),
        "irrecoverable_vat": contract.irrecoverable_vat,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "review_date": contract.review_date,
        "invitation": INVITATION[ProcurementRoute(contract.route)],
        "sme": yes_no(provider.is_sme),
        "vcse": yes_no(provider.kind in VCSE_KINDS),
        "registration_number": provider.org_id,
        "changes": changes(contract),
    }
    marked = set(contract.illustrative or [])
    marked_provider = set(provider.illustrative or [])
    # The sums are illustrative when one of the annual values behind them is (each value
    # carries its own mark; ``with_totals`` counts them).
    if getattr(contract, "illustrative_values", 0):
        marked |= {"values"}
    illustrative = tuple(
        column.key
        for column in COLUMNS
        if marked & set(SOURCES.get(column.key, ()))
        or marked_provider & set(PROVIDER_SOURCES.get(column.key, ()))
    )
    return Line(contract=contract, values=values, illustrative=illustrative)


def changes(contract: Contract) -> str:
    """Its variations and early termination in words ("" when none), from
    ``transparency_register``'s annotations (``variation_count``, ``last_varied_on``,
    ``terminated_on``, ``termination_reason``)."""
    parts = []
    count = getattr(contract, "variation_count", 0) or 0
    last = getattr(contract, "last_varied_on", None)
    if count:
        times = "once" if count == 1 else f"{count} times"
        parts.append(f"Varied {times}, the latest from {last:%-d %B %Y}")
    ended = getattr(contract, "terminated_on", None)
    if contract.status == ContractStatus.TERMINATED and ended is not None:
        why = str(TerminationReason(getattr(contract, "termination_reason", "other")).label)
        parts.append(f"Terminated early on {ended:%-d %B %Y} ({why[0].lower()}{why[1:]})")
    return "; ".join(parts)


def csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)
