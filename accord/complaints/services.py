"""Writes of the complaints register: each an audited service (docs/adding-an-app.md).

The domain's rules are decided here, once, and every refusal names the field at fault
and saves nothing: stage 2 handled by someone other than stage 1's handler; an extension
only with a reason, a new date within the partnership's limit and a record that the
complainant was told in writing; a response only with an outcome; closing only with an
outcome and a classification; a referral to the ombudsman only after the last stage.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from accord.audit.services import Actor, audit_record, audited, personal_erase, save_audited
from accord.commissioning.models import Provider, Service
from accord.core.errors import AccordError
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import same_partnership

from . import codes
from .clocks import calendar, respond_base
from .models import (
    CLASSIFICATIONS,
    Complaint,
    ComplaintKind,
    ComplaintSettings,
    Determination,
    HomesManaged,
    ImprovementAction,
    ImprovementActionStatus,
    Lesson,
    ProvisionAnswer,
    Referral,
    ServiceUsers,
    Stage,
)
from .selfassessment import provision_for

LAST_STAGE = 2

SETTINGS_FIELDS = (
    "stage1_acknowledge_days",
    "stage1_respond_days",
    "stage1_extension_days",
    "stage2_acknowledge_days",
    "stage2_respond_days",
    "stage2_extension_days",
    "retention_years",
)


def settings_for(partnership: Partnership) -> ComplaintSettings:
    """The partnership's complaint policy, or the codes' defaults (unsaved) if it has none."""
    found = ComplaintSettings.objects.filter(partnership=partnership).first()
    return found or ComplaintSettings(partnership=partnership)


@transaction.atomic
def complaint_settings_set(
    *, actor: Actor, partnership: Partnership, **values: int
) -> ComplaintSettings:
    unknown = sorted(set(values) - set(SETTINGS_FIELDS))
    if unknown:
        raise TypeError(f"not a complaint setting: {', '.join(unknown)}")
    row = ComplaintSettings.objects.select_for_update().filter(
        partnership=partnership
    ).first() or ComplaintSettings(partnership=partnership)
    with audited(row, actor=actor, action="complaint.settings"):
        for name, value in values.items():
            setattr(row, name, value)
    return row


def _stage(complaint: Complaint, number: int, opened_on: datetime.date, handler: Any) -> Stage:
    policy = settings_for(complaint.partnership)
    return Stage(
        partnership_id=complaint.partnership_id,
        complaint=complaint,
        number=number,
        opened_on=opened_on,
        handler=handler,
        acknowledge_days=getattr(policy, f"stage{number}_acknowledge_days"),
        respond_days=getattr(policy, f"stage{number}_respond_days"),
        extension_days=getattr(policy, f"stage{number}_extension_days"),
    )


@transaction.atomic
def complaint_receive(
    *,
    actor: Actor,
    partnership: Partnership,
    handler: Any,
    subject_kind: str,
    received_on: datetime.date,
    channel: str,
    provider: Provider | None = None,
    service: Service | None = None,
    kind: str = ComplaintKind.COMPLAINT,
    routed_to: str = "",
    matter_on: datetime.date | None = None,
    complainant_name: str = "",
    complainant_email: str = "",
    complainant_phone: str = "",
    complainant_address: str = "",
    summary: str = "",
    desired_outcome: str = "",
    adjustments: str = "",
    advocate: str = "",
    format: str = "",
    illustrative: Iterable[str] = (),
) -> Complaint:
    """Record a complaint (opening stage 1, with its handler) or a service request
    (routed, not counted as a complaint, no stage). The ombudsman and the code are chosen
    from ``codes`` by what it is about and the date it was received."""
    if service is not None and provider is None:
        provider = service.provider
    complaint = Complaint(
        partnership=partnership,
        subject_kind=subject_kind,
        provider=provider,
        service=service,
        kind=kind,
        routed_to=routed_to.strip(),
        received_on=received_on,
        matter_on=matter_on,
        channel=channel,
        complainant_name=complainant_name.strip(),
        complainant_email=complainant_email.strip(),
        complainant_phone=complainant_phone.strip(),
        complainant_address=complainant_address.strip(),
        summary=summary.strip(),
        desired_outcome=desired_outcome.strip(),
        adjustments=adjustments.strip(),
        advocate=advocate.strip(),
        format=format,
        illustrative=list(illustrative),
    )
    if subject_kind in {k for route in codes.ROUTES for k in route.kinds} and received_on:
        complaint.ombudsman = codes.ombudsman_for(subject_kind, received_on)
        code = codes.code_for(subject_kind, received_on)
        complaint.code = code.key if code else ""
    if kind == ComplaintKind.COMPLAINT and handler is None:
        raise AccordError("Say who handles stage 1", field="handler")
    save_audited(complaint, actor=actor, action="complaint.receive")
    if kind == ComplaintKind.COMPLAINT:
        save_audited(
            _stage(complaint, 1, received_on, handler), actor=actor, action="complaint.stage_open"
        )
    return complaint


def _locked(stage: Stage) -> Stage:
    return Stage.objects.select_for_update().select_related("complaint").get(pk=stage.pk)


def _open(stage: Stage) -> None:
    if stage.complaint.closed_on is not None:
        raise AccordError("The complaint is closed", field="complaint", code="closed")
    if stage.responded_on is not None:
        raise AccordError("This stage has been answered", field="responded_on", code="answered")


@transaction.atomic
def stage_acknowledge(*, actor: Actor, stage: Stage, acknowledged_on: datetime.date) -> Stage:
    stage = _locked(stage)
    _open(stage)
    if stage.acknowledged_on is not None:
        raise AccordError("This stage has been acknowledged", field="acknowledged_on")
    if acknowledged_on < stage.opened_on:
        raise AccordError(
            "The acknowledgement cannot be before the stage opened", field="acknowledged_on"
        )
    with audited(stage, actor=actor, action="complaint.acknowledge"):
        stage.acknowledged_on = acknowledged_on
    return stage


@transaction.atomic
def stage_extend(
    *,
    actor: Actor,
    stage: Stage,
    extended_to: datetime.date | None,
    reason: str,
    told_on: datetime.date | None,
) -> Stage:
    """Extend the response's due date: a reason, a new date no more than the partnership's
    limit of working days after the due date, and the date the complainant was told in
    writing (with the ombudsman's contact details)."""
    stage = _locked(stage)
    _open(stage)
    cal = calendar()
    base = respond_base(stage, cal)
    errors = {}
    if stage.acknowledged_on is None:
        errors["acknowledged_on"] = "Acknowledge the stage before extending it"
    if not reason.strip():
        errors["extension_reason"] = "Say why the response needs more time"
    if extended_to is None:
        errors["extended_to"] = "Enter the new date for the response"
    elif extended_to <= base:
        errors["extended_to"] = f"The new date must be after {base:%-d %B %Y}, the date due"
    else:
        limit = cal.after(base, stage.extension_days)
        if extended_to > limit:
            errors["extended_to"] = (
                f"An extension at stage {stage.number} may be of no more than "
                f"{stage.extension_days} working days: by {limit:%-d %B %Y} at the latest"
            )
    if told_on is None:
        errors["extension_told_on"] = (
            "Enter the date the complainant was told of the extension in writing"
        )
    elif stage.acknowledged_on and told_on < stage.acknowledged_on:
        errors["extension_told_on"] = "The complainant cannot be told before the acknowledgement"
    if stage.extended_to is not None:
        errors["extended_to"] = "This stage has been extended already"
    if errors:
        field, message = next(iter(errors.items()))
        raise AccordError(message, field=field, code="extension")
    with audited(stage, actor=actor, action="complaint.extend"):
        stage.extended_to = extended_to
        stage.extension_reason = reason.strip()
        stage.extension_told_on = told_on
    return stage


@transaction.atomic
def stage_respond(
    *,
    actor: Actor,
    stage: Stage,
    responded_on: datetime.date,
    outcome: str,
    remedy: str = "",
    classifications: Iterable[str] = (),
) -> Stage:
    """The stage's response: its outcome (required), the remedy offered and the
    classification (service failure, policy, standards, communications: any of them)."""
    stage = _locked(stage)
    _open(stage)
    chosen = list(classifications)
    unknown = [name for name in chosen if name not in CLASSIFICATIONS]
    if unknown:
        raise AccordError(f"Not a classification: {', '.join(unknown)}", field="classifications")
    if not outcome:
        raise AccordError("Choose the outcome of the stage", field="outcome")
    if stage.acknowledged_on is None:
        raise AccordError("Acknowledge the stage before answering it", field="acknowledged_on")
    if responded_on < stage.acknowledged_on:
        raise AccordError("The response cannot be before the acknowledgement", field="responded_on")
    with audited(stage, actor=actor, action="complaint.respond"):
        stage.responded_on = responded_on
        stage.outcome = outcome
        stage.remedy = remedy.strip()
        for name in CLASSIFICATIONS:
            setattr(stage, name, name in chosen)
    return stage


def _stages(complaint: Complaint) -> list[Stage]:
    return list(Stage.objects.filter(complaint=complaint).order_by("number"))


@transaction.atomic
def complaint_escalate(
    *, actor: Actor, complaint: Complaint, requested_on: datetime.date, handler: Any
) -> Stage:
    """Open stage 2 on the complainant's request (they need not say why: the Code's 6.12),
    handled by someone other than stage 1's handler (6.13)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.closed_on is not None:
        raise AccordError("The complaint is closed", field="complaint", code="closed")
    stages = _stages(complaint)
    if not stages or stages[-1].number >= LAST_STAGE:
        raise AccordError("Stage 2 is the last stage", field="complaint", code="last_stage")
    first = stages[-1]
    if first.responded_on is None:
        raise AccordError("Stage 1 has not been answered", field="requested_on")
    if requested_on < first.responded_on:
        raise AccordError(
            "The escalation cannot be before stage 1's response", field="requested_on"
        )
    if handler is None:
        raise AccordError("Say who handles stage 2", field="handler")
    if handler.pk == first.handler_id:
        raise AccordError(
            "Stage 2 must be handled by someone other than stage 1's handler",
            field="handler",
            code="same_handler",
        )
    return save_audited(
        _stage(complaint, LAST_STAGE, requested_on, handler),
        actor=actor,
        action="complaint.escalate",
    )


@transaction.atomic
def complaint_close(*, actor: Actor, complaint: Complaint, closed_on: datetime.date) -> Complaint:
    """Close a complaint: its last stage answered, with an outcome and a classification."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.closed_on is not None:
        raise AccordError("The complaint is closed already", field="closed_on", code="closed")
    if complaint.kind == ComplaintKind.SERVICE_REQUEST:
        with audited(complaint, actor=actor, action="complaint.close"):
            complaint.closed_on = closed_on
        return complaint
    stages = _stages(complaint)
    last = stages[-1] if stages else None
    if last is None or not last.outcome:
        raise AccordError(
            "A complaint cannot be closed without the outcome of its last stage", field="outcome"
        )
    if not last.classifications:
        raise AccordError(
            "A complaint cannot be closed without a classification (service failure, or "
            "a policy, standards or communications issue)",
            field="classifications",
        )
    if last.responded_on and closed_on < last.responded_on:
        raise AccordError("It cannot close before its last response", field="closed_on")
    with audited(complaint, actor=actor, action="complaint.close"):
        complaint.closed_on = closed_on
    return complaint


@transaction.atomic
def lesson_add(
    *, actor: Actor, complaint: Complaint, text: str, illustrative: Iterable[str] = ()
) -> Lesson:
    if not text.strip():
        raise AccordError("Say what was learnt", field="text")
    lesson = Lesson(
        partnership_id=complaint.partnership_id,
        complaint=complaint,
        text=text.strip(),
        illustrative=list(illustrative),
    )
    return save_audited(lesson, actor=actor, action="complaint.lesson_add")


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    lesson: Lesson,
    description: str,
    owner: str,
    due_on: datetime.date,
    illustrative: Iterable[str] = (),
) -> ImprovementAction:
    action = ImprovementAction(
        partnership_id=lesson.partnership_id,
        lesson=lesson,
        description=description.strip(),
        owner=owner.strip(),
        due_on=due_on,
        illustrative=list(illustrative),
    )
    return save_audited(action, actor=actor, action="complaint.action_add")


