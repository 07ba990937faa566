"""Procurements as the Open Contracting Data Standard 1.1.5 publishes them.

Each published change of a procurement is a release (``releases.py`` stores them, never
changed): the tendering strategy approved (``planning``), the tender opened (``tender``),
the award notice (``award``), the contract signed (``contract``), then variations
(``contractAmendment``) and a termination (``contractTermination``). One ``ocid`` per
procurement: the configured prefix (``ACCORD_OCID_PREFIX``) and our own id.

This module builds the releases' JSON from the rows, the release and record packages (each
record compiled by ``ocdsmerge`` from the schema shipped in ``standards/ocds``, nothing
fetched), and the coherence checks run on every export. Bids' prices and the panel's
scores are never published: the award says who won and at what value, the tender who bid.

Amounts are numbers, as the standard says: exact, since every amount of ours is pounds and
pence of at most 14 digits, which a JSON number (a double) writes back digit for digit
(``amount`` checks it).
"""

import datetime
import functools
import json
import zoneinfo
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accord.partnerships.exports import ExportRefused
from accord.partnerships.models import Partnership

from .models import Bid, Procedure, Procurement, criteria_outline

# The release schema, copied unchanged from the standard (tag 1__1__5; checksum beside it,
# tests/procurement/test_ocds.py compares it with tests/standards/ocds).
RELEASE_SCHEMA = Path(__file__).resolve().parent / "standards" / "ocds" / "release-schema.json"
VERSION = "1.1"  # the package's version field: 1.1.x
LONDON = zoneinfo.ZoneInfo("Europe/London")

# Our procedures in the standard's closed ``method`` codelist (method.csv): open is open;
# the restricted and competitive flexible procedures invite only those selected.
METHOD = {
    Procedure.OPEN: "open",
    Procedure.RESTRICTED: "selective",
    Procedure.COMPETITIVE_FLEXIBLE: "selective",
}
STANDSTILL = "standstill"  # the id of the standstill milestone (1.1.5 has no field for it)


# ---------------------------------------------------------------- values


def amount(value: Decimal) -> int | float:
    """An exact amount of pounds as a JSON number: whole pounds as an integer, pence as the
    float that writes back the same digits (refused when it would not: never rounded)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if Decimal(repr(number)) != value:
        raise ValueError(f"{value} cannot be written exactly as a JSON number")
    return number


def money(value: Decimal) -> dict[str, Any]:
    return {"amount": amount(value), "currency": "GBP"}


def stamp(moment: datetime.datetime) -> str:
    """A date-time as OCDS writes it: in UTC, with its zone (so dates sort as text, as
    ``ocdsmerge`` sorts them)."""
    if moment.tzinfo is None:
        raise ValueError("an OCDS date needs its time zone")
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def day_start(day: datetime.date) -> datetime.datetime:
    """The start of a day in England, for an event we know only by its date."""
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=LONDON)


def day_end(day: datetime.date) -> datetime.datetime:
    """The end of a day in England (a period's last day runs to its end)."""
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=LONDON)


