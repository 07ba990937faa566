"""The complaints register's changes in the JSON API (issue 19): every page of
``write_views`` is an operation here calling the same service, after the same policy check
(``complaint.change``), so the same audit event follows and the same refusal, in the
API's error shape (409 with the field the service names; 422 for invalid input). Each
answers the complaint as ``complaint_detail`` reads it (the complainant's details only for
its handlers, each showing audited)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status

from accord.commissioning.models import Provider, Service
from accord.core.errors import AccordError
from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NAME, NOTE, TITLE
from accord.partnerships.endpoints import (
    CREATE_ERRORS,
    SIGNED_IN,
    Router,
    example,
    partnership_from,
    replies,
)
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from . import selectors, services
from .api import ComplaintOut, complaint_detail
from .api import router as reads
from .models import (
    Channel,
    Classification,
    Complaint,
    ComplaintKind,
    Determination,
    Format,
    ImprovementAction,
    Lesson,
    Outcome,
    SubjectKind,
)
from .write_forms import handlers_of
from .write_views import referral_now, stage_now

router = Router(tags=["complaints"])

INPUT_NAMES = {"handler": "handler_id", "provider": "provider_id", "service": "service_id"}


@contextmanager
def named_for_the_api() -> Iterator[None]:
    """A refusal naming the API's field (``handler_id``, not ``handler``)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {INPUT_NAMES.get(name, name): problems for name, problems in error.error_dict.items()}
        ) from None
    except AccordError as error:
        if error.field in INPUT_NAMES:
            error.field = INPUT_NAMES[error.field]
        raise


def handler_in(partnership: Partnership, pk: int | None, field: str = "handler_id") -> Any:
    """A handler named in the input: one of the partnership's programme officers today (as
    the pages offer), or a refusal naming the field."""
    if pk is None:
        return None
    found = handlers_of(partnership, on=timezone.localdate()).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"No programme officer {pk} in {partnership.name}"})
    return found


def complaint_in(request: HttpRequest, slug: str, complaint_id: int) -> Complaint:
    """The complaint named by the address, once the policy lets the caller change it."""
    partnership = partnership_from(request, slug, "complaint.change")
    return selectors.complaint_get(partnership, complaint_id)


def answer(request: HttpRequest, slug: str, complaint: Complaint) -> dict[str, object]:
    return complaint_detail(request, slug, complaint.pk)


class ComplaintIn(Schema):
    model_config = example(
        {
            "subject_kind": "provider",
            "provider_id": 1,
            "service_id": None,
            "kind": "complaint",
            "routed_to": "",
            "received_on": "2026-03-06",
            "matter_on": None,
            "channel": "letter",
            "handler_id": 1,
            "complainant_name": "Imogen Invented",
            "complainant_email": "imogen@example.org",
            "complainant_phone": "",
            "complainant_address": "",
            "summary": "The support worker missed three visits.",
            "desired_outcome": "An apology and a reliable rota",
            "adjustments": "",
            "advocate": "",
            "format": None,
        }
    )

    subject_kind: SubjectKind
    provider_id: int | None = Field(None, description="One of the partnership's providers")
    service_id: int | None = Field(None, description="One of the partnership's services")
    kind: ComplaintKind = ComplaintKind.COMPLAINT
    routed_to: Annotated[str, Text(NAME)] = Field(
        "", description="Where a service request was sent"
    )
    received_on: PlausibleDate
    matter_on: PlausibleDate | None = None
    channel: Channel
    handler_id: int | None = Field(
        None, description="Who handles stage 1: one of the partnership's programme officers"
    )
    complainant_name: Annotated[str, Text(NAME)] = ""
    complainant_email: Annotated[str, Text(NAME)] = ""
    complainant_phone: Annotated[str, Text(40)] = ""
    complainant_address: Annotated[str, Text(NOTE)] = ""
    summary: Annotated[str, Text(NOTE)] = ""
    desired_outcome: Annotated[str, Text(NOTE)] = ""
    adjustments: Annotated[str, Text(NOTE)] = ""
    advocate: Annotated[str, Text(NAME)] = ""
    format: Format | None = None


