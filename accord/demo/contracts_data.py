"""The demo's contracts (issue 15 item 3): every service of the demo's directory
(accord/demo/services_data.py) under contract, with its value in each financial year, each
let contract on the carried decision that authorised it.

What the seeds give: seed 004 says Gloucestershire's programme spent "in excess of
£29million" in 2004/05 and "just under £22.5million" in 2009/10, "a reduction of almost
£6.75million"; the three hold together only with about £29.2 million and about £22.45
million (../shared/reference.md, "Traps"). The contracts' values add up, year by year, to
the programme's expenditure below: for Gloucestershire, two figures chosen so that all
three statements hold (£29,196,400 and £22,451,300: a reduction of £6,745,100), and
figures for the years between, invented; for Oxfordshire, whose expenditure the sources
do not give, every year's figure invented. Each year's total is shared among the contracts
running that year by the services' size and kind (floating support growing as
accommodation-based support shrinks, as the services' histories say), to the penny.

The contracts follow one invented pattern: the services that came in with the programme
are on steady-state contracts from 1 April 2004 to 31 March 2009, let directly on an
instruction to contract, then extended to 31 March 2011 on a second one; services started
later were tendered, on a tender award of their year. Seed 004's board "approves tenders"
and "instructs Administering Authority to contract with providers": those decisions are
voted at meetings of the deciding body as every demo decision is (Gloucestershire's rule,
which the seed does not give, is an illustrative record of unanimity). Every reference,
title, date, value and vote here is invented and marked illustrative.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Protocol

from django.utils import timezone

from accord.commissioning import services as commissioning
from accord.commissioning.models import (
    Contract,
    ContractForm,
    ContractStatus,
    ContractValue,
    ProcurementRoute,
    Service,
    ServiceStatus,
    ServiceType,
)
from accord.core.money import financial_year_of
from accord.decisions import services as decisions
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.governance import services as governance
from accord.governance.models import Body, BodyKind, ConstitutionStatus, ConstitutionVersion
from accord.partnerships.models import Partnership

from . import oxfordshire as oxon
from . import procurements_data, variations_data
from .illustrative import illustrative_mark
from .load_history import vote_round
from .services_data import SERVICES, DemoService

# The programme's expenditure in each financial year (named by the year it starts in),
# which the contracts' values add up to. Gloucestershire's 2004/05 and 2009/10 satisfy
# seed 004's three statements; every figure is illustrative (the seed gives bounds only).
EXPENDITURE: dict[str, dict[int, Decimal]] = {
    "gloucestershire": {
        2004: Decimal("29196400.00"),  # "in excess of £29million"
        2005: Decimal("27930000.00"),
        2006: Decimal("26610000.00"),
        2007: Decimal("25280000.00"),
        2008: Decimal("23900000.00"),
        2009: Decimal("22451300.00"),  # "just under £22.5million"; 6,745,100 less
        2010: Decimal("21500000.00"),
    },
    "oxfordshire": {
        2004: Decimal("16850000.00"),
        2005: Decimal("16420000.00"),
        2006: Decimal("15980000.00"),
        2007: Decimal("15600000.00"),
        2008: Decimal("15210000.00"),
        2009: Decimal("14870000.00"),
        2010: Decimal("14500000.00"),
    },
}

STEADY_START = datetime.date(2004, 4, 1)
STEADY_END = datetime.date(2009, 3, 31)
EXTENDED_END = datetime.date(2011, 3, 31)
DEPARTMENT = "Supporting People Team, {authority} (administering authority)"
AUTHORITY = {
    "gloucestershire": "Gloucestershire County Council",
    "oxfordshire": "Oxfordshire County Council",
}
BOARD = {
    "gloucestershire": "Supporting People Partnership Board",
    "oxfordshire": oxon.COMMISSIONING_BODY,
}

# The relative yearly cost of a unit of each kind of service (invented): what shares a
# year's expenditure among the contracts running in it.
UNIT_COST = {
    ServiceType.SHELTERED: Decimal("700"),
    ServiceType.ALARM: Decimal("90"),
    ServiceType.FLOATING: Decimal("2600"),
    ServiceType.ACCOMMODATION: Decimal("9000"),
    ServiceType.ACCOMMODATION_WITH_FLOATING: Decimal("9500"),
    ServiceType.OUTREACH: Decimal("3200"),
    ServiceType.HOME_IMPROVEMENT: Decimal("300"),
    ServiceType.RESETTLEMENT: Decimal("2600"),
}
# An hour of floating support a week, over a year (52 hours at about £15, invented).
HOUR_COST = Decimal("780")


# The deciding body's meetings that carried the tender awards (illustrative Thursdays).
AWARD_MEETINGS = {
    2005: datetime.date(2005, 2, 10),
    2006: datetime.date(2006, 2, 9),
    2007: datetime.date(2007, 2, 8),
    2008: datetime.date(2008, 2, 14),
    2009: datetime.date(2009, 2, 12),
    2010: datetime.date(2010, 2, 11),
}


@dataclass(frozen=True)
class DemoDecision:
    key: str
    title: str
    kind: str
    on: datetime.date  # the meeting that carried it (illustrative)
    summary: str = ""


# Oxfordshire's Commissioning Body takes the decisions its history does not (they come
# before 11 July 2008, so the meetings of its disputes follow one another as the report
# tells them): the extension and 2009's award at a meeting of 12 June 2008 (illustrative).
OXFORDSHIRE_2008 = datetime.date(2008, 6, 12)


def decisions_for(slug: str) -> dict[str, DemoDecision]:
    """The partnership's decisions that let its contracts: the steady-state instruction,
    the extension, and a tender award for each year new services started."""
    name = "Gloucestershire" if slug == "gloucestershire" else "Oxfordshire"
    found = {
        "steady": DemoDecision(
            "steady",
            f"Instruction to contract: steady-state contracts 2004-09 ({name})",
            ProposalKind.INSTRUCTION_TO_CONTRACT,
            datetime.date(2004, 3, 18),
        ),
        "extension": DemoDecision(
            "extension",
            f"Instruction to contract: extension of the steady-state contracts to 2011 ({name})",
            ProposalKind.INSTRUCTION_TO_CONTRACT,
            OXFORDSHIRE_2008 if slug == "oxfordshire" else datetime.date(2009, 2, 19),
        ),
    }
    # Issue 16 item 6: the board's decisions varying contracts as the budget fell.
    if variations_data.VARIATIONS.get(slug):
        for key, (title, on) in variations_data.DECISIONS.items():
            found[key] = DemoDecision(key, title, variations_data.DECISION_KIND, on)
    # Issue 16: the board's carried tendering strategies of the demo's tenders.
    for key, title, on, summary in procurements_data.strategy_decisions(slug):
        found[key] = DemoDecision(key, title, procurements_data.DECISION_KIND, on, summary)
    for year in sorted({data.start.year for data in tendered(slug)}):
        found[f"award-{year}"] = DemoDecision(
            f"award-{year}",
            f"Award of the tenders for new services starting in {year} ({name})",
            ProposalKind.TENDER_AWARD,
            OXFORDSHIRE_2008
            if slug == "oxfordshire" and AWARD_MEETINGS[year] > OXFORDSHIRE_2008
            else AWARD_MEETINGS[year],
        )
    return found


def tendered(slug: str) -> list[DemoService]:
    """New services (started after the steady-state contracts began), let by tender."""
    return [
        data
        for data in SERVICES.get(slug, [])
        if data.start > STEADY_START and data.status != ServiceStatus.PLANNED
    ]


@dataclass(frozen=True)
class DemoContract:
    reference: str
    title: str
    service: DemoService
    form: str
    route: str
    start: datetime.date
    end: datetime.date
    status: str
    decision: str  # a key of decisions_for(), "" for a planned contract
    review: datetime.date | None = None
    extension_options: str = ""
    extension_decision_by: datetime.date | None = None


def ended_on(data: DemoService) -> datetime.date | None:
    """The end date its history gives (a decommissioned service), if any."""
    ends = [step.values["end_date"] for step in data.history if "end_date" in step.values]
    return ends[-1] if ends else None


def form_of(data: DemoService) -> str:
    if data.service_type in (ServiceType.HOME_IMPROVEMENT,) or data.capacity <= 20:
        return ContractForm.GRANT
    return ContractForm.BLOCK


def contracts_for(slug: str) -> list[DemoContract]:
    """Every demo contract of the partnership, by its service's reference."""
    found = []
    for data in SERVICES.get(slug, []):
        number = data.reference.split("-", 1)[1]
        prefix = data.reference.split("-", 1)[0]
        if data.status == ServiceStatus.PLANNED:
            found.append(
                DemoContract(
                    f"{prefix}-C-{number}-T",
                    f"{data.name}: contract to be tendered",
                    data,
                    ContractForm.BLOCK,
                    ProcurementRoute.TENDER,
                    data.start,
                    EXTENDED_END,
                    ContractStatus.PLANNED,
                    "",
                )
            )
            continue
        if data.start > STEADY_START:
            found.append(
                DemoContract(
                    f"{prefix}-C-{number}-T",
                    f"{data.name}: tendered contract",
                    data,
                    ContractForm.BLOCK,
                    ProcurementRoute.TENDER,
                    data.start,
                    EXTENDED_END,
                    ContractStatus.LET,
                    f"award-{data.start.year}",
                    review=data.start.replace(year=data.start.year + 2),
                    extension_options="One further year, to 31 March 2012",
                    extension_decision_by=datetime.date(2010, 9, 30),
                )
            )
            continue
        found.append(
            DemoContract(
                f"{prefix}-C-{number}-A",
                f"{data.name}: steady-state contract 2004-09",
                data,
                form_of(data),
                ProcurementRoute.DIRECT,
                STEADY_START,
                STEADY_END,
                ContractStatus.ENDED,
                "steady",
                review=datetime.date(2006, 4, 1),
                extension_options="Up to two further years",
                extension_decision_by=datetime.date(2008, 12, 31),
            )
        )
        end = ended_on(data)
        if end is not None and end <= STEADY_END:
            continue  # decommissioned with the steady-state contract
        found.append(
            DemoContract(
                f"{prefix}-C-{number}-B",
                f"{data.name}: extension 2009-11",
                data,
                form_of(data),
                ProcurementRoute.DIRECT,
                STEADY_END + datetime.timedelta(days=1),
                EXTENDED_END,
                ContractStatus.LET,
                "extension",
                review=datetime.date(2010, 4, 1),
                extension_options="One further year, to 31 March 2012",
                extension_decision_by=datetime.date(2010, 9, 30),
            )
        )
    return found


