"""Publishing a procurement's OCDS releases: each written, with its audit event, in the
transaction of the step that publishes it (``services.py`` calls these), and never changed
afterwards (``models.Release``). A correction is a new release.

For the variations of a contract (``contract_amendment_release_publish``) and its
termination (``contract_termination_release_publish``): the services that vary or end a
contract call them in their own transaction; a contract let without a procurement has no
contracting process here, and they publish nothing (``None``).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from accord.audit.services import Actor, save_audited
from accord.commissioning.models import Contract, ContractTermination, ContractVariation

from . import ocds
from .models import Bid, Procurement, Release


def ocid_of(procurement: Procurement) -> str:
    """The procurement's ocid: that of its first release, else a new one from the setting."""
    first = Release.objects.filter(procurement=procurement).order_by("id").first()
    return first.ocid if first is not None else ocds.ocid_for(procurement)


@transaction.atomic
def release_publish(
    *,
    actor: Actor,
    procurement: Procurement,
    tag: str,
    date: datetime.datetime,
    parties: list[dict[str, Any]],
    **sections: Any,
) -> Release:
    """Store one release of the procurement, audited. Its id is the ocid and its number
    among them; its date never before the previous release's, so that the releases of a
    contracting process are in the order they were published."""
    # One publisher at a time per procurement: the numbering below counts what is there.
    list(Procurement.objects.select_for_update().filter(pk=procurement.pk).values_list("pk"))
    ocid = ocid_of(procurement)
    published = list(Release.objects.filter(procurement=procurement).order_by("id"))
    if published and date < published[-1].date:
        date = published[-1].date
    release_id = f"{ocid}-{len(published) + 1:02d}-{tag}"
    data = ocds.release(
        procurement,
        ocid=ocid,
        release_id=release_id,
        date=date,
        tag=[tag],
        parties=parties,
        **sections,
    )
    row = Release(
        partnership_id=procurement.partnership_id,
        procurement=procurement,
        ocid=ocid,
        release_id=release_id,
        date=date,
        tag=[tag],
        data=data,
    )
    return save_audited(row, actor=actor, action="procurement.release_publish")


def bids_of(procurement: Procurement) -> list[Bid]:
    return list(
        Bid.objects.filter(procurement=procurement).select_related("provider").order_by("id")
    )


def tender_publish(
    *, actor: Actor, procurement: Procurement, now: datetime.datetime
) -> list[Release]:
    """The tendering strategy approved (``planning``, dated by the board's decision when it
    has its date) and the tender opened (``tender``): ``procurement_open``."""
    decision = procurement.strategy_decision
    approved = now
    if decision is not None and decision.decided_on is not None:
        approved = min(now, ocds.day_start(decision.decided_on))
    parties = [ocds.buyer_party(procurement)]
    criteria = list(procurement.criteria.order_by("id"))
    return [
        release_publish(
            actor=actor,
            procurement=procurement,
            tag="planning",
            date=approved,
            parties=parties,
            **ocds.planning_sections(procurement),
        ),
        release_publish(
            actor=actor,
            procurement=procurement,
            tag="tender",
            date=now,
            parties=parties,
            **ocds.tender_sections(procurement, criteria),
        ),
    ]


def award_publish(*, actor: Actor, procurement: Procurement) -> Release:
    """The award, as the contract award notice publishes it: ``award_notice_publish``."""
    notice = procurement.award_notice_on
    if notice is None:
        raise ValueError("the award is published with its notice")
    bids = bids_of(procurement)
    return release_publish(
        actor=actor,
        procurement=procurement,
        tag="award",
        date=ocds.day_start(notice),
        parties=ocds.bidder_parties(procurement, bids),
        **ocds.award_sections(procurement, bids),
    )


def contract_publish(*, actor: Actor, procurement: Procurement) -> Release:
    """The contract signed: ``contract_sign``."""
    signed = procurement.signed_on
    if signed is None:
        raise ValueError("the contract is published once signed")
    return release_publish(
        actor=actor,
        procurement=procurement,
        tag="contract",
        date=ocds.day_start(signed),
        parties=ocds.bidder_parties(procurement, bids_of(procurement)),
        **ocds.contract_sections(procurement),
    )


def _procured(contract: Contract) -> Procurement | None:
    procurement = (
        Procurement.objects.filter(contract=contract)
        .select_related("partnership", "awarded_bid__provider", "contract")
        .first()
    )
    if procurement is None or not Release.objects.filter(procurement=procurement).exists():
        return None
    return procurement


