"""The monitoring's API (issue 19): the annual complaints performance report, the Code's
self-assessment and its answers, and the homes figure, with the same services, policy and
redaction as the pages (counts and redacted text only)."""

import datetime
from typing import Annotated

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status

from accord.commissioning.models import Service
from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR
from accord.core.schemas import Text
from accord.core.text import NAME, NOTE
from accord.partnerships.endpoints import (
    CREATE_ERRORS,
    SIGNED_IN,
    Router,
    example,
    partnership_from,
    replies,
)
from accord.partnerships.selectors import get_in

from . import codes, report, selectors, selfassessment, services
from .api import ComplaintCountOut, ComplaintRateOut, rate_out
from .models import (
    Classification,
    HomesManaged,
    ImprovementActionStatus,
    Met,
    Outcome,
    ServiceUsers,
)

router = Router(tags=["complaints"])

Year = Annotated[int, Field(ge=FIRST_FINANCIAL_YEAR, le=LAST_FINANCIAL_YEAR)]


def year_in_range(year: int) -> int:
    if not FIRST_FINANCIAL_YEAR <= year <= LAST_FINANCIAL_YEAR:
        raise Http404("No such financial year")
    return year


def code_named(key: str) -> codes.Code:
    if key not in codes.CODE_KEYS:
        raise Http404("No such complaint handling code")
    return codes.CODE_KEYS[key]


class ReportQuarterOut(Schema):
    quarter: str
    received: int
    closed_stage_1: int
    closed_stage_2: int
    answered: int
    answered_in_time: int
    referrals: int


class ReportProviderOut(Schema):
    provider_id: int
    name: str
    received: int
    rate: ComplaintRateOut


class ReportReferralOut(Schema):
    ombudsman: str
    referred_on: datetime.date
    determination: str
    remedy_ordered: str
    complied_on: datetime.date | None


class ReportActionOut(Schema):
    description: str
    owner: str
    due_on: datetime.date
    status: ImprovementActionStatus
    done_on: datetime.date | None


class ReportLessonOut(Schema):
    text: str
    about: str
    actions: list[ReportActionOut]


class ComplaintReportOut(Schema):
    """The annual complaints performance report: counts, rates and redacted text only."""

    financial_year: int
    label: str
    received: int
    service_requests: int
    closed_stage_1: int
    closed_stage_2: int
    answered: int
    answered_in_time: int
    referrals: int
    outcomes: list[ComplaintCountOut]
    classifications: list[ComplaintCountOut]
    programme_rate: ComplaintRateOut
    homes_rate: ComplaintRateOut
    quarters: list[ReportQuarterOut]
    providers: list[ReportProviderOut]
    ombudsman_referrals: list[ReportReferralOut]
    lessons: list[ReportLessonOut]
    codes: list[str]


@router.get(
    "/partnerships/{slug}/complaints-reports/{year}",
    response=replies({200: ComplaintReportOut}),
    auth=SIGNED_IN,
    summary="The annual complaints performance report of a financial year (2024 for "
    "2024/25): counts, rates and redacted text only",
)
def complaint_report(request: HttpRequest, slug: str, year: int) -> dict[str, object]:
    partnership = partnership_from(request, slug, "complaint.view")
    annual = report.annual_report(
        partnership, financial_year=year_in_range(year), today=timezone.localdate()
    )
    total = annual.total
    return {
        "financial_year": annual.financial_year,
        "label": annual.label,
        "received": total.received,
        "service_requests": total.service_requests,
        "closed_stage_1": total.closed_stage_1,
        "closed_stage_2": total.closed_stage_2,
        "answered": total.answered,
        "answered_in_time": total.answered_in_time,
        "referrals": total.referrals,
        "outcomes": [{"name": v, "count": total.outcomes[v]} for v in Outcome.values],
        "classifications": [
            {"name": v, "count": total.classifications[v]} for v in Classification.values
        ],
        "programme_rate": rate_out(annual.programme_rate),
        "homes_rate": rate_out(annual.homes_rate),
        "quarters": [
            {
                "quarter": q.name,
                "received": q.received,
                "closed_stage_1": q.closed_stage_1,
                "closed_stage_2": q.closed_stage_2,
                "answered": q.answered,
                "answered_in_time": q.answered_in_time,
                "referrals": q.referrals,
            }
            for q in annual.quarters
        ],
        "providers": [
            {
                "provider_id": line.provider_id,
                "name": line.name,
                "received": line.received,
                "rate": rate_out(line.rate),
            }
            for line in annual.providers
        ],
        "ombudsman_referrals": [vars(line) for line in annual.referrals],
        "lessons": [
            {
                "text": lesson.text,
                "about": lesson.about,
                "actions": [vars(action) for action in lesson.actions],
            }
            for lesson in annual.lessons
        ],
        "codes": [code.key for code in annual.codes],
    }


class ProvisionOut(Schema):
    """One provision's row. ``requirement``: the provision's words where Accord's sources
    quote them, or as the partnership states them, else empty (to be filled in);
    ``met``: computed where ``computed``, else the officers' answer; null when unknown."""

    key: str
    number: str
    title: str
    requirement: str
    requirement_sourced: bool
    summary: str
    source: str
    computed: bool
    met: Met | None
    evidence: list[str]
    actions: str


class SelfAssessmentOut(Schema):
    code: str
    code_name: str
    financial_year: int
    provisions: list[ProvisionOut]


