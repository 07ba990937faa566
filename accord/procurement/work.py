"""What procurement adds to a person's work (``accord.core.work``): for the people who
sign in for a provider, the page of their bids in each partnership they provide to, with
how many of its tenders are open for bids (and questions)."""

import datetime
from collections import Counter
from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone

from accord import policy
from accord.core.work import User, WorkItem, WorkList
from accord.partnerships.models import Partnership

from . import selectors


class ProviderBidsWork:
    """Two queries whatever the data: the partnerships, and their open tenders."""

    def lists(self, user: User, *, on: datetime.date) -> Sequence[WorkList]:
        partnership_ids = policy.held(user, "provides_to", on=on)
        if not partnership_ids:
            return []
        open_tenders = Counter(
            selectors.open_tenders(partnership_ids, now=timezone.now())
            .order_by()
            .values_list("partnership_id", flat=True)
        )
        items = [
            WorkItem(
                title=f"Bids and tenders, {partnership.name}",
                url=reverse("procurement:own-bids", args=[partnership.slug]),
                detail=(
                    f"{count} tender{'s' if count != 1 else ''} open for bids: read the "
                    "questions and answers, or ask a question"
                    if (count := open_tenders[partnership.pk])
                    else "Your bids in its procurements"
                ),
            )
            for partnership in Partnership.objects.filter(pk__in=partnership_ids).order_by("name")
        ]
        return [WorkList("provider-bids", "Your bids and tenders", 26, items)]
