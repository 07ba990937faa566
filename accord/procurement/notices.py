"""The notices a procurement publishes and the assessment summaries sent to its bidders
(issue 16 item 7), written with their audit events in the transaction of the step they
follow, and never changed afterwards (``notice_models``):

| step | notice |
| --- | --- |
| ``services.procurement_open`` | tender notice (PCR 2006: contract notice, unverified) |
| ``services.award_notice_publish`` | a summary per bidder, then the contract award notice |
| ``services.contract_sign`` | contract details notice (none under PCR 2006) |
| ``commissioning.contract_vary`` (hook) | contract change notice (none under PCR 2006) |
| ``commissioning.contract_terminate`` (hook) | contract termination notice (none under PCR 2006) |

Each regime names its notices, with their source, in ``accord.rules.procurement``; a step
its regime has no notice for publishes none (``None``). The texts are plain words built
from the data, never typed.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accord.audit.services import Actor, save_audited
from accord.commissioning.models import Contract, ContractTermination, ContractVariation
from accord.core.money import pounds

from .models import (
    Bid,
    Criterion,
    CriterionKind,
    Moderation,
    Procedure,
    Procurement,
    Regime,
    criteria_outline,
)
from .notice_models import AssessmentSummary, Notice, NoticeKind


def day(value: datetime.date | None) -> str:
    return f"{value:%-d %B %Y}" if value is not None else "not set"


def _publish(
    *,
    actor: Actor,
    procurement: Procurement,
    kind: str,
    on: datetime.date,
    lines: list[str],
    contract: Contract | None = None,
) -> Notice | None:
    """Store the regime's notice for the step, audited; None where the regime has none."""
    rule = procurement.rules.notice(kind)
    if rule is None:
        return None
    heading = f"{rule.name} ({Regime(procurement.regime).label})"
    if not rule.verified:
        heading += ". Not verified: " + (rule.note or rule.source)
    notice = Notice(
        partnership_id=procurement.partnership_id,
        procurement=procurement,
        contract=contract,
        kind=kind,
        regime=procurement.regime,
        name=rule.name,
        number=rule.number,
        verified=rule.verified,
        source=rule.source,
        published_on=on,
        text="\n".join([heading, *lines]),
    )
    return save_audited(notice, actor=actor, action="procurement.notice_publish")


def _buyer_line(procurement: Procurement) -> str:
    return f"Published by {procurement.partnership.name} for procurement {procurement.reference}."


# ---------------------------------------------------------------- the steps' notices


def tender_notice(*, actor: Actor, procurement: Procurement) -> Notice | None:
    """The tender, as ``procurement_open`` publishes it (dated its notice date)."""
    outline = criteria_outline(Criterion.objects.filter(procurement=procurement))
    weights = "; ".join(
        f"{c.name} {c.weight}%"
        + (" (lowest price scores highest)" if c.kind == "price" else "")
        + (
            " (its sub-criteria: " + ", ".join(f"{s.name} {s.weight}%" for s in subs) + ")"
            if subs
            else ""
        )
        for c, subs in outline
    )
    deadline = (
        timezone.localtime(procurement.deadline).strftime("%-d %B %Y, %H:%M")
        if procurement.deadline
        else "not set"
    )
    lines = [
        _buyer_line(procurement),
        f"Bids are invited for {procurement.title}.",
    ]
    if procurement.description:
        lines.append(f"What is to be bought: {procurement.description}")
    lines += [
        f"Estimated value: {pounds(procurement.estimated_value)} over "
        f"{procurement.term_months} months.",
        f"Procedure: {Procedure(procurement.procedure).label}"
        + (", a light-touch contract." if procurement.light_touch else "."),
        f"How bids will be assessed: {weights}.",
        f"Deadline for bids: {deadline}. A bid received after it is excluded.",
    ]
    on = procurement.notice_on or timezone.localdate()
    return _publish(
        actor=actor, procurement=procurement, kind=NoticeKind.TENDER, on=on, lines=lines
    )


def standstill_words(procurement: Procurement) -> str:
    if procurement.standstill_opt_out_reason:
        return f"No standstill: the contract opts out ({procurement.standstill_opt_out_reason})."
    if procurement.standstill_last_day is None:
        return "No standstill period applies."
    return (
        f"Standstill: {procurement.standstill_days} working days, ending at the end of "
        f"{procurement.standstill_last_day:%A %-d %B %Y}. The contract is not entered into "
        "before then."
    )


def award_notice(*, actor: Actor, procurement: Procurement) -> Notice | None:
    """The contract award notice, as ``award_notice_publish`` publishes it."""
    bid = procurement.awarded_bid
    on = procurement.award_notice_on
    if bid is None or on is None:
        raise ValueError("the award notice names the awarded bid and its date")
    count = Bid.objects.filter(procurement=procurement).count()
    decision = procurement.award_decision
    lines = [
        _buyer_line(procurement),
        f"The contract for {procurement.title} is to be awarded to {bid.provider.name}, "
        f"whose bid of {pounds(bid.price)} ranked first.",
        f"Bids received: {count}.",
    ]
    if decision is not None:
        lines.append(f"Decided by the board: {decision.title}.")
    lines.append(standstill_words(procurement))
    return _publish(
        actor=actor, procurement=procurement, kind=NoticeKind.CONTRACT_AWARD, on=on, lines=lines
    )