def _contract_change(
    *,
    actor: Actor,
    contract: Contract,
    on: datetime.date,
    tag: str,
    change: dict[str, Any],
) -> Release | None:
    procurement = _procured(contract)
    if procurement is None:
        return None
    earlier = list(
        Release.objects.filter(procurement=procurement)
        .order_by("id")
        .values_list("data", flat=True)
    )
    current = ocds.latest_contract(earlier, contract.reference)
    current.update(change)
    return release_publish(
        actor=actor,
        procurement=procurement,
        tag=tag,
        date=ocds.day_start(on),
        parties=ocds.bidder_parties(procurement, bids_of(procurement)),
        contracts=[current],
    )


@transaction.atomic
def contract_amendment_release_publish(
    *,
    actor: Actor,
    contract: Contract,
    on: datetime.date,
    amendment_id: str,
    rationale: str,
    description: str,
    value: Decimal | None = None,
    end_date: datetime.date | None = None,
) -> Release | None:
    """Publish a variation of a procured contract as a ``contractAmendment`` release: the
    contract with its new value (the whole, in pounds) or end date where they change, and
    the amendment (its id unique for the contract, its date, why and what changed) beside
    the earlier ones. Call it in the transaction of the service that records the variation.
    ``None`` for a contract let without a procurement (no contracting process to publish).
    """
    if not amendment_id.strip():
        raise ValidationError({"amendment_id": "Give the variation an id"})
    if not rationale.strip():
        raise ValidationError({"rationale": "Say why the contract is varied"})
    procurement = _procured(contract)
    if procurement is None:
        return None
    earlier = list(
        Release.objects.filter(procurement=procurement)
        .order_by("id")
        .values_list("data", flat=True)
    )
    current = ocds.latest_contract(earlier, contract.reference)
    amendments = list(current.get("amendments", []))
    if any(a.get("id") == amendment_id for a in amendments):
        raise ValidationError({"amendment_id": "This contract already has a variation of that id"})
    previous = next(
        (data["id"] for data in reversed(earlier)
         if any(c.get("id") == contract.reference for c in data.get("contracts", []))),
        None,
    )  # fmt: skip
    amendment: dict[str, Any] = {
        "id": amendment_id,
        "date": ocds.stamp(ocds.day_start(on)),
        "rationale": rationale.strip(),
    }
    if description.strip():
        amendment["description"] = description.strip()
    if previous is not None:
        amendment["amendsReleaseID"] = previous
    change: dict[str, Any] = {"amendments": [*amendments, amendment]}
    if value is not None:
        change["value"] = ocds.money(value)
    if end_date is not None:
        period = dict(current.get("period", {}))
        period["endDate"] = ocds.stamp(ocds.day_end(end_date))
        change["period"] = period
    return _contract_change(
        actor=actor, contract=contract, on=on, tag="contractAmendment", change=change
    )


@transaction.atomic
def contract_termination_release_publish(
    *, actor: Actor, contract: Contract, on: datetime.date, reason: str
) -> Release | None:
    """Publish the early end of a procured contract as a ``contractTermination`` release
    (status terminated, its period ending that day). ``None`` as for an amendment."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the contract is terminated"})
    procurement = _procured(contract)
    if procurement is None:
        return None
    earlier = Release.objects.filter(procurement=procurement).order_by("id")
    current = ocds.latest_contract(earlier.values_list("data", flat=True), contract.reference)
    period = dict(current.get("period", {}))
    period["endDate"] = ocds.stamp(ocds.day_end(on))
    change = {"status": "terminated", "period": period, "description": reason.strip()}
    return _contract_change(
        actor=actor, contract=contract, on=on, tag="contractTermination", change=change
    )


# ---------------------------------------------------------------- from commissioning's hooks


def variation_published(variation: ContractVariation, actor: Actor) -> Release | None:
    """A contract's variation (``commissioning.contract_vary``) as its amendment release:
    the contract's whole value after it, where its values changed, and its end date, where
    its term did. Plugged into ``accord.commissioning.contract_hooks`` (``apps.ready``)."""
    contract = variation.contract
    changes = variation.changes or {}
    value = None
    if changes.get("values"):
        value = contract.values.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return contract_amendment_release_publish(
        actor=actor,
        contract=contract,
        on=variation.agreed_on,
        amendment_id=f"{contract.reference}-variation-{variation.number}",
        rationale=variation.reason,
        description=f"Variation {variation.number}: {variation.kinds_text or 'no change'}, "
        f"taking effect on {variation.effective_on:%-d %B %Y}",
        value=value,
        end_date=contract.end_date if changes.get("end_date") else None,
    )


def termination_published(termination: ContractTermination, actor: Actor) -> Release | None:
    """A contract's early end (``commissioning.contract_terminate``) as its termination
    release. Plugged in as ``variation_published`` is."""
    reason = f"{termination.get_reason_code_display()}: {termination.reason}"
    return contract_termination_release_publish(
        actor=actor, contract=termination.contract, on=termination.terminated_on, reason=reason
    )
