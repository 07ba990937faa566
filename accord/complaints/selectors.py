"""Reads of the complaints register: facts in, rows out (never the policy: the views ask
it and pass in whether the reader may see the complainant)."""

from django.db.models import Prefetch, QuerySet

from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from .models import Complaint, Lesson, Referral, Stage


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