def provision_out(row: selfassessment.Row) -> dict[str, object]:
    return {
        "key": row.provision.key,
        "number": row.provision.number,
        "title": row.provision.title,
        "requirement": row.requirement,
        "requirement_sourced": row.provision.sourced,
        "summary": row.provision.summary,
        "source": row.provision.source,
        "computed": row.provision.computed,
        "met": row.met or None,
        "evidence": row.evidence,
        "actions": row.actions,
    }


@router.get(
    "/partnerships/{slug}/complaints-self-assessment/{code}/{year}",
    response=replies({200: SelfAssessmentOut}),
    auth=SIGNED_IN,
    summary="The self-assessment against a complaint handling code for a financial year",
)
def self_assessment_detail(
    request: HttpRequest, slug: str, code: str, year: int
) -> dict[str, object]:
    partnership = partnership_from(request, slug, "complaint.view")
    found = selfassessment.self_assessment(
        partnership,
        code=code_named(code),
        financial_year=year_in_range(year),
        today=timezone.localdate(),
    )
    return {
        "code": found.code.key,
        "code_name": found.code.name,
        "financial_year": found.financial_year,
        "provisions": [provision_out(row) for row in found.rows],
    }


class ProvisionAnswerIn(Schema):
    model_config = example(
        {
            "met": "yes",
            "evidence": "The annual report went to the Commissioning Body",
            "actions": "",
            "requirement": "",
        }
    )
    met: Met | None = None
    evidence: Annotated[str, Text(NOTE)] = ""
    actions: Annotated[str, Text(NOTE)] = ""
    requirement: Annotated[str, Text(NOTE)] = ""


@router.put(
    "/partnerships/{slug}/complaints-self-assessment/{code}/{year}/{provision}",
    response=replies({200: ProvisionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Answer one provision of a self-assessment: whether it is met (where it is "
    "not computed), the evidence and the actions",
)
def provision_assess(
    request: HttpRequest,
    slug: str,
    code: str,
    year: int,
    provision: str,
    payload: ProvisionAnswerIn,
) -> dict[str, object]:
    partnership = partnership_from(request, slug, "complaint.monitor")
    found_code = code_named(code)
    if selfassessment.provision_for(found_code.key, provision) is None:
        raise Http404("No such provision")
    services.provision_assess(
        actor=request.user,
        partnership=partnership,
        code=found_code.key,
        financial_year=year_in_range(year),
        provision=provision,
        met=payload.met or "",
        evidence=payload.evidence,
        actions=payload.actions,
        requirement=payload.requirement,
    )
    found = selfassessment.self_assessment(
        partnership, code=found_code, financial_year=year, today=timezone.localdate()
    )
    return provision_out(next(row for row in found.rows if row.provision.key == provision))


class HomesManagedIn(Schema):
    model_config = example(
        {"financial_year": 2025, "homes": 4500, "source": "The ALMO's annual return 2025/26"}
    )
    financial_year: Year
    homes: Annotated[int, Field(ge=1, le=10_000_000)]
    source: Annotated[str, Text(NAME, blank=False)]


class HomesManagedOut(Schema):
    financial_year: int
    homes: int
    source: str


@router.get(
    "/partnerships/{slug}/complaints-homes",
    response=replies({200: list[HomesManagedOut]}),
    auth=SIGNED_IN,
    summary="The homes the ALMO's landlord services manage, each financial year, with the "
    "source (the denominator of complaints per 1,000 homes)",
)
def homes_managed_list(request: HttpRequest, slug: str) -> QuerySet[HomesManaged]:
    return selectors.homes_managed(partnership_from(request, slug, "complaint.view"))


@router.post(
    "/partnerships/{slug}/complaints-homes",
    response=replies({201: HomesManagedOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record (or correct) a year's homes figure with its source",
)
def homes_managed_record(
    request: HttpRequest, slug: str, payload: HomesManagedIn
) -> Status[HomesManaged]:
    partnership = partnership_from(request, slug, "complaint.monitor")
    row = services.homes_managed_record(
        actor=request.user, partnership=partnership, **payload.model_dump()
    )
    return Status(201, row)


class ServiceUsersIn(Schema):
    model_config = example(
        {
            "service_id": 1,
            "financial_year": 2025,
            "people": 120,
            "source": "The provider's quarterly returns 2025/26",
        }
    )

    service_id: int
    financial_year: Year
    people: Annotated[int, Field(ge=1, le=1_000_000)]
    source: Annotated[str, Text(NAME, blank=False)]


class ServiceUsersOut(Schema):
    service_id: int
    financial_year: int
    people: int
    source: str


@router.get(
    "/partnerships/{slug}/complaints-service-users",
    response=replies({200: list[ServiceUsersOut]}),
    auth=SIGNED_IN,
    summary="The service users recorded for services counted in hours of support, each "
    "financial year, with the source (the denominator of complaints per 100 service users)",
)
def service_users_list(request: HttpRequest, slug: str) -> QuerySet[ServiceUsers]:
    return selectors.service_users(partnership_from(request, slug, "complaint.view"))


@router.post(
    "/partnerships/{slug}/complaints-service-users",
    response=replies({201: ServiceUsersOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record (or correct) a service's service users in a year, with its source",
)
def service_users_record(
    request: HttpRequest, slug: str, payload: ServiceUsersIn
) -> Status[ServiceUsers]:
    partnership = partnership_from(request, slug, "complaint.monitor")
    service = get_in(partnership, Service, payload.service_id, field="service_id")
    row = services.service_users_record(
        actor=request.user,
        partnership=partnership,
        service=service,
        financial_year=payload.financial_year,
        people=payload.people,
        source=payload.source,
    )
    return Status(201, row)
