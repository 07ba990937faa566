"""The complaints register's API: the same reads as its pages, the same policy, and the
same audit of each showing of a complainant's details (docs/api.md)."""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema

from accord import policy
from accord.commissioning.models import Provider
from accord.partnerships.endpoints import Router, partnership_from, replies
from accord.partnerships.selectors import get_in

from . import analysis, rates, selectors, services
from .models import (
    Channel,
    Classification,
    Complaint,
    ComplaintKind,
    Determination,
    Format,
    ImprovementActionStatus,
    Ombudsman,
    Outcome,
    SubjectKind,
)
from .presenting import current_stage, personal, stage_views

router = Router(tags=["complaints"])


class ComplaintFields(Schema):
    id: int
    subject_kind: SubjectKind
    provider_id: int | None
    service_id: int | None
    kind: ComplaintKind
    received_on: datetime.date
    channel: Channel
    ombudsman: Ombudsman
    closed_on: datetime.date | None


class ComplaintSummaryOut(ComplaintFields):
    """A complaint in a list: never the complainant's details."""

    stage: int | None

    @staticmethod
    def resolve_stage(complaint: Complaint) -> int | None:
        stage = current_stage(complaint)
        return stage.number if stage else None


class ComplaintStageOut(Schema):
    number: int
    opened_on: datetime.date
    handler: str
    acknowledge_by: datetime.date
    acknowledged_on: datetime.date | None
    respond_by: datetime.date
    extended_to: datetime.date | None
    extension_reason: str
    extension_told_on: datetime.date | None
    working_days_left: int | None
    overdue: bool
    responded_on: datetime.date | None
    outcome: Outcome | None
    remedy: str
    classifications: list[Classification]


class ImprovementActionOut(Schema):
    description: str
    owner: str
    due_on: datetime.date
    status: ImprovementActionStatus
    done_on: datetime.date | None


class ComplaintLessonOut(Schema):
    text: str
    actions: list[ImprovementActionOut]


class OmbudsmanReferralOut(Schema):
    ombudsman: Ombudsman
    referred_on: datetime.date
    determination: Determination | None
    determined_on: datetime.date | None
    remedy_ordered: str
    complied_on: datetime.date | None


class ComplaintOut(ComplaintFields):
    """One complaint. The complainant's details are "[redacted]" unless the reader handles
    the complaint (or administers the installation); each showing is audited."""

    stage: int | None
    code: str
    routed_to: str
    format: Format | None
    complainant_name: str
    complainant_email: str
    complainant_phone: str
    complainant_address: str
    summary: str
    desired_outcome: str
    adjustments: str
    advocate: str
    personal_erased_on: datetime.date | None
    stages: list[ComplaintStageOut]
    lessons: list[ComplaintLessonOut]
    referral: OmbudsmanReferralOut | None


@router.get(
    "/partnerships/{slug}/complaints",
    response=replies({200: list[ComplaintSummaryOut]}),
    summary="The partnership's complaints and service requests, newest first (no "
    "complainant's details)",
)
def complaint_list(request: HttpRequest, slug: str) -> QuerySet[Complaint]:
    return selectors.complaint_list(partnership_from(request, slug, "complaint.view"))


