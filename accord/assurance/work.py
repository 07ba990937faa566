"""What governance standards add to a person's work (``accord.core.work``): for those who
may read it, the council-wide register of partnerships; for a programme team, the actions
on its audits' findings that are overdue, each linked to its audit."""

import datetime
from collections.abc import Sequence

from django.urls import reverse

from accord import policy
from accord.core.work import User, WorkItem, WorkList

from .models import AuditAction


class AssuranceWork:
    """At most one query whatever the data: the overdue actions of the partnerships whose
    programme team the person is on (the roles are the policy's, cached for the request)."""

    def lists(self, user: User, *, on: datetime.date) -> Sequence[WorkList]:
        if not user.is_authenticated:
            return []
        found = []
        if policy.may(user, "partnership_register.view", on=on):
            found.append(
                WorkList(
                    "partnership-register",
                    "For scrutiny",
                    80,
                    [
                        WorkItem(
                            "Register of partnerships",
                            reverse("assurance:partnership-register"),
                            "Each partnership's purpose, lead partner, budget, compliance "
                            "with the governance standards and risk rating",
                        )
                    ],
                )
            )
        administered = policy.administered_partnership_ids(user, on=on)
        if administered:
            overdue = list(
                AuditAction.objects.filter(
                    partnership_id__in=administered, done_on__isnull=True, due_on__lt=on
                )
                .select_related("finding", "partnership")
                .order_by("due_on", "pk")[:20]
            )
            items = [
                WorkItem(
                    item.action,
                    reverse(
                        "assurance:audit-detail",
                        args=[item.partnership.slug, item.finding.audit_id],
                    ),
                    f"{item.partnership.name}: owned by {item.owner}, due by "
                    f"{item.due_on:%-d %B %Y}; overdue",
                )
                for item in overdue
            ]
            if items:
                found.append(WorkList("audit-actions", "Overdue actions from audits", 81, items))
        return found
