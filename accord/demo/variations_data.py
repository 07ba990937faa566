"""The demo's contract variations (issue 16 item 6): as Gloucestershire's budget fell from
2004/05 to 2009/10, the board varied three of its contracts down, each on a carried
decision of the kind contract variation voted at its own meeting. Every date, value and
reason here is invented and marked illustrative; the seeds give no variation.

The variations keep the demo's totals: the contracts' values after them are exactly the
values ``contracts_data.yearly_values`` shares out (which add up, year by year, to the
programme's expenditure the budget demo reads). A varied contract is entered with its
original values (from the year the variation takes effect, the value of the year before
it, carried on), and the variation brings each later year to its share: the before and
after the variation keeps are the difference.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accord.commissioning import services as commissioning
from accord.commissioning.models import Contract
from accord.decisions.models import Proposal, ProposalKind

from .illustrative import illustrative_mark


@dataclass(frozen=True)
class DemoVariation:
    reference: str  # the contract's
    decision: str  # a key of contracts_data.decisions_for()
    agreed_on: datetime.date
    effective_on: datetime.date
    reason: str


# The board's decisions (illustrative Thursdays of March, each at a meeting of its own).
DECISIONS = {
    "variation-2009": (
        "Variation of the domestic abuse floating support contract for 2009/10 (Gloucestershire)",
        datetime.date(2009, 3, 12),
    ),
    "variation-2010": (
        "Variations of two older people's floating support contracts for 2010/11 (Gloucestershire)",
        datetime.date(2010, 3, 11),
    ),
}

VARIATIONS = {
    "gloucestershire": [
        DemoVariation(
            "GLOS-C-0011-T",
            "variation-2009",
            datetime.date(2009, 3, 19),
            datetime.date(2009, 4, 1),
            "The Supporting People grant falls again in 2009/10: the contract's value is "
            "reduced from 2009/10, the hours of support kept (illustrative).",
        ),
        DemoVariation(
            "GLOS-C-0006-T",
            "variation-2010",
            datetime.date(2010, 3, 18),
            datetime.date(2010, 4, 1),
            "The programme's expenditure falls to about £21.5 million in 2010/11: the "
            "contract's value is reduced for its last year (illustrative).",
        ),
        DemoVariation(
            "GLOS-C-0027-T",
            "variation-2010",
            datetime.date(2010, 3, 18),
            datetime.date(2010, 4, 1),
            "The programme's expenditure falls to about £21.5 million in 2010/11: the "
            "contract's value is reduced for its last year (illustrative).",
        ),
    ]
}


def variation_of(slug: str, reference: str) -> DemoVariation | None:
    for variation in VARIATIONS.get(slug, []):
        if variation.reference == reference:
            return variation
    return None


def original_values(
    variation: DemoVariation | None, values: dict[int, Decimal]
) -> dict[int, Decimal]:
    """The values the contract was let at: from the year the variation takes effect, the
    value of the year before it, carried on (its values unchanged without a variation)."""
    if variation is None:
        return values
    first = (
        variation.effective_on.year
        if variation.effective_on.month >= 4
        else (variation.effective_on.year - 1)
    )
    before = values.get(first - 1)
    if before is None:
        return values
    return {year: (before if year >= first else amount) for year, amount in values.items()}


def record_variation(
    contract: Contract,
    variation: DemoVariation,
    values: dict[int, Decimal],
    decisions: dict[str, Proposal],
) -> None:
    """Vary the just-entered contract to its final values (through the service, audited),
    and mark the variation illustrative."""
    first = variation.effective_on.year
    varied = commissioning.contract_vary(
        actor=None,
        contract=contract,
        agreed_on=variation.agreed_on,
        effective_on=variation.effective_on,
        reason=variation.reason,
        decision=decisions[variation.decision],
        values={year: amount for year, amount in values.items() if year >= first},
    )
    for row in contract.values.filter(financial_year__gte=first):
        illustrative_mark(actor=None, row=row, fields=["amount"])
    illustrative_mark(
        actor=None, row=varied, fields=["agreed_on", "effective_on", "reason", "changes"]
    )


DECISION_KIND = ProposalKind.CONTRACT_VARIATION
