"""The contracts a decision authorised, on the decision's page (``accord.decisions.effects``):
one query, for those who may see contracts."""

import datetime
from collections.abc import Sequence

from django.urls import reverse

from accord import policy
from accord.core.money import pounds
from accord.decisions.effects import Effect, EffectList, User
from accord.decisions.models import Proposal

from .selectors import contracts_authorised


class ContractsAuthorised:
    def effects(self, proposal: Proposal, *, user: User, on: datetime.date) -> Sequence[EffectList]:
        if not policy.may(user, "contract.view", proposal, on=on):
            return []
        items = [
            Effect(
                text=f"{contract.reference} {contract.title}",
                url=reverse(
                    "commissioning:contract-detail", args=[proposal.partnership.slug, contract.pk]
                ),
                detail=f"{contract.provider.name}; {contract.get_status_display().lower()}; "
                f"{pounds(getattr(contract, 'total', 0))} over its length",
            )
            for contract in contracts_authorised([proposal.pk])
        ]
        return [EffectList(heading="Contracts", order=10, items=items)]