# The create shares the list's address, so it is an operation of the list's router (a
# second router's operation at the same address would never be reached).
@reads.post(
    "/partnerships/{slug}/complaints",
    response=replies({201: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a complaint received (opening stage 1 with its handler) or a service "
    "request (routed, not counted)",
)
def complaint_create(
    request: HttpRequest, slug: str, payload: ComplaintIn
) -> Status[dict[str, object]]:
    partnership = partnership_from(request, slug, "complaint.change")
    provider = (
        None
        if payload.provider_id is None
        else get_in(partnership, Provider, payload.provider_id, field="provider_id")
    )
    service = (
        None
        if payload.service_id is None
        else get_in(partnership, Service, payload.service_id, field="service_id")
    )
    values = payload.model_dump(exclude={"provider_id", "service_id", "handler_id"})
    values["format"] = payload.format or ""
    with named_for_the_api():
        complaint = services.complaint_receive(
            actor=request.user,
            partnership=partnership,
            provider=provider,
            service=service,
            handler=handler_in(partnership, payload.handler_id),
            **values,
        )
    return Status(201, answer(request, slug, complaint))


class AcknowledgeIn(Schema):
    model_config = example({"acknowledged_on": "2026-03-09"})

    acknowledged_on: PlausibleDate


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/acknowledge",
    response=replies({200: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record the current stage's acknowledgement",
)
def complaint_acknowledge(
    request: HttpRequest, slug: str, complaint_id: int, payload: AcknowledgeIn
) -> dict[str, object]:
    complaint = complaint_in(request, slug, complaint_id)
    services.stage_acknowledge(
        actor=request.user,
        stage=stage_now(complaint, "acknowledged_on"),
        acknowledged_on=payload.acknowledged_on,
    )
    return answer(request, slug, complaint)


class ExtendIn(Schema):
    model_config = example(
        {
            "extended_to": "2026-04-08",
            "extension_reason": "Waiting for the provider's records",
            "extension_told_on": "2026-03-20",
        }
    )

    extended_to: PlausibleDate | None = Field(None, description="The new date for the response")
    extension_reason: Annotated[str, Text(NOTE)] = Field(
        "", description="Why the response needs more time (refused if empty)"
    )
    extension_told_on: PlausibleDate | None = Field(
        None, description="When the complainant was told of the extension in writing"
    )


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/extend",
    response=replies({200: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Extend the current stage's response date: a reason, a date within the "
    "partnership's limit, and when the complainant was told in writing",
)
def complaint_extend(
    request: HttpRequest, slug: str, complaint_id: int, payload: ExtendIn
) -> dict[str, object]:
    complaint = complaint_in(request, slug, complaint_id)
    services.stage_extend(
        actor=request.user,
        stage=stage_now(complaint, "extended_to"),
        extended_to=payload.extended_to,
        reason=payload.extension_reason,
        told_on=payload.extension_told_on,
    )
    return answer(request, slug, complaint)


class RespondIn(Schema):
    model_config = example(
        {
            "responded_on": "2026-03-20",
            "outcome": "partly_upheld",
            "remedy": "An apology and a new visit rota",
            "classifications": ["service_failure"],
        }
    )

    responded_on: PlausibleDate
    outcome: Outcome | None = Field(None, description="Refused if absent")
    remedy: Annotated[str, Text(NOTE)] = ""
    classifications: list[Classification] = Field(
        default_factory=list, description="Service failure, policy, standards, communications"
    )


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/respond",
    response=replies({200: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record the current stage's response: its outcome, remedy and classification",
)
def complaint_respond(
    request: HttpRequest, slug: str, complaint_id: int, payload: RespondIn
) -> dict[str, object]:
    complaint = complaint_in(request, slug, complaint_id)
    services.stage_respond(
        actor=request.user,
        stage=stage_now(complaint, "responded_on"),
        responded_on=payload.responded_on,
        outcome=payload.outcome or "",
        remedy=payload.remedy,
        classifications=[str(name) for name in payload.classifications],
    )
    return answer(request, slug, complaint)


class ComplaintEscalateIn(Schema):
    model_config = example({"requested_on": "2026-03-25", "handler_id": 2})

    requested_on: PlausibleDate
    handler_id: int = Field(
        description="Who handles stage 2: a programme officer other than stage 1's handler"
    )


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/escalate",
    response=replies({200: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Open stage 2 on the complainant's request (refused for stage 1's handler)",
)
def complaint_escalate(
    request: HttpRequest, slug: str, complaint_id: int, payload: ComplaintEscalateIn
) -> dict[str, object]:
    complaint = complaint_in(request, slug, complaint_id)
    handler = handler_in(complaint.partnership, payload.handler_id)
    with named_for_the_api():
        services.complaint_escalate(
            actor=request.user,
            complaint=complaint,
            requested_on=payload.requested_on,
            handler=handler,
        )
    return answer(request, slug, complaint)


class CloseIn(Schema):
    model_config = example({"closed_on": "2026-04-20"})

    closed_on: PlausibleDate


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/close",
    response=replies({200: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Close a complaint (refused without its last stage's outcome and a classification)",
)
def complaint_close(
    request: HttpRequest, slug: str, complaint_id: int, payload: CloseIn
) -> dict[str, object]:
    complaint = complaint_in(request, slug, complaint_id)
    services.complaint_close(actor=request.user, complaint=complaint, closed_on=payload.closed_on)
    return answer(request, slug, complaint)


class LessonIn(Schema):
    model_config = example({"text": "Visits missed when a worker is off sick go unnoticed"})

    text: Annotated[str, Text(NOTE, blank=False)] = Field(
        description="What was learnt, without naming the complainant"
    )


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/lessons",
    response=replies({201: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a lesson learnt from the complaint",
)
def complaint_lesson_create(
    request: HttpRequest, slug: str, complaint_id: int, payload: LessonIn
) -> Status[dict[str, object]]:
    complaint = complaint_in(request, slug, complaint_id)
    services.lesson_add(actor=request.user, complaint=complaint, text=payload.text)
    return Status(201, answer(request, slug, complaint))


class ImprovementActionIn(Schema):
    model_config = example(
        {
            "lesson_id": 1,
            "description": "Cover rota checked weekly",
            "owner": "Supporting People Team",
            "due_on": "2026-06-30",
        }
    )

    lesson_id: int = Field(description="One of the complaint's lessons")
    description: Annotated[str, Text(TITLE, blank=False)]
    owner: Annotated[str, Text(NAME, blank=False)] = Field(
        description="A post or team, not a complainant"
    )
    due_on: PlausibleDate


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/actions",
    response=replies({201: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add an improvement action to one of the complaint's lessons",
)
def complaint_action_create(
    request: HttpRequest, slug: str, complaint_id: int, payload: ImprovementActionIn
) -> Status[dict[str, object]]:
    complaint = complaint_in(request, slug, complaint_id)
    lesson = get_in(
        complaint.partnership,
        Lesson.objects.filter(complaint=complaint),
        payload.lesson_id,
        field="lesson_id",
    )
    services.action_add(
        actor=request.user,
        lesson=lesson,
        description=payload.description,
        owner=payload.owner,
        due_on=payload.due_on,
    )
    return Status(201, answer(request, slug, complaint))


class ActionDoneIn(Schema):
    model_config = example({"done_on": "2026-06-15"})

    done_on: PlausibleDate


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/actions/{action_id}/done",
    response=replies({200: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record an improvement action as done",
)
def complaint_action_complete(
    request: HttpRequest, slug: str, complaint_id: int, action_id: int, payload: ActionDoneIn
) -> dict[str, object]:
    complaint = complaint_in(request, slug, complaint_id)
    action = get_in(
        complaint.partnership,
        ImprovementAction.objects.filter(lesson__complaint=complaint),
        action_id,
    )
    services.action_complete(actor=request.user, action=action, done_on=payload.done_on)
    return answer(request, slug, complaint)


class ReferralIn(Schema):
    model_config = example({"referred_on": "2026-06-01"})

    referred_on: PlausibleDate


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/referral",
    response=replies({201: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record the complainant's referral to the ombudsman (refused before the last "
    "stage has ended)",
)
def complaint_referral_create(
    request: HttpRequest, slug: str, complaint_id: int, payload: ReferralIn
) -> Status[dict[str, object]]:
    complaint = complaint_in(request, slug, complaint_id)
    services.referral_record(
        actor=request.user, complaint=complaint, referred_on=payload.referred_on
    )
    return Status(201, answer(request, slug, complaint))


class DetermineIn(Schema):
    model_config = example(
        {
            "determination": "maladministration",
            "determined_on": "2026-09-01",
            "remedy_ordered": "An apology and a payment of 150 pounds",
        }
    )

    determination: Determination | None = Field(None, description="Refused if absent")
    determined_on: PlausibleDate
    remedy_ordered: Annotated[str, Text(NOTE)] = ""


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/referral/determination",
    response=replies({200: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record the ombudsman's determination and any remedy ordered",
)
def complaint_referral_determine(
    request: HttpRequest, slug: str, complaint_id: int, payload: DetermineIn
) -> dict[str, object]:
    complaint = complaint_in(request, slug, complaint_id)
    services.referral_determine(
        actor=request.user,
        referral=referral_now(complaint, "determination"),
        determination=payload.determination or "",
        determined_on=payload.determined_on,
        remedy_ordered=payload.remedy_ordered,
    )
    return answer(request, slug, complaint)


class ComplyIn(Schema):
    model_config = example({"complied_on": "2026-09-20"})

    complied_on: PlausibleDate


@router.post(
    "/partnerships/{slug}/complaints/{complaint_id}/referral/compliance",
    response=replies({200: ComplaintOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record compliance with the ombudsman's remedy",
)
def complaint_referral_comply(
    request: HttpRequest, slug: str, complaint_id: int, payload: ComplyIn
) -> dict[str, object]:
    complaint = complaint_in(request, slug, complaint_id)
    services.referral_comply(
        actor=request.user,
        referral=referral_now(complaint, "complied_on"),
        complied_on=payload.complied_on,
    )
    return answer(request, slug, complaint)


class ComplaintSettingsIn(Schema):
    model_config = example(
        {
            "stage1_acknowledge_days": 5,
            "stage1_respond_days": 10,
            "stage1_extension_days": 10,
            "stage2_acknowledge_days": 5,
            "stage2_respond_days": 20,
            "stage2_extension_days": 20,
            "retention_years": 6,
        }
    )

    stage1_acknowledge_days: int = Field(ge=1, le=60, description="Working days")
    stage1_respond_days: int = Field(ge=1, le=60, description="After the acknowledgement")
    stage1_extension_days: int = Field(ge=0, le=60, description="Most an extension may add")
    stage2_acknowledge_days: int = Field(ge=1, le=60, description="Working days")
    stage2_respond_days: int = Field(ge=1, le=60, description="After the acknowledgement")
    stage2_extension_days: int = Field(ge=0, le=60, description="Most an extension may add")
    retention_years: int = Field(
        ge=1, le=100, description="Years the complainant's details are kept after closure"
    )


class ComplaintSettingsOut(ComplaintSettingsIn):
    """The partnership's complaint policy as it now stands: each stage's working days and
    how long complainants' details are kept after closure."""


def settings_answer(partnership: Partnership) -> dict[str, int]:
    current = services.settings_for(partnership)
    return {name: getattr(current, name) for name in services.SETTINGS_FIELDS}


@router.get(
    "/partnerships/{slug}/complaint-policy",
    response=replies({200: ComplaintSettingsOut}),
    auth=SIGNED_IN,
    summary="The partnership's complaint policy: each stage's working days, and how long "
    "complainants' details are kept",
)
def complaint_settings(request: HttpRequest, slug: str) -> dict[str, int]:
    return settings_answer(partnership_from(request, slug, "complaint.view"))


@router.post(
    "/partnerships/{slug}/complaint-policy",
    response=replies({200: ComplaintSettingsOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Set the partnership's complaint policy (new stages take its days; open ones "
    "keep theirs)",
)
def complaint_settings_update(
    request: HttpRequest, slug: str, payload: ComplaintSettingsIn
) -> dict[str, int]:
    partnership = partnership_from(request, slug, "complaint.change")
    services.complaint_settings_set(
        actor=request.user, partnership=partnership, **payload.model_dump()
    )
    return settings_answer(partnership)