def _value(contract: Contract) -> Decimal:
    total: Decimal | None = contract.values.aggregate(total=Sum("amount"))["total"]
    return total if total is not None else Decimal(0)


def details_notice(*, actor: Actor, procurement: Procurement) -> Notice | None:
    """The contract entered into, as ``contract_sign`` publishes it."""
    contract = procurement.contract
    bid = procurement.awarded_bid
    if contract is None or bid is None or procurement.signed_on is None:
        raise ValueError("the contract details notice follows the signature")
    lines = [
        _buyer_line(procurement),
        f"Contract {contract.reference} for {procurement.title} was entered into on "
        f"{day(procurement.signed_on)} with {contract.provider.name}.",
        f"Awarded value: {pounds(bid.price)}. It runs from {day(contract.start_date)} to "
        f"{day(contract.end_date)}.",
    ]
    return _publish(
        actor=actor,
        procurement=procurement,
        kind=NoticeKind.CONTRACT_DETAILS,
        on=procurement.signed_on,
        lines=lines,
        contract=contract,
    )


def _procured(contract: Contract) -> Procurement | None:
    """The procurement that let the contract, where it published its tender."""
    procurement = (
        Procurement.objects.filter(contract=contract).select_related("partnership").first()
    )
    if procurement is None or not Notice.objects.filter(procurement=procurement).exists():
        return None
    return procurement


def change_notice(variation: ContractVariation, actor: Actor) -> Notice | None:
    """A variation of a procured contract (``commissioning.contract_vary``, through
    ``contract_hooks``): dated the notice the officer recorded, else the day agreed."""
    contract = variation.contract
    procurement = _procured(contract)
    if procurement is None:
        return None
    lines = [
        _buyer_line(procurement),
        f"Contract {contract.reference} with {contract.provider.name} is varied (variation "
        f"{variation.number}, agreed on {day(variation.agreed_on)}, taking effect on "
        f"{day(variation.effective_on)}): {variation.kinds_text or 'no change'}.",
        f"Why: {variation.reason}",
    ]
    changes = variation.changes or {}
    if changes.get("values"):
        lines.append(f"The contract's value after it: {pounds(_value(contract))}.")
    if changes.get("end_date"):
        lines.append(f"It now ends on {day(contract.end_date)}.")
    if variation.notice_text:
        lines.append(f"The partnership's notice: {variation.notice_text}")
    return _publish(
        actor=actor,
        procurement=procurement,
        kind=NoticeKind.CONTRACT_CHANGE,
        on=variation.notice_published_on or variation.agreed_on,
        lines=lines,
        contract=contract,
    )


def termination_notice(termination: ContractTermination, actor: Actor) -> Notice | None:
    """A procured contract ended early (``commissioning.contract_terminate``): the
    identifiers, the supplier's, the reasons, the date and the value (reg 41)."""
    contract = termination.contract
    procurement = _procured(contract)
    if procurement is None:
        return None
    provider = contract.provider
    supplier = provider.name + (f" ({provider.org_id})" if provider.org_id else "")
    lines = [
        _buyer_line(procurement),
        f"Contract {contract.reference} (procurement {procurement.reference}) with {supplier} "
        f"ends early on {day(termination.terminated_on)}; it was to end on "
        f"{day(termination.end_date_before)}.",
        f"Why: {termination.get_reason_code_display()}: {termination.reason}",
        f"The contract's value: {pounds(_value(contract))}.",
    ]
    if termination.notice_text:
        lines.append(f"The partnership's notice: {termination.notice_text}")
    return _publish(
        actor=actor,
        procurement=procurement,
        kind=NoticeKind.CONTRACT_TERMINATION,
        on=termination.notice_published_on or termination.terminated_on,
        lines=lines,
        contract=contract,
    )


# ---------------------------------------------------------------- assessment summaries


def _ordinal(rank: int) -> str:
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def _criterion_figures(
    criterion: Criterion,
    mine: Bid,
    parts: dict[int, Decimal],
    winner: Bid,
    winning_parts: dict[int, Decimal],
    moderated: dict[tuple[int, int], Moderation],
    *,
    headings: set[int],
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "criterion": criterion.name,
        "kind": criterion.kind,
        "weight": criterion.weight,
        "score": str(parts[criterion.pk]),
        "winning_score": str(winning_parts[criterion.pk]),
        # A sub-criterion names its criterion; a criterion with sub-criteria is not scored
        # itself: its points are theirs added up.
        "parent": criterion.parent.name if criterion.parent is not None else "",
        "subcriteria": criterion.pk in headings,
    }
    if row["subcriteria"]:
        row["reasons"] = "The points of its sub-criteria added up."
    elif criterion.kind == CriterionKind.PRICE:
        row["price"] = str(mine.price)
        row["winning_price"] = str(winner.price)
        row["reasons"] = "Scored by the declared formula: the lowest price over this price, "
        row["reasons"] += "times the weight."
    else:
        own, theirs = (
            moderated.get((mine.pk, criterion.pk)),
            moderated.get((winner.pk, criterion.pk)),
        )
        row["max_score"] = criterion.max_score
        row["agreed"] = own.score if own else None
        row["winning_agreed"] = theirs.score if theirs else None
        row["reasons"] = own.rationale if own else ""
    return row


