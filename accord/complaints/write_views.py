"""The complaints register's write pages (issue 19): one page per service, each a GOV.UK
form whose refusals name the field and save nothing (``form_page``), open to those the
policy lets keep the register (``complaint.change``). The complaint's page offers each
step only when it may be taken now and the reader may take it (``next_steps``)."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accord import policy
from accord.core.errors import AccordError
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, partnership_page, posted

from . import selectors, services
from .clocks import clock
from .lifecycle import steps_allowed
from .models import Complaint, Referral, Stage
from .presenting import current_stage
from .write_forms import (
    AcknowledgeForm,
    ActionCompleteForm,
    ActionForm,
    CloseForm,
    ComplyForm,
    DetermineForm,
    EscalateForm,
    ExtendForm,
    LessonForm,
    ReceiveForm,
    ReferralForm,
    RespondForm,
    SettingsForm,
)


@dataclass(frozen=True)
class Step:
    label: str
    route: str
    secondary: bool = False


# What each step's button says (the first stage's or the second's, where it matters).
LABELS = {
    "acknowledge": "Record stage {n}'s acknowledgement",
    "respond": "Record stage {n}'s response",
    "extend": "Extend the response's due date",
    "escalate": "Escalate to stage 2",
    "close": "Close the complaint",
    "lesson-add": "Record a lesson learnt",
    "action-add": "Add an improvement action",
    "action-complete": "Record an action as done",
    "refer": "Record a referral to the ombudsman",
    "determine": "Record the ombudsman's determination",
    "comply": "Record compliance with the remedy",
}
PRIMARY = {"acknowledge", "respond"}


def next_steps(user: Any, complaint: Complaint) -> list[Step]:
    """The steps the reader may take on the complaint now: none unless the policy lets
    them keep the register; otherwise those its facts allow (``lifecycle``, the table
    the services agree with; the service still decides, on the POST)."""
    if not policy.may(user, "complaint.change", complaint):
        return []
    stage = current_stage(complaint)
    number = stage.number if stage else 1
    return [
        Step(LABELS[name].format(n=number), name, secondary=name not in PRIMARY)
        for name in steps_allowed(complaint)
    ]


def step_links(
    partnership: Partnership, complaint: Complaint, steps: list[Step]
) -> list[dict[str, Any]]:
    return [
        {
            "label": step.label,
            "url": reverse(
                f"complaints:complaint-{step.route}", args=[partnership.slug, complaint.pk]
            ),
            "secondary": step.secondary,
        }
        for step in steps
    ]


def back_to(partnership: Partnership, complaint: Complaint) -> str:
    return reverse("complaints:complaint-detail", args=[partnership.slug, complaint.pk])


def stage_now(complaint: Complaint, field: str) -> Stage:
    """The complaint's current stage, or a refusal naming ``field`` (a service request
    has no stage)."""
    stage = current_stage(complaint)
    if stage is None:
        raise AccordError("A service request has no stages", field=field)
    return stage


def referral_now(complaint: Complaint, field: str) -> Referral:
    referral = next(iter(complaint.referrals.all()), None)
    if referral is None:
        raise AccordError("The complaint has not been referred to the ombudsman", field=field)
    return referral


def about(complaint: Complaint) -> list[tuple[str, str]]:
    stage = current_stage(complaint)
    rows = [
        ("Complaint", f"{complaint.pk}, received {complaint.received_on:%-d %B %Y}"),
        ("About", complaint.get_subject_kind_display()),
    ]
    if stage is not None:
        rows.append(("Stage", f"{stage.number}, handled by {stage.handler.get_username()}"))
        times = clock(stage, today=timezone.localdate())
        rows.append(("Response due", f"{times.respond_by:%A %-d %B %Y}"))
        if stage.extended_to is None and stage.responded_on is None:
            rows.append(
                (
                    "Latest date an extension may set",
                    f"{times.extension_limit:%A %-d %B %Y} ({stage.extension_days} working "
                    "days after the due date)",
                )
            )
    rows.append(("Ombudsman", f"{complaint.ombudsman_name}: {complaint.ombudsman_address}"))
    return rows


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_receive(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        complaint = services.complaint_receive(
            actor=request.user,
            partnership=partnership,
            **{**data, "format": data.get("format") or ""},
        )
        return reverse("complaints:complaint-detail", args=[partnership.slug, complaint.pk])

    return form_page(
        request,
        ReceiveForm(posted(request), partnership=partnership, on=timezone.localdate()),
        save=save,
        title="Record a complaint received",
        lead="The complainant's details are seen only by the people handling the complaint.",
        done="Complaint recorded",
        back=reverse("complaints:complaint-list", args=[partnership.slug]),
        button="Record the complaint",
    )


def complaint_form(
    request: HttpRequest,
    partnership: Partnership,
    pk: int,
    *,
    form: type[Any],
    save: Any,
    title: str,
    done: str,
    button: str,
    lead: str = "",
    **form_kwargs: Any,
) -> HttpResponse:
    """One complaint's form page: the complaint (404 if not the partnership's), the policy
    asked about it, the form (``form_kwargs``: its arguments, a callable given the
    complaint), and ``save(complaint, data)`` calling the step's one service."""
    complaint = selectors.complaint_get(partnership, pk)
    policy.require(request.user, "complaint.change", complaint)
    extra = {
        key: (value(complaint) if callable(value) else value) for key, value in form_kwargs.items()
    }
    return form_page(
        request,
        form(posted(request), partnership=partnership, **extra),
        save=lambda data: save(complaint, data),
        title=title,
        lead=lead,
        summary=about(complaint),
        done=done,
        back=back_to(partnership, complaint),
        button=button,
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_acknowledge(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=AcknowledgeForm,
        save=lambda complaint, data: services.stage_acknowledge(
            actor=request.user, stage=stage_now(complaint, "acknowledged_on"), **data
        ),
        title="Record the acknowledgement",
        done="Acknowledgement recorded",
        button="Record the acknowledgement",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_extend(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=ExtendForm,
        save=lambda complaint, data: services.stage_extend(
            actor=request.user,
            stage=stage_now(complaint, "extended_to"),
            extended_to=data["extended_to"],
            reason=data["extension_reason"],
            told_on=data["extension_told_on"],
        ),
        title="Extend the response's due date",
        lead="An extension needs a good reason, a new date no later than the latest shown, "
        "and the complainant told in writing (with the ombudsman's contact details).",
        done="Extension recorded",
        button="Record the extension",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_respond(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=RespondForm,
        save=lambda complaint, data: services.stage_respond(
            actor=request.user, stage=stage_now(complaint, "responded_on"), **data
        ),
        title="Record the stage's response",
        lead="The response names the ombudsman and how to reach them.",
        done="Response recorded",
        button="Record the response",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_escalate(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=EscalateForm,
        save=lambda complaint, data: services.complaint_escalate(
            actor=request.user, complaint=complaint, **data
        ),
        title="Escalate to stage 2",
        lead="Stage 2 is handled by someone other than stage 1's handler.",
        done="Escalated to stage 2",
        button="Escalate",
        on=timezone.localdate(),
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_close(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=CloseForm,
        save=lambda complaint, data: services.complaint_close(
            actor=request.user, complaint=complaint, **data
        ),
        title="Close the complaint",
        lead="A complaint is closed only with the outcome of its last stage and a classification.",
        done="Complaint closed",
        button="Close the complaint",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_lesson_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=LessonForm,
        save=lambda complaint, data: services.lesson_add(
            actor=request.user, complaint=complaint, **data
        ),
        title="Record a lesson learnt",
        done="Lesson recorded",
        button="Record the lesson",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_action_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=ActionForm,
        save=lambda complaint, data: services.action_add(actor=request.user, **data),
        title="Add an improvement action",
        done="Improvement action added",
        button="Add the action",
        complaint=lambda complaint: complaint,
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_action_complete(
    request: HttpRequest, partnership: Partnership, pk: int
) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=ActionCompleteForm,
        save=lambda complaint, data: services.action_complete(actor=request.user, **data),
        title="Record an improvement action as done",
        done="Improvement action done",
        button="Record as done",
        complaint=lambda complaint: complaint,
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_refer(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=ReferralForm,
        save=lambda complaint, data: services.referral_record(
            actor=request.user, complaint=complaint, **data
        ),
        title="Record a referral to the ombudsman",
        lead="Only once the last stage (stage 2) has ended.",
        done="Referral recorded",
        button="Record the referral",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_determine(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=DetermineForm,
        save=lambda complaint, data: services.referral_determine(
            actor=request.user, referral=referral_now(complaint, "determination"), **data
        ),
        title="Record the ombudsman's determination",
        done="Determination recorded",
        button="Record the determination",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_comply(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    return complaint_form(
        request,
        partnership,
        pk,
        form=ComplyForm,
        save=lambda complaint, data: services.referral_comply(
            actor=request.user, referral=referral_now(complaint, "complied_on"), **data
        ),
        title="Record compliance with the ombudsman's remedy",
        done="Compliance recorded",
        button="Record compliance",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.change")
def complaint_settings(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    current = services.settings_for(partnership)
    return form_page(
        request,
        SettingsForm(
            posted(request),
            partnership=partnership,
            initial={name: getattr(current, name) for name in services.SETTINGS_FIELDS},
        ),
        save=lambda data: services.complaint_settings_set(
            actor=request.user, partnership=partnership, **data
        ),
        title="Complaint policy",
        lead="The Complaint Handling Codes' timescales are the defaults. A stage already open "
        "keeps the working days it opened with.",
        done="Complaint policy saved",
        back=reverse("complaints:complaint-list", args=[partnership.slug]),
        button="Save the policy",
    )