def capacity_in(data: DemoService, year: int) -> int:
    """The service's capacity in a financial year, as its history changes it."""
    capacity = data.capacity
    first_day = datetime.date(year, 4, 1)
    for step in sorted(data.history, key=lambda step: step.on):
        if "capacity" in step.values and step.on <= first_day:
            capacity = step.values["capacity"]
    return capacity


def months_in(contract: DemoContract, year: int) -> int:
    """How many months of the financial year the contract runs (whole months)."""
    months = 0
    for month in range(12):
        day = datetime.date(year + (month + 3) // 12, (month + 3) % 12 + 1, 1)
        if contract.start <= day <= contract.end:
            months += 1
    return months


def weight(contract: DemoContract, year: int) -> Decimal:
    data = contract.service
    cost = HOUR_COST if data.unit == "hours" else UNIT_COST[ServiceType(data.service_type)]
    return cost * capacity_in(data, year) * months_in(contract, year) / 12


def yearly_values(slug: str) -> dict[str, dict[int, Decimal]]:
    """Each let contract's value in each year: the year's expenditure shared by weight,
    in whole pounds, the remainder on the largest, so each year adds up exactly."""
    contracts = [c for c in contracts_for(slug) if c.status != ContractStatus.PLANNED]
    values: dict[str, dict[int, Decimal]] = {c.reference: {} for c in contracts}
    for year, total in EXPENDITURE[slug].items():
        weights = {c.reference: weight(c, year) for c in contracts}
        weights = {ref: w for ref, w in weights.items() if w > 0}
        whole = sum(weights.values())
        shares = {
            ref: (total * w / whole).quantize(Decimal("1"), rounding=ROUND_FLOOR)
            for ref, w in weights.items()
        }
        largest = max(shares, key=lambda ref: shares[ref])
        shares[largest] += total - sum(shares.values())
        for ref, amount in shares.items():
            values[ref][year] = amount.quantize(Decimal("0.01"))
    return values


# ---------------------------------------------------------------------------------------
# Loading them (through the services, audited; idempotent)

CONTRACT_MARKED = (
    "reference", "title", "form", "route", "department", "start_date", "end_date",
    "review_date", "extension_options", "extension_decision_by", "irrecoverable_vat", "status",
)  # fmt: skip


class Counter(Protocol):
    def count(self, kind: str, *, was_created: bool) -> None: ...


def board_rule(partnership: Partnership, board: Body) -> None:
    """Gloucestershire's board decides under a rule the seed does not give: the demo
    records one (unanimity of all partners, as Oxfordshire's Memorandum), illustrative,
    so that its decisions can be voted and judged. A partnership with a constitution
    keeps its own."""
    if ConstitutionVersion.objects.filter(
        partnership=partnership, status=ConstitutionStatus.ADOPTED
    ).exists():
        return
    version = governance.constitution_version_create(
        actor=None,
        partnership=partnership,
        title="Partnership Board terms of reference (illustrative rule)",
        summary="Cheltenham's commissioning appendix gives the Partnership Board's terms of "
        "reference but not how it decides: the demonstration records unanimity of all "
        "partners, illustratively, so that the decisions letting its contracts can be voted.",
    )
    governance.body_rule_set(
        actor=None, version=version, body=board, decision_rule={"kind": "unanimity"}
    )
    version = governance.constitution_record_founding(
        actor=None, version=version, start_date=oxon.PROGRAMME_START
    )
    illustrative_mark(actor=None, row=version, fields=["title", "summary", "start_date"])


def load_decisions(partnership: Partnership, report: Counter) -> dict[str, Proposal]:
    """The carried decisions that let the partnership's contracts, voted at meetings of
    its deciding body (found by title when already there)."""
    board = Body.objects.filter(partnership=partnership, kind=BodyKind.DECIDING_BOARD).get(
        name=BOARD[partnership.slug]
    )
    found: dict[str, Proposal] = {}
    today = timezone.localdate()
    meetings: dict[datetime.date, list[Proposal]] = {}
    for key, data in decisions_for(partnership.slug).items():
        existing = Proposal.objects.filter(partnership=partnership, title=data.title).first()
        report.count("contract decisions", was_created=existing is None)
        if existing is not None:
            found[key] = existing
            continue
        board_rule(partnership, board)
        found[key] = decisions.proposal_create(
            actor=None,
            partnership=partnership,
            title=data.title,
            kind=data.kind,
            summary=data.summary
            or (
                "Illustrative: a decision the demonstration adds to vary contracts as the "
                "programme's budget fell from 2004/05 to 2009/10."
                if data.kind == variations_data.DECISION_KIND
                else "Illustrative: a decision the demonstration adds so that its contracts "
                "are let on a carried decision, as Cheltenham's commissioning appendix says "
                "the Partnership Board approves tenders and instructs the administering "
                "authority to contract with providers."
            ),
            deciding_body=board,
            on=data.on,
        )
        meetings.setdefault(data.on, []).append(found[key])
    for on, proposals in sorted(meetings.items()):  # one meeting a date, its decisions together
        vote_round(proposals, board, {"date": on, "date_illustrative": True, "against": []}, today)
        for proposal in proposals:
            proposal.refresh_from_db()
            if proposal.state != ProposalState.CARRIED:  # pragma: no cover: unanimous
                raise RuntimeError(f"{proposal} was not carried")
            illustrative_mark(
                actor=None,
                row=proposal,
                fields=["title", "summary", "decided_on", "takes_effect_on"],
            )
    return found


def load_contracts(partnership: Partnership, report: Counter) -> list[Contract]:
    """The partnership's demo contracts (after its services), found by reference; a
    contract already there is left exactly as it is."""
    slug = partnership.slug
    if slug not in EXPENDITURE:
        return []
    chosen = load_decisions(partnership, report)
    services = {s.reference: s for s in Service.objects.filter(partnership=partnership)}
    values = yearly_values(slug)
    department = DEPARTMENT.format(authority=AUTHORITY[slug])
    loaded = []
    for data in contracts_for(slug):
        existing = Contract.objects.filter(partnership=partnership, reference=data.reference)
        found = existing.first()
        report.count("contracts", was_created=found is None)
        if found is not None:
            loaded.append(found)
            continue
        service = services[data.service.reference]
        final = values.get(data.reference, {})
        variation = variations_data.variation_of(slug, data.reference)
        let_at = {
            year: amount
            for year, amount in variations_data.original_values(variation, final).items()
            if financial_year_of(data.start) <= year <= financial_year_of(data.end)
        }
        tender = procurements_data.for_contract(slug, data.reference)
        if tender is not None:  # let by a demo tender (issue 16): signed into the register
            contract = procured(partnership, tender, data, chosen, service, let_at, department)
        else:
            contract = commissioning.contract_create(
                actor=None,
                partnership=partnership,
                reference=data.reference,
                title=data.title,
                provider=service.provider,
                form=data.form,
                route=data.route,
                department=department,
                start_date=data.start,
                end_date=data.end,
                review_date=data.review,
                extension_options=data.extension_options,
                extension_decision_by=data.extension_decision_by,
                decision=chosen[data.decision] if data.decision else None,
                services=[service],
                status=data.status,
            )
        for year, amount in sorted(let_at.items()):
            value = commissioning.contract_value_set(
                actor=None, contract=contract, financial_year=year, amount=amount
            )
            illustrative_mark(actor=None, row=value, fields=["amount"])
        loaded.append(illustrative_mark(actor=None, row=contract, fields=CONTRACT_MARKED))
        if variation is not None:  # varied down to its share as the budget fell
            variations_data.record_variation(contract, variation, final, chosen)
    # Issue 16: the tenders still in progress today (after the history's).
    procurements_data.load_in_progress(partnership, chosen)
    return loaded


def procured(
    partnership: Partnership,
    tender: procurements_data.DemoProcurement,
    data: DemoContract,
    chosen: dict[str, Proposal],
    service: Service,
    let_at: dict[int, Decimal],
    department: str,
) -> Contract:
    """The contract a demo tender lets: the tender run from its strategy to the signature
    (the winner's price the contract's value over its term, as let), then the register's
    review and extension terms, as every demo contract has them."""
    if tender.award_decision != data.decision:  # pragma: no cover: the data's own check
        raise RuntimeError(f"{data.reference} is let on {data.decision}")
    contract = procurements_data.procured_contract(
        partnership,
        tender,
        chosen,
        price=sum(let_at.values(), Decimal("0.00")),
        service=service,
        sign={
            "reference": data.reference,
            "department": department,
            "start_date": data.start,
            "end_date": data.end,
            "form": data.form,
        },
    )
    return commissioning.contract_update(
        actor=None,
        contract=contract,
        reference=contract.reference,
        title=contract.title,
        provider=contract.provider,
        form=contract.form,
        route=contract.route,
        department=contract.department,
        start_date=contract.start_date,
        end_date=contract.end_date,
        review_date=data.review,
        extension_options=data.extension_options,
        extension_decision_by=data.extension_decision_by,
        decision=contract.decision,
        services=list(contract.services.all()),
    )


def expenditure(partnership: Partnership) -> dict[int, Decimal]:
    """The sum of the partnership's contract values in each financial year."""
    totals: dict[int, Decimal] = {}
    for value in ContractValue.objects.filter(partnership=partnership):
        totals[value.financial_year] = totals.get(value.financial_year, Decimal("0")) + value.amount
    return totals
