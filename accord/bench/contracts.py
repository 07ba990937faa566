"""The contracts register at national scale: every partnership of the made-up country with
its providers, services and let contracts (each with five years' values), inserted in bulk
like the rest of the national data (``accord.demo.national.insert``, one audit event a
partnership), then the Transparency Code's register of the busiest partnership measured
as its public page, its CSV and its API against SQL floors (``accord.bench.pages``).

Invented for measuring, like everything national: no real provider or contract.
"""

import datetime
from decimal import Decimal
from typing import Any

import psycopg
from django.db import transaction
from django.urls import reverse

from accord.audit.services import audit_record
from accord.commissioning.models import Contract, ContractValue, Provider, Service
from accord.commissioning.selectors import ENTERED, TRANSPARENCY_THRESHOLD
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.demo.national import SLUG_PREFIX, insert
from accord.partnerships.models import Partnership

# Per partnership: a register about ten times a county's (the demo's have about 50).
PROVIDERS = 30
CONTRACTS = 400
YEARS = range(2005, 2010)


def ensure_contracts(*, per_partnership: int = CONTRACTS) -> int:
    """Give each national partnership without contracts its register; the contracts made."""
    made = 0
    done = set(
        Contract.objects.filter(partnership__slug__startswith=SLUG_PREFIX).values_list(
            "partnership_id", flat=True
        )
    )
    for partnership in Partnership.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"):
        if partnership.pk not in done:
            made += load_register(partnership, per_partnership)
    return made


@transaction.atomic
def load_register(partnership: Partnership, count: int) -> int:
    decisions = {
        kind: Proposal.objects.filter(
            partnership=partnership, kind=kind, state=ProposalState.CARRIED
        )
        .order_by("pk")
        .first()
        for kind in (ProposalKind.TENDER_AWARD, ProposalKind.INSTRUCTION_TO_CONTRACT)
    }
    fallback = Proposal.objects.filter(partnership=partnership, state=ProposalState.CARRIED).first()
    if fallback is None:
        return 0
    code = f"N{partnership.pk:05d}"
    providers = [
        Provider(
            partnership=partnership,
            name=f"{partnership.name} provider {n}",
            kind="voluntary" if n % 3 else "private",
            charity_number=f"{1100000 + partnership.pk * 100 + n}",
            address_line_1=f"{n + 1} High Street",
            town="Anytown",
            postcode="OX1 1ND",
            is_sme=bool(n % 2),
        )
        for n in range(PROVIDERS)
    ]
    insert(Provider, providers)  # type: ignore[arg-type]
    services, contracts, values = [], [], []
    for n in range(count):
        provider = providers[n % PROVIDERS]
        tendered = n % 2 == 0
        services.append(
            Service(
                partnership=partnership,
                provider=provider,
                reference=f"{code}-{n:05d}",
                name=f"Floating support {n}",
                service_type="floating",
                term="short",
                delivery_model="floating",
                primary_client_group=7,
                capacity=20 + n % 50,
                capacity_unit="places",
                start_date=datetime.date(2005, 4, 1),
                status="commissioned",
            )
        )
        contracts.append(
            Contract(
                partnership=partnership,
                provider=provider,
                reference=f"{code}-C-{n:05d}",
                title=f"Housing-related support contract {n}",
                form="block",
                route="tender" if tendered else "direct",
                department="Supporting People Team",
                start_date=datetime.date(2005, 4, 1),
                end_date=datetime.date(2010, 3, 31),
                status="let" if n % 10 else "ended",
                decision=decisions[
                    ProposalKind.TENDER_AWARD if tendered else ProposalKind.INSTRUCTION_TO_CONTRACT
                ]
                or fallback,
            )
        )
    insert(Service, services)  # type: ignore[arg-type]
    insert(Contract, contracts)  # type: ignore[arg-type]
    for n, contract in enumerate(contracts):
        for year in YEARS:
            values.append(
                ContractValue(
                    partnership=partnership,
                    contract=contract,
                    financial_year=year,
                    amount=Decimal(1000 + (n * 37 + year) % 90000),
                )
            )
    insert(ContractValue, values)  # type: ignore[arg-type]
    links = Contract.services.through
    links.objects.bulk_create(
        [
            links(contract_id=contract.pk, service_id=service.pk)
            for contract, service in zip(contracts, services, strict=True)
        ],
        batch_size=2000,
    )
    audit_record(
        actor=None,
        action="bench.contracts",
        partnership_id=partnership.pk,
        object_type="commissioning.contract",
        changes={"contracts": [0, len(contracts)], "values": [0, len(values)]},
    )
    return len(contracts)


def measured() -> Partnership | None:
    """The first national partnership with a contracts register (each has as many)."""
    found = (
        Contract.objects.filter(partnership__slug__startswith=SLUG_PREFIX)
        .order_by("partnership_id")
        .values_list("partnership_id", flat=True)
        .first()
    )
    return None if found is None else Partnership.objects.get(pk=found)


REGISTER_SQL = """
    SELECT c.id, c.reference, c.title, c.department, c.form, c.route, c.start_date,
           c.end_date, c.review_date, c.irrecoverable_vat, c.illustrative,
           p.name, p.address_line_1, p.address_line_2, p.town, p.postcode, p.kind, p.is_sme,
           p.company_number, p.charity_number, p.illustrative,
           COALESCE(SUM(v.amount), 0), COUNT(v.id)
    FROM commissioning_contract c
    JOIN commissioning_provider p ON p.id = c.provider_id
    LEFT JOIN commissioning_contractvalue v ON v.contract_id = c.id
    WHERE c.partnership_id = %s AND c.status = ANY(%s)
    GROUP BY c.id, p.id
    HAVING COALESCE(SUM(v.amount), 0) > %s
    ORDER BY c.reference, c.id"""
# The same rows counted, as the page's paginator counts them.
COUNT_SQL = """
    SELECT count(*) FROM (
        SELECT c.id FROM commissioning_contract c
        LEFT JOIN commissioning_contractvalue v ON v.contract_id = c.id
        WHERE c.partnership_id = %s AND c.status = ANY(%s)
        GROUP BY c.id HAVING COALESCE(SUM(v.amount), 0) > %s
    ) t"""


def register_floor(partnership_id: int, *, page: bool) -> Any:
    """What the register shows, by hand: (the count,) the contracts with their provider and
    totals, and their services."""

    def floor(db: psycopg.Connection[Any]) -> object:
        entered = [str(status) for status in ENTERED]
        with db.cursor() as cur:
            if page:
                cur.execute(COUNT_SQL, [partnership_id, entered, TRANSPARENCY_THRESHOLD])
                cur.fetchall()
            cur.execute(
                REGISTER_SQL + (" LIMIT 50 OFFSET 50" if page else ""),
                [partnership_id, entered, TRANSPARENCY_THRESHOLD],
            )
            rows = cur.fetchall()
            cur.execute(
                """SELECT cs.contract_id, s.reference, s.name
                   FROM commissioning_contract_services cs
                   JOIN commissioning_service s ON s.id = cs.service_id
                   WHERE cs.contract_id = ANY(%s)""",
                [[row[0] for row in rows]],
            )
            return cur.fetchall()

    return floor


def register_urls(partnership: Partnership) -> dict[str, str]:
    slug = partnership.slug
    return {
        "page": reverse("commissioning:transparency-register", args=[slug]) + "?page=2",
        "csv": reverse("commissioning:transparency-export", args=[slug]),
        "api": f"/api/commissioning/partnerships/{slug}/transparency/contracts?limit=50&offset=50",
    }
