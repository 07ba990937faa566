"""What performance adds to a person's work (``accord.core.work``): for the people who sign
in for a provider (issue 18), the returns pages of each partnership they provide to, with
how many of their services' returns the programme team has queried."""

import datetime
from collections import Counter
from collections.abc import Sequence

from django.urls import reverse

from accord import policy
from accord.core.work import User, WorkItem, WorkList
from accord.partnerships.models import Partnership

from .models import QuarterlyReturn, ReturnStatus


class ProviderReturnsWork:
    """Two queries whatever the data: the partnerships, and the queried returns."""

    def lists(self, user: User, *, on: datetime.date) -> Sequence[WorkList]:
        partnership_ids = policy.held(user, "provides_to", on=on)
        if not partnership_ids:
            return []
        queried = Counter(
            QuarterlyReturn.objects.filter(
                partnership_id__in=partnership_ids,
                service__provider_id__in=policy.provider_ids(user, on=on),
                status=ReturnStatus.QUERIED,
            )
            .order_by()
            .values_list("partnership_id", flat=True)
        )
        items = [
            WorkItem(
                title=f"Quarterly returns, {partnership.name}",
                url=reverse("performance:return-list", args=[partnership.slug]),
                detail=(
                    f"{queried[partnership.pk]} queried: answer and submit again"
                    if queried[partnership.pk]
                    else "Submit each quarter's return for your services"
                ),
            )
            for partnership in Partnership.objects.filter(pk__in=partnership_ids).order_by("name")
        ]
        return [WorkList("provider-returns", "Your services' returns", 25, items)]