def _summary_text(procurement: Procurement, summary: AssessmentSummary, bid: Bid) -> str:
    lines = [
        f"Assessment summary for {bid.provider.name}: your bid for {procurement.title} "
        f"(procurement {procurement.reference}), from {procurement.partnership.name}.",
    ]
    if summary.excluded_reason:
        lines += [
            "Your bid was excluded and was not assessed.",
            f"Why: {summary.excluded_reason}",
        ]
    else:
        winner = procurement.awarded_bid
        if winner is None or summary.rank is None:
            raise ValueError("an assessed bid's summary follows the award")
        if winner.pk == bid.pk:
            lines.append(
                f"Your bid ranked first of {summary.bidders_ranked} with {summary.total} points "
                "out of 100: the contract is to be awarded to you."
            )
        else:
            lines.append(
                f"Your bid ranked {_ordinal(summary.rank)} of {summary.bidders_ranked} with "
                f"{summary.total} points out of 100. The winning bid, from "
                f"{winner.provider.name}, scored {summary.winning_total} points."
            )
        for row in summary.figures:
            if row.get("subcriteria"):
                lines.append(
                    f"{row['criterion']} (weight {row['weight']}): {row['score']} points, the "
                    "sum of its sub-criteria's below; the winning bid "
                    f"{row['winning_score']} points."
                )
            elif row["kind"] == CriterionKind.PRICE:
                lines.append(
                    f"{row['criterion']} (weight {row['weight']}): your price "
                    f"{pounds(row['price'])} scored {row['score']}; the winning price "
                    f"{pounds(row['winning_price'])} scored {row['winning_score']}. "
                    f"{row['reasons']}"
                )
            else:
                named = f"{row['parent']}: " if row.get("parent") else ""
                lines.append(
                    f"{named}{row['criterion']} (weight {row['weight']}): the panel agreed "
                    f"{row['agreed']} out of {row['max_score']}, {row['score']} points; the "
                    f"winning bid {row['winning_agreed']} out of {row['max_score']}, "
                    f"{row['winning_score']} points. The panel's reasons: {row['reasons']}"
                )
    lines.append(standstill_words(procurement))
    return "\n".join(lines)


def summaries_send(*, actor: Actor, procurement: Procurement) -> list[AssessmentSummary]:
    """An assessment summary for each bidder, on the day the contract award notice is
    published (``award_notice_publish``, before the notice): the figures are those of
    ``selectors.evaluation``, the reasons the moderation's rationales; an excluded bid's
    summary states its exclusion and the reason."""
    from .selectors import criteria_of, evaluation

    on = procurement.award_notice_on
    winner = procurement.awarded_bid
    if on is None or winner is None:
        raise ValueError("the summaries are sent with the contract award notice")
    ranked = {row.bid.pk: row for row in evaluation(procurement)}
    from .selectors import heading_keys

    criteria = criteria_of(procurement)  # each sub-criterion under its criterion
    headings = heading_keys(criteria)
    moderated = {
        (m.bid_id, m.criterion_id): m
        for m in Moderation.objects.filter(bid__procurement=procurement)
    }
    winning = ranked[winner.pk]
    sent = []
    bids = Bid.objects.filter(procurement=procurement).select_related("provider").order_by("id")
    for bid in bids:
        summary = AssessmentSummary(
            partnership_id=procurement.partnership_id,
            procurement=procurement,
            bid=bid,
            sent_on=on,
            standstill_last_day=procurement.standstill_last_day,
            bidders_ranked=len(ranked),
        )
        row = ranked.get(bid.pk)
        if row is None:
            summary.excluded_reason = bid.excluded_reason or "Not assessed"
        else:
            summary.rank = row.rank
            summary.total = row.total
            summary.winning_total = winning.total
            summary.winning_price = winner.price
            summary.figures = [
                _criterion_figures(
                    c, bid, row.parts, winner, winning.parts, moderated, headings=headings
                )
                for c in criteria
            ]
        summary.text = _summary_text(procurement, summary, bid)
        sent.append(save_audited(summary, actor=actor, action="procurement.summary_send"))
    return sent


@transaction.atomic
def award_published(*, actor: Actor, procurement: Procurement) -> Notice | None:
    """The summaries, then the contract award notice (the Act: a summary to each supplier
    who submitted an assessed tender before the notice is published)."""
    summaries_send(actor=actor, procurement=procurement)
    return award_notice(actor=actor, procurement=procurement)