@transaction.atomic
def action_complete(
    *, actor: Actor, action: ImprovementAction, done_on: datetime.date
) -> ImprovementAction:
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if action.status == ImprovementActionStatus.DONE:
        raise AccordError("This action is done already", field="status")
    with audited(action, actor=actor, action="complaint.action_complete"):
        action.status = ImprovementActionStatus.DONE
        action.done_on = done_on
    return action


@transaction.atomic
def referral_record(
    *,
    actor: Actor,
    complaint: Complaint,
    referred_on: datetime.date,
    illustrative: Iterable[str] = (),
) -> Referral:
    """The complainant's referral to the ombudsman the complaint was given when received,
    only once the last stage has ended (stage 2 answered)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    stages = _stages(complaint)
    last = stages[-1] if stages else None
    if last is None or last.number < LAST_STAGE or last.responded_on is None:
        raise AccordError(
            "A complaint can be referred to the ombudsman only after its last stage "
            "(stage 2) has ended",
            field="referred_on",
            code="too_early",
        )
    if referred_on < last.responded_on:
        raise AccordError("The referral cannot be before the final response", field="referred_on")
    if Referral.objects.filter(complaint=complaint).exists():
        raise AccordError("This complaint has been referred already", field="referred_on")
    referral = Referral(
        partnership_id=complaint.partnership_id,
        complaint=complaint,
        ombudsman=complaint.ombudsman,
        referred_on=referred_on,
        illustrative=list(illustrative),
    )
    return save_audited(referral, actor=actor, action="complaint.refer")


@transaction.atomic
def referral_determine(
    *,
    actor: Actor,
    referral: Referral,
    determination: str,
    determined_on: datetime.date,
    remedy_ordered: str = "",
) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not determination or determination not in Determination.values:
        raise AccordError("Choose the ombudsman's determination", field="determination")
    if determined_on < referral.referred_on:
        raise AccordError("The determination cannot be before the referral", field="determined_on")
    with audited(referral, actor=actor, action="complaint.determine"):
        referral.determination = determination
        referral.determined_on = determined_on
        referral.remedy_ordered = remedy_ordered.strip()
    return referral


@transaction.atomic
def referral_comply(*, actor: Actor, referral: Referral, complied_on: datetime.date) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.determined_on is None:
        raise AccordError("The ombudsman has not determined it yet", field="complied_on")
    if complied_on < referral.determined_on:
        raise AccordError("Compliance cannot be before the determination", field="complied_on")
    with audited(referral, actor=actor, action="complaint.comply"):
        referral.complied_on = complied_on
    return referral


@transaction.atomic
def complainant_access_record(*, actor: Actor, complaint: Complaint, where: str) -> None:
    """Record that ``actor`` was shown the complainant's details (``where``: the page, the
    API, an export). Called by the view or command that shows them; selectors stay read-only."""
    if not where:
        raise AccordError("Say where the details were shown", field="where")
    audit_record(
        actor=actor,
        action="complaint.view_complainant",
        obj=complaint,
        changes={"where": [None, where]},
    )


def expired(partnership: Partnership, *, today: datetime.date) -> list[Complaint]:
    """Closed complaints whose complainant's details are past the retention period."""
    years = settings_for(partnership).retention_years
    found = Complaint.objects.filter(
        partnership=partnership, closed_on__isnull=False, personal_erased_on__isnull=True
    ).order_by("closed_on", "pk")
    return [c for c in found if _add_years(c.closed_on, years) <= today]  # type: ignore[arg-type]


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def complaint_erase_personal(*, actor: Actor, complaint: Complaint, on: datetime.date) -> Complaint:
    """Erase the complainant's details from the complaint and from the personal data its
    events keep beside the audit chain; the anonymised complaint stays for the statistics.
    The erasure is an event of its own, without the details (they would stay in it)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.personal_erased_on is not None:
        raise AccordError("The complainant's details have been erased already", field="complaint")
    blank = dict.fromkeys(Complaint.audit_personal_fields, "")
    Complaint.objects.filter(pk=complaint.pk).update(**blank, personal_erased_on=on)
    audit_record(
        actor=actor,
        action="complaint.erase_personal",
        obj=complaint,
        changes={"personal_erased_on": [None, on]},
    )
    personal_erase(
        actor=actor,
        object_type=Complaint._meta.label_lower,
        object_ids=[str(complaint.pk)],
    )
    complaint.refresh_from_db()
    return complaint


def _complainant(partnership: Partnership, email: str, name: str) -> Q:
    if email.strip():
        return Q(partnership=partnership, complainant_email__iexact=email.strip())
    if name.strip():
        return Q(partnership=partnership, complainant_name__iexact=name.strip())
    raise AccordError("Say whose data to export: an e-mail address or a name", field="email")


@transaction.atomic
def subject_access_export(
    *, actor: Actor, partnership: Partnership, email: str = "", name: str = ""
) -> dict[str, Any]:
    """Everything held about one complainant (a subject access request): their
    complaints, with each stage, lesson, action and referral; the export is audited."""
    found = (
        Complaint.objects.filter(_complainant(partnership, email, name))
        .select_related("provider", "service")
        .prefetch_related("stages", "lessons__actions")
        .order_by("received_on", "pk")
    )
    complaints = []
    for complaint in found:
        referral = Referral.objects.filter(complaint=complaint).first()
        complaints.append(
            {
                "id": complaint.pk,
                "received_on": complaint.received_on.isoformat(),
                "about": complaint.get_subject_kind_display(),
                "provider": complaint.provider.name if complaint.provider else "",
                "service": complaint.service.name if complaint.service else "",
                "kind": complaint.kind,
                "channel": complaint.channel,
                **{
                    field: getattr(complaint, field)
                    for field in sorted(Complaint.audit_personal_fields)
                },
                "format": complaint.format,
                "ombudsman": complaint.ombudsman_name,
                "closed_on": complaint.closed_on.isoformat() if complaint.closed_on else None,
                "stages": [
                    {
                        "number": stage.number,
                        "opened_on": stage.opened_on.isoformat(),
                        "acknowledged_on": _iso(stage.acknowledged_on),
                        "extended_to": _iso(stage.extended_to),
                        "extension_reason": stage.extension_reason,
                        "responded_on": _iso(stage.responded_on),
                        "outcome": stage.outcome,
                        "remedy": stage.remedy,
                        "classifications": stage.classifications,
                    }
                    for stage in complaint.stages.all()
                ],
                "lessons": [
                    {
                        "text": lesson.text,
                        "actions": [
                            {
                                "description": a.description,
                                "owner": a.owner,
                                "due_on": a.due_on.isoformat(),
                                "status": a.status,
                            }
                            for a in lesson.actions.all()
                        ],
                    }
                    for lesson in complaint.lessons.all()
                ],
                "referral": None
                if referral is None
                else {
                    "ombudsman": referral.get_ombudsman_display(),
                    "referred_on": referral.referred_on.isoformat(),
                    "determination": referral.determination,
                    "remedy_ordered": referral.remedy_ordered,
                    "complied_on": _iso(referral.complied_on),
                },
            }
        )
    audit_record(
        actor=actor,
        action="complaint.subject_access",
        partnership_id=partnership.pk,
        object_type=Complaint._meta.label_lower,
        changes={"complaints": [None, [c["id"] for c in complaints]]},
    )
    return {"partnership": partnership.slug, "complaints": complaints}


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


# ---------------------------------------------------------------------------------------
# Monitoring (issue 19): the homes figure a rate per 1,000 homes divides by, and the
# officers' answers to the Code's self-assessment.


@transaction.atomic
def homes_managed_record(
    *,
    actor: Actor,
    partnership: Partnership,
    financial_year: int,
    homes: int,
    source: str,
    illustrative: Iterable[str] = (),
) -> HomesManaged:
    """Record (or correct) how many homes the ALMO's landlord services manage in a
    financial year, with where the figure comes from."""
    if not source.strip():
        raise AccordError("Say where the figure comes from", field="source")
    row = (
        HomesManaged.objects.select_for_update()
        .filter(partnership=partnership, financial_year=financial_year)
        .first()
    )
    if row is None:
        row = HomesManaged(partnership=partnership, financial_year=financial_year, homes=homes)
    with audited(row, actor=actor, action="complaint.homes_managed_record"):
        row.homes = homes
        row.source = source.strip()
        row.illustrative = list(illustrative)
    return row


@transaction.atomic
def provision_assess(
    *,
    actor: Actor,
    partnership: Partnership,
    code: str,
    financial_year: int,
    provision: str,
    met: str = "",
    evidence: str = "",
    actions: str = "",
    requirement: str = "",
) -> ProvisionAnswer:
    """An officer's answer for one provision of a Code's self-assessment for a year: the
    evidence and actions always; whether it is met only where the complaints cannot say
    (a computed provision's is computed); the requirement's words only where Accord's
    sources do not give them."""
    if code not in codes.CODE_KEYS:
        raise AccordError(f"No complaint handling code {code!r}", field="code")
    found = provision_for(code, provision)
    if found is None:
        raise AccordError(f"The code has no provision {provision!r}", field="provision")
    if met and found.computed:
        raise AccordError(
            "Whether this provision is met is computed from the complaints: give evidence "
            "or actions only",
            field="met",
        )
    if requirement.strip() and found.sourced:
        raise AccordError(
            "This provision's words come from the Code: they cannot be changed",
            field="requirement",
        )
    row = (
        ProvisionAnswer.objects.select_for_update()
        .filter(
            partnership=partnership, code=code, financial_year=financial_year, provision=provision
        )
        .first()
    ) or ProvisionAnswer(
        partnership=partnership, code=code, financial_year=financial_year, provision=provision
    )
    with audited(row, actor=actor, action="complaint.provision_assess"):
        row.met = met
        row.evidence = evidence.strip()
        row.actions = actions.strip()
        row.requirement = requirement.strip()
    return row


@transaction.atomic
def service_users_record(
    *,
    actor: Actor,
    partnership: Partnership,
    service: Service,
    financial_year: int,
    people: int,
    source: str,
    illustrative: Iterable[str] = (),
) -> ServiceUsers:
    """Record (or correct) how many people a service supported in a financial year,
    where its capacity does not say (hours of support), with where the figure comes from."""
    same_partnership(partnership, service=service)
    if not source.strip():
        raise AccordError("Say where the figure comes from", field="source")
    row = (
        ServiceUsers.objects.select_for_update()
        .filter(partnership=partnership, service=service, financial_year=financial_year)
        .first()
    )
    if row is None:
        row = ServiceUsers(
            partnership=partnership, service=service, financial_year=financial_year, people=people
        )
    with audited(row, actor=actor, action="complaint.service_users_record"):
        row.people = people
        row.source = source.strip()
        row.illustrative = list(illustrative)
    return row
