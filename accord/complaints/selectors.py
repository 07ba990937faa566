"""Reads of the complaints register: facts in, rows out (never the policy: the views ask
it and pass in whether the reader may see the complainant)."""

import datetime

from django.db.models import Prefetch, QuerySet

from accord.commissioning.models import Provider, Service
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from .models import (
    Complaint,
    HomesManaged,
    Lesson,
    ProvisionAnswer,
    Referral,
    ServiceUsers,
    Stage,
)


def complaint_list(partnership: Partnership) -> QuerySet[Complaint]:
    """Its complaints, newest first, with what a list row shows: four queries whatever
    the number of rows (with the count)."""
    return (
        Complaint.objects.filter(partnership=partnership)
        .select_related("provider", "service")
        .prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("number")))
        .order_by("-received_on", "-pk")
    )


def complaint_get(partnership: Partnership, pk: object) -> Complaint:
    rows = Complaint.objects.select_related("provider", "service").prefetch_related(
        Prefetch("stages", queryset=Stage.objects.select_related("handler").order_by("number")),
        Prefetch("lessons", queryset=Lesson.objects.prefetch_related("actions")),
        Prefetch("referrals", queryset=Referral.objects.all()),
    )
    return get_in(partnership, rows, pk)


def complaint_analysis_rows(
    partnership: Partnership, *, provider_id: int | None = None
) -> QuerySet[Complaint]:
    """Every complaint with its stages, lessons, actions and referrals: what the quarterly
    analysis counts (five queries whatever their number)."""
    rows = Complaint.objects.filter(partnership=partnership)
    if provider_id is not None:
        rows = rows.filter(provider_id=provider_id)
    return rows.prefetch_related(
        Prefetch("stages", queryset=Stage.objects.order_by("number")),
        Prefetch("lessons", queryset=Lesson.objects.prefetch_related("actions")),
        "referrals",
    ).order_by("received_on", "pk")


# ---------------------------------------------------------------------------------------
# Monitoring: what the rates divide by, and the self-assessment's answers.


def service_sizes(
    partnership: Partnership,
) -> list[tuple[int, int, int, str, datetime.date, datetime.date | None, str]]:
    """Each of the partnership's services with what a rate per 100 service users reads
    (one query): its id, provider, contracted capacity and unit, dates and status."""
    return list(
        Service.objects.filter(partnership=partnership).values_list(
            "pk", "provider_id", "capacity", "capacity_unit", "start_date", "end_date", "status"
        )
    )


def service_users(partnership: Partnership) -> QuerySet[ServiceUsers]:
    return (
        ServiceUsers.objects.filter(partnership=partnership)
        .select_related("service")
        .order_by("financial_year", "service__reference")
    )


def homes_managed(partnership: Partnership) -> QuerySet[HomesManaged]:
    return HomesManaged.objects.filter(partnership=partnership).order_by("financial_year")


def providers_named(partnership: Partnership) -> dict[int, str]:
    """The partnership's providers' names by id (one query)."""
    return dict(Provider.objects.filter(partnership=partnership).values_list("pk", "name"))


def provision_answers(
    partnership: Partnership, *, code: str, financial_year: int
) -> dict[str, ProvisionAnswer]:
    return {
        answer.provision: answer
        for answer in ProvisionAnswer.objects.filter(
            partnership=partnership, code=code, financial_year=financial_year
        )
    }


def complaint_months(partnership: Partnership) -> list[datetime.date]:
    """The months in which the partnership received complaints (one query)."""
    return list(Complaint.objects.filter(partnership=partnership).dates("received_on", "month"))


def assessment_stages(
    partnership: Partnership, *, code: str, first: datetime.date, last: datetime.date
) -> QuerySet[Stage]:
    """The stages opened in the period of complaints that follow the code, with their
    complaint's stages (what the self-assessment computes from: two queries)."""
    return (
        Stage.objects.filter(
            partnership=partnership,
            complaint__code=code,
            complaint__kind="complaint",
            opened_on__gte=first,
            opened_on__lte=last,
        )
        .select_related("complaint")
        .prefetch_related(Prefetch("complaint__stages", queryset=Stage.objects.order_by("number")))
        .order_by("opened_on", "pk")
    )


def complaint_ombudsmen(partnership: Partnership) -> set[str]:
    """The ombudsmen the partnership's complaints go to (one query)."""
    return set(
        Complaint.objects.filter(partnership=partnership)
        .values_list("ombudsman", flat=True)
        .distinct()
    )