@router.get(
    "/partnerships/{slug}/complaints/{complaint_id}",
    response=replies({200: ComplaintOut}),
    summary="One complaint, with each stage's due dates in working days; the complainant's "
    "details only for its handlers",
)
def complaint_detail(request: HttpRequest, slug: str, complaint_id: int) -> dict[str, object]:
    partnership = partnership_from(request, slug, "complaint.view")
    complaint = selectors.complaint_get(partnership, complaint_id)
    visible = policy.may(request.user, "complaint.view_complainant", complaint)
    if visible and complaint.personal_erased_on is None:
        services.complainant_access_record(actor=request.user, complaint=complaint, where="api")
    referral = next(iter(complaint.referrals.all()), None)
    stage = current_stage(complaint)
    return {
        "id": complaint.pk,
        "subject_kind": complaint.subject_kind,
        "provider_id": complaint.provider_id,
        "service_id": complaint.service_id,
        "kind": complaint.kind,
        "received_on": complaint.received_on,
        "channel": complaint.channel,
        "ombudsman": complaint.ombudsman,
        "stage": stage.number if stage else None,
        "closed_on": complaint.closed_on,
        "code": complaint.code,
        "routed_to": complaint.routed_to,
        "format": complaint.format or None,
        **personal(complaint, visible=visible),
        "personal_erased_on": complaint.personal_erased_on,
        "stages": [
            {
                "number": view.stage.number,
                "opened_on": view.stage.opened_on,
                "handler": view.stage.handler.get_username(),
                "acknowledge_by": view.clock.acknowledge_by,
                "acknowledged_on": view.stage.acknowledged_on,
                "respond_by": view.clock.respond_by,
                "extended_to": view.stage.extended_to,
                "extension_reason": view.stage.extension_reason,
                "extension_told_on": view.stage.extension_told_on,
                "working_days_left": view.clock.days_left,
                "overdue": view.clock.overdue,
                "responded_on": view.stage.responded_on,
                "outcome": view.stage.outcome or None,
                "remedy": view.stage.remedy,
                "classifications": view.stage.classifications,
            }
            for view in stage_views(complaint, today=timezone.localdate())
        ],
        "lessons": [
            {"text": lesson.text, "actions": list(lesson.actions.all())}
            for lesson in complaint.lessons.all()
        ],
        "referral": None
        if referral is None
        else {
            "ombudsman": referral.ombudsman,
            "referred_on": referral.referred_on,
            "determination": referral.determination or None,
            "determined_on": referral.determined_on,
            "remedy_ordered": referral.remedy_ordered,
            "complied_on": referral.complied_on,
        },
    }


class ComplaintCountOut(Schema):
    name: str
    count: int


class ComplaintQuarterOut(Schema):
    quarter: str
    received: int
    service_requests: int
    closed_stage_1: int
    closed_stage_2: int
    answered: int
    answered_in_time: int
    outcomes: list[ComplaintCountOut]
    classifications: list[ComplaintCountOut]
    referrals: int
    lessons: int
    actions_open: int
    actions_done: int


class ComplaintRateOut(Schema):
    """Complaints per 100 service users or per 1,000 homes: ``rate`` is an exact decimal
    string ("0.85"), or null with ``missing`` saying why the denominator is not held."""

    complaints: int
    base: int | None
    per: int
    measure: str
    rate: str | None
    missing: str


class ComplaintQuarterRatesOut(Schema):
    quarter: str
    service_users: ComplaintRateOut
    homes: ComplaintRateOut | None


class ComplaintAnalysisOut(Schema):
    """Counts and rates only: no complainant's details. ``provider_id``: the provider the
    analysis is of, or null for the whole programme."""

    provider_id: int | None
    quarters: list[ComplaintQuarterOut]
    rates: list[ComplaintQuarterRatesOut]


def rate_out(rate: rates.Rate) -> dict[str, object]:
    return {
        "complaints": rate.complaints,
        "base": rate.base,
        "per": rate.per,
        "measure": rate.measure,
        "rate": None if rate.value is None else str(rate.value),
        "missing": "" if rate.available else rate.missing,
    }


@router.get(
    "/partnerships/{slug}/complaints-analysis",
    response=replies({200: ComplaintAnalysisOut}),
    summary="The quarterly analysis of complaints, by financial quarter, for the programme "
    "or one provider (counts and rates only)",
)
def complaint_analysis(
    request: HttpRequest, slug: str, provider_id: int | None = None
) -> dict[str, object]:
    partnership = partnership_from(request, slug, "complaint.view")
    if provider_id is not None:
        get_in(partnership, Provider, provider_id, field="provider_id")
    quarters = analysis.quarterly(partnership, today=timezone.localdate(), provider_id=provider_id)
    quarter_rates = rates.quarter_rates(rates.sizes(partnership), quarters, provider_id=provider_id)
    return {
        "provider_id": provider_id,
        "rates": [
            {
                "quarter": r.quarter,
                "service_users": rate_out(r.service_users),
                "homes": None if r.homes is None else rate_out(r.homes),
            }
            for r in quarter_rates
        ],
        "quarters": [
            {
                "quarter": q.name,
                "received": q.received,
                "service_requests": q.service_requests,
                "closed_stage_1": q.closed_stage_1,
                "closed_stage_2": q.closed_stage_2,
                "answered": q.answered,
                "answered_in_time": q.answered_in_time,
                "outcomes": [
                    {"name": value, "count": q.outcomes[value]} for value in Outcome.values
                ],
                "classifications": [
                    {"name": name, "count": q.classifications[name]}
                    for name in Classification.values
                ],
                "referrals": q.referrals,
                "lessons": q.lessons,
                "actions_open": q.actions_open,
                "actions_done": q.actions_done,
            }
            for q in quarters
        ],
    }
