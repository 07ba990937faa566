"""What governance adds to a person's work (``accord.core.work``): the amendments of the
constitution awaiting the signature of a partner they represent, with a link to sign."""

import datetime
from collections.abc import Sequence

from django.urls import reverse

from accord import policy
from accord.core.work import Link, User, WorkItem, WorkList

from .models import Amendment, ConstitutionStatus, Partner, Person, Signature
from .services import partners_spoken_for


class GovernanceWork:
    """Four queries whatever the data: the person's people, the partners they represent,
    the amendments awaiting signature, and the signatures given."""

    def lists(self, user: User, *, on: datetime.date) -> Sequence[WorkList]:
        if not policy.member_partnership_ids(user, on=on):
            return []
        people = list(Person.objects.filter(user_id=int(user.pk or 0)).values_list("pk", flat=True))
        represented = partners_spoken_for(people, on)
        if not represented:
            return []
        partners = Partner.objects.in_bulk(list(represented))
        amendments = list(
            Amendment.objects.filter(
                partnership_id__in={p.partnership_id for p in partners.values()},
                version__status=ConstitutionStatus.DRAFT,
            )
            .select_related("version", "partnership")
            .order_by("proposed_on", "pk")
        )
        signed = set(
            Signature.objects.filter(amendment__in=amendments)
            .order_by()
            .values_list("amendment_id", "partner_id")
        )
        items = []
        for amendment in amendments:
            for partner in partners.values():
                if partner.partnership_id != amendment.partnership_id:
                    continue
                if (amendment.pk, partner.pk) in signed:
                    continue
                url = reverse(
                    "governance:signature-create", args=[amendment.partnership.slug, amendment.pk]
                )
                items.append(
                    WorkItem(
                        amendment.version.title,
                        reverse(
                            "governance:constitution-detail", args=[amendment.partnership.slug]
                        ),
                        f"Proposed on {amendment.proposed_on:%-d %B %Y}; "
                        f"{partner.name} has not signed",
                        [Link(f"Sign for {partner.name}", url)],
                    )
                )
        return [WorkList("signatures", "Amendments awaiting your partner's signature", 30, items)]