def parse(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


# ---------------------------------------------------------------- identifiers


def ocid_for(procurement: Procurement) -> str:
    """A new ocid: the registered prefix, the partnership and the procurement's id. A
    procurement keeps the ocid of its first release (``releases.ocid_of``)."""
    prefix = settings.ACCORD_OCID_PREFIX
    return f"{prefix}-{procurement.partnership.slug}-{procurement.pk}"


def buyer(partnership: Partnership) -> dict[str, Any]:
    """The partnership, which buys through its administering authority (the authority is
    named on each year's pooled budget, an app above this one: not published here)."""
    return {"id": f"accord-partnership-{partnership.slug}", "name": partnership.name}


def organisation(bid: Bid) -> dict[str, Any]:
    """A bidder: its org-id.guide identifier where it has a registered number."""
    provider = bid.provider
    org_id = provider.org_id
    party: dict[str, Any] = {
        "id": org_id or f"accord-provider-{provider.uuid}",
        "name": provider.name,
        "address": {
            "streetAddress": ", ".join(
                line for line in (provider.address_line_1, provider.address_line_2) if line
            ),
            "locality": provider.town,
            "postalCode": provider.postcode,
            "countryName": "United Kingdom",
        },
    }
    if org_id:
        scheme, _, number = org_id.rpartition("-")
        party["identifier"] = {"scheme": scheme, "id": number, "legalName": provider.name}
    return party


def reference(party: dict[str, Any]) -> dict[str, str]:
    """An organisation reference (the standard's ``OrganizationReference``)."""
    return {"id": party["id"], "name": party["name"]}


def public_url(name: str, *args: object) -> str:
    return settings.ACCORD_SITE_URL + reverse(name, args=list(args))


# ---------------------------------------------------------------- the releases


def release(
    procurement: Procurement,
    *,
    ocid: str,
    release_id: str,
    date: datetime.datetime,
    tag: list[str],
    parties: list[dict[str, Any]],
    **sections: Any,
) -> dict[str, Any]:
    """A release: the fields every release carries and its sections."""
    partnership = procurement.partnership
    return {
        "ocid": ocid,
        "id": release_id,
        "date": stamp(date),
        "tag": tag,
        "initiationType": "tender",
        "language": "en",
        "buyer": reference(buyer(partnership)),
        "parties": parties,
        **sections,
    }


def buyer_party(procurement: Procurement) -> dict[str, Any]:
    return {**buyer(procurement.partnership), "roles": ["buyer", "procuringEntity"]}


def bidder_parties(procurement: Procurement, bids: list[Bid]) -> list[dict[str, Any]]:
    """The buyer and every bidder, the awarded one a supplier too (each party's roles are
    listed whole in every release: the standard replaces a list of strings whole)."""
    awarded = procurement.awarded_bid_id
    parties = [buyer_party(procurement)]
    for bid in bids:
        roles = ["tenderer", "supplier", "payee"] if bid.pk == awarded else ["tenderer"]
        parties.append({**organisation(bid), "roles": roles})
    return parties


def tender_basics(procurement: Procurement) -> dict[str, Any]:
    return {"id": procurement.reference, "title": procurement.title}


def planning_sections(procurement: Procurement) -> dict[str, Any]:
    """The tendering strategy the board approved: its rationale and estimated value."""
    decision = procurement.strategy_decision
    rationale = "Tendering strategy approved by the board"
    if decision is not None:
        rationale = f"Tendering strategy approved by {decision.deciding_body}: {decision.title}"
    return {
        "planning": {
            "rationale": rationale,
            "budget": {
                "description": f"Estimated value over the whole term "
                f"({procurement.term_months} months)",
                "amount": money(procurement.estimated_value),
            },
        },
        "tender": {**tender_basics(procurement), "status": "planned"},
    }


def tender_sections(procurement: Procurement, criteria: Iterable[Any]) -> dict[str, Any]:
    """The tender as published: procedure, estimated value, period for bids, criteria."""

    def scored(c: Any) -> str:
        if c.kind == "price":
            return f"{c.name} {c.weight}% (lowest price over this price, times the weight)"
        return f"{c.name} {c.weight}% (scored 0 to {c.max_score})"

    criteria_text = "; ".join(
        f"{c.name} {c.weight}%, the sum of its sub-criteria: " + ", ".join(scored(s) for s in subs)
        if subs
        else scored(c)
        for c, subs in criteria_outline(criteria)
    )
    tender: dict[str, Any] = {
        **tender_basics(procurement),
        "status": "active",
        "procurementMethod": METHOD[Procedure(procurement.procedure)],
        "procurementMethodDetails": Procedure(procurement.procedure).label,
        "mainProcurementCategory": "services",
        "value": money(procurement.estimated_value),
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": criteria_text,
        "items": [
            {"id": f"service-{service.uuid}", "description": service.name}
            for service in procurement.services.all()
        ],
        "documents": [
            {
                "id": "tender-notice",
                "documentType": "tenderNotice",
                "title": "Tender notice",
                "url": public_url(
                    "procurement:published-detail", procurement.partnership.slug, procurement.pk
                ),
            }
        ],
    }
    if procurement.description:
        tender["description"] = procurement.description
    period: dict[str, str] = {}
    if procurement.notice_on is not None:
        period["startDate"] = stamp(day_start(procurement.notice_on))
        tender["documents"][0]["datePublished"] = period["startDate"]
    if procurement.deadline is not None:
        period["endDate"] = stamp(procurement.deadline)
    if period:
        tender["tenderPeriod"] = period
    if procurement.contract_start is not None:
        tender["contractPeriod"] = {"startDate": stamp(day_start(procurement.contract_start))}
    return {"tender": tender}


def award_id(procurement: Procurement) -> str:
    return f"{procurement.reference}-award"


def standstill_milestone(procurement: Procurement, *, met: bool) -> list[dict[str, Any]]:
    """The standstill (1.1.5 has no field for it: a milestone, as the mapping says), ending
    at the end of its last day; none when there is no standstill."""
    last = procurement.standstill_last_day
    if last is None:
        return []
    milestone: dict[str, Any] = {
        "id": STANDSTILL,
        "title": "Standstill period",
        "type": "approval",
        "description": f"{procurement.standstill_days} working days from the contract award "
        f"notice ({procurement.rules.name}); the contract is signed after it ends",
        "dueDate": stamp(day_end(last)),
        "status": "met" if met else "scheduled",
    }
    if met:
        milestone["dateMet"] = milestone["dueDate"]
    return [milestone]


def award_sections(procurement: Procurement, bids: list[Bid]) -> dict[str, Any]:
    """The award notice: who bid, who won and at what value, the standstill. Nothing of
    the other bids' prices or of the scores."""
    winner = procurement.awarded_bid
    notice = procurement.award_notice_on
    if winner is None or notice is None:
        raise ValueError("an award release needs the awarded bid and the award notice")
    parties = {bid.pk: organisation(bid) for bid in bids}
    decision = procurement.award_decision
    decided = decision.decided_on if decision is not None else None
    award_day = decided if decided is not None and decided <= notice else notice
    return {
        "tender": {
            **tender_basics(procurement),
            "status": "complete",
            "numberOfTenderers": len(bids),
            "tenderers": [reference(parties[bid.pk]) for bid in bids],
            "milestones": standstill_milestone(procurement, met=False),
        },
        "awards": [
            {
                "id": award_id(procurement),
                "title": procurement.title,
                "status": "active",
                "date": stamp(day_start(award_day)),
                "value": money(winner.price),
                "suppliers": [reference(parties[winner.pk])],
                "documents": [
                    {
                        "id": "award-notice",
                        "documentType": "awardNotice",
                        "title": "Contract award notice",
                        "datePublished": stamp(day_start(notice)),
                        "url": public_url(
                            "procurement:published-detail",
                            procurement.partnership.slug,
                            procurement.pk,
                        ),
                    }
                ],
            }
        ],
    }


def contract_sections(procurement: Procurement) -> dict[str, Any]:
    """The contract as signed: at the awarded value, for its period."""
    contract, winner, signed = procurement.contract, procurement.awarded_bid, procurement.signed_on
    if contract is None or winner is None or signed is None:
        raise ValueError("a contract release needs the signed contract")
    sections: dict[str, Any] = {
        "contracts": [
            {
                "id": contract.reference,
                "awardID": award_id(procurement),
                "title": contract.title,
                "status": "active",
                "period": {
                    "startDate": stamp(day_start(contract.start_date)),
                    "endDate": stamp(day_end(contract.end_date)),
                },
                "value": money(winner.price),
                "dateSigned": stamp(day_start(signed)),
            }
        ]
    }
    milestones = standstill_milestone(procurement, met=True)
    if milestones:
        sections["tender"] = {**tender_basics(procurement), "milestones": milestones}
    return sections


def latest_contract(releases: Iterable[dict[str, Any]], contract_id: str) -> dict[str, Any]:
    """The contract as the latest release that carried it published it."""
    found: dict[str, Any] | None = None
    for data in releases:
        for contract in data.get("contracts", []):
            if contract.get("id") == contract_id:
                found = contract
    if found is None:
        raise ValueError(f"no release has published the contract {contract_id}")
    return dict(found)


# ---------------------------------------------------------------- packages and records


def package_meta(partnership: Partnership, name: str, published: str) -> dict[str, Any]:
    return {
        "uri": public_url(name, partnership.slug),
        "version": VERSION,
        "publishedDate": published,
        "publisher": {"name": partnership.name},
    }


def release_package(
    partnership: Partnership, releases: list[dict[str, Any]], *, published: str
) -> dict[str, Any]:
    """The partnership's releases as one release package."""
    return {
        **package_meta(partnership, "procurement:release-package", published),
        "releases": releases,
    }


@functools.cache
def merger() -> Any:
    """The merger, its rules read once from the shipped schema (never fetched)."""
    import ocdsmerge  # type: ignore[import-untyped]

    return ocdsmerge.Merger(schema=str(RELEASE_SCHEMA))


def by_ocid(releases: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for data in releases:
        grouped.setdefault(data["ocid"], []).append(data)
    return grouped


def compiled(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """One contracting process's compiled release, merged by ``ocdsmerge``."""
    result: dict[str, Any] = merger().create_compiled_release(releases)
    return result


def record_package(
    partnership: Partnership, releases: list[dict[str, Any]], *, published: str
) -> dict[str, Any]:
    """The partnership's releases as records: one per procurement, with its releases and
    its compiled release."""
    return {
        **package_meta(partnership, "procurement:record-package", published),
        "packages": [public_url("procurement:release-package", partnership.slug)],
        "records": [
            {"ocid": ocid, "releases": group, "compiledRelease": compiled(group)}
            for ocid, group in by_ocid(releases).items()
        ],
    }


# ---------------------------------------------------------------- coherence


def values(data: Any) -> Iterator[dict[str, Any]]:
    """Every Value object (an amount with its currency) anywhere in the data."""
    if isinstance(data, dict):
        if "currency" in data or isinstance(data.get("amount"), int | float):
            yield data
        for item in data.values():
            yield from values(item)
    elif isinstance(data, list):
        for item in data:
            yield from values(item)


def coherence_problems(releases: list[dict[str, Any]]) -> list[str]:
    """Checks of our own beyond the schema (after Pelican's), on each contracting process
    compiled: the tender before the award before the signature; the signature after the
    standstill ends; the award's suppliers among the tenderers; each contract within its
    award's value (a later variation, on its own carried decision, may change it); amounts
    in pounds; releases of one ocid in date order. Each problem in words, naming the ocid."""
    problems: list[str] = []
    for ocid, group in by_ocid(releases).items():
        dates = [data["date"] for data in group]
        if [parse(d) for d in dates] != sorted(parse(d) for d in dates):
            problems.append(f"{ocid}: its releases are not in date order")
        problems.extend(f"{ocid}: {problem}" for problem in process_problems(compiled(group)))
    return problems


def process_problems(data: dict[str, Any]) -> Iterator[str]:
    for value in values(data):
        if value.get("currency") != "GBP":
            yield f"an amount is in {value.get('currency')!r}, not pounds (GBP)"
    tender = data.get("tender", {})
    period = tender.get("tenderPeriod", {})
    start, end = period.get("startDate"), period.get("endDate")
    if start and end and parse(end) < parse(start):
        yield "the tender's period ends before it starts"
    tenderers = {party["id"] for party in tender.get("tenderers", [])}
    standstill = next(
        (m.get("dueDate") for m in tender.get("milestones", []) if m.get("id") == STANDSTILL),
        None,
    )
    awards = {award["id"]: award for award in data.get("awards", [])}
    for award in awards.values():
        date = award.get("date")
        for opened in (start, end):
            if date and opened and parse(date) < parse(opened):
                yield f"the award {award['id']} is dated before the tender's period"
                break
        for supplier in award.get("suppliers", []):
            if supplier["id"] not in tenderers:
                yield f"the award's supplier {supplier['name']} is not among the tenderers"
    for contract in data.get("contracts", []):
        award = awards.get(contract.get("awardID", ""))
        if award is None:
            yield f"the contract {contract['id']} names no published award"
            continue
        signed = contract.get("dateSigned")
        if signed and award.get("date") and parse(signed) < parse(award["date"]):
            yield f"the contract {contract['id']} was signed before its award"
        if signed and standstill and parse(signed) <= parse(standstill):
            yield (
                f"the contract {contract['id']} was signed on {signed[:10]}, before the "
                f"standstill ended ({standstill[:10]})"
            )
        worth, awarded = contract.get("value", {}), award.get("value", {})
        if (
            not contract.get("amendments")
            and "amount" in worth
            and "amount" in awarded
            and Decimal(str(worth["amount"])) > Decimal(str(awarded["amount"]))
        ):
            yield f"the contract {contract['id']} is worth more than its award"


# ---------------------------------------------------------------- the feeds


class Incoherent(ExportRefused):
    """The releases fail the coherence checks: the feed is refused, problems named."""


def feed(partnership: Partnership, *, records: bool = False) -> dict[str, Any]:
    """The partnership's release package, or record package with ``records``: what the
    command prints, the public pages offer for download and the API answers, each
    refused (``Incoherent``) when the coherence checks fail."""
    from .selectors import releases_of

    rows = list(releases_of(partnership).values_list("data", "published_at"))
    releases = [data for data, _ in rows]
    problems = coherence_problems(releases)
    if problems:
        raise Incoherent(problems)
    # Stable bytes for the same releases: the package is as new as its newest release.
    published = stamp(max((at for _, at in rows), default=None) or timezone.now())
    if records:
        return record_package(partnership, releases, published=published)
    return release_package(partnership, releases, published=published)


def as_json(data: Any) -> str:
    """A feed as the bytes published (the command's, the download's, the API's)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
