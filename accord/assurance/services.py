"""The writes of governance standards: adopt a handbook and add its standards, assess the
partnership against it standard by standard, record an audit, its findings and the actions
taken, and record each action done. Each is one audited write (``accord.audit``); pages and
the API call these and nothing else."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from accord.audit.services import Actor, audited, save_audited
from accord.core.errors import AccordError
from accord.core.text import text_problem
from accord.partnerships.models import Partnership

from .models import (
    AuditAction,
    AuditFinding,
    Compliance,
    GovernanceAudit,
    Handbook,
    SelfAssessment,
    Standard,
    StandardAssessment,
)


def _text(value: str, *, field: str, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise AccordError(required, field=field)
    if problem := text_problem(value):
        raise AccordError(problem, field=field)
    return value


# ---------------------------------------------------------------- the handbook


@transaction.atomic
def handbook_adopt(
    *,
    actor: Actor,
    partnership: Partnership,
    title: str,
    adopted_by: str,
    deadline: datetime.date,
    adopted_on: datetime.date | None = None,
    note: str = "",
    illustrative: Sequence[str] = (),
) -> Handbook:
    """Record a handbook of governance standards that applies to the partnership: the body
    that adopted it and the date by which its standards are to be met."""
    if adopted_on is not None and deadline < adopted_on:
        raise AccordError("The deadline must not be before the handbook was adopted",
                          field="deadline")  # fmt: skip
    handbook = Handbook(
        partnership=partnership,
        title=_text(title, field="title", required="Enter the handbook's title"),
        adopted_by=_text(adopted_by, field="adopted_by", required="Say which body adopted it"),
        adopted_on=adopted_on,
        deadline=deadline,
        note=_text(note, field="note"),
        illustrative=list(illustrative),
    )
    return save_audited(handbook, actor=actor, action="handbook.adopt")


@transaction.atomic
def standard_add(
    *,
    actor: Actor,
    handbook: Handbook,
    reference: str,
    title: str,
    evidence: str = "",
    illustrative: Sequence[str] = (),
) -> Standard:
    """Add a standard to the handbook, after its others: its reference, what it asks and
    the evidence that shows it is met."""
    handbook = Handbook.objects.select_for_update().get(pk=handbook.pk)
    last = Standard.objects.filter(handbook=handbook).aggregate(last=Max("position"))["last"]
    standard = Standard(
        partnership_id=handbook.partnership_id,
        handbook=handbook,
        reference=_text(reference, field="reference", required="Enter the standard's reference"),
        title=_text(title, field="title", required="Say what the standard asks"),
        evidence=_text(evidence, field="evidence"),
        position=(last or 0) + 1,
        illustrative=list(illustrative),
    )
    return save_audited(standard, actor=actor, action="standard.add")


# ---------------------------------------------------------------- self-assessment


@transaction.atomic
def self_assessment_create(
    *,
    actor: Actor,
    handbook: Handbook,
    assessed_on: datetime.date,
    assessed_by: str,
    note: str = "",
    illustrative: Sequence[str] = (),
) -> SelfAssessment:
    """Begin the partnership's self-assessment against the handbook, on a date; each
    standard is then assessed (``standard_assess``)."""
    if not Standard.objects.filter(handbook=handbook).exists():
        raise AccordError("The handbook has no standards to assess yet", field="handbook")
    assessment = SelfAssessment(
        partnership_id=handbook.partnership_id,
        handbook=handbook,
        assessed_on=assessed_on,
        assessed_by=_text(assessed_by, field="assessed_by", required="Say who assessed it"),
        note=_text(note, field="note"),
        illustrative=list(illustrative),
    )
    return save_audited(assessment, actor=actor, action="self_assessment.create")


@transaction.atomic
def standard_assess(
    *,
    actor: Actor,
    assessment: SelfAssessment,
    standard: Standard,
    compliance: str,
    evidence: str = "",
    action: str = "",
    owner: str = "",
    due_on: datetime.date | None = None,
    illustrative: Sequence[str] = (),
) -> StandardAssessment:
    """Record how far the partnership meets one standard of the assessment's handbook, and
    the evidence; a standard not fully met needs an action, its owner and a due date.
    Assessing a standard again replaces its row."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if standard.handbook_id != assessment.handbook_id:
        raise AccordError("Choose a standard of the handbook assessed", field="standard")
    if compliance not in Compliance.values:
        raise AccordError("Choose met, partly met or not met", field="compliance")
    evidence = _text(evidence, field="evidence")
    action = _text(action, field="action")
    owner = _text(owner, field="owner")
    if compliance != Compliance.MET:
        if not action:
            raise AccordError("Say what will be done to meet the standard", field="action")
        if not owner:
            raise AccordError("Say who owns the action", field="owner")
        if due_on is None:
            raise AccordError("Enter the date the action is due by", field="due_on")
    row = StandardAssessment.objects.filter(assessment=assessment, standard=standard).first()
    values = {
        "compliance": compliance,
        "evidence": evidence,
        "action": action,
        "owner": owner,
        "due_on": due_on,
        "illustrative": list(illustrative),
    }
    if row is None:
        row = StandardAssessment(
            partnership_id=assessment.partnership_id,
            assessment=assessment,
            standard=standard,
            **values,
        )
        return save_audited(row, actor=actor, action="standard.assess")
    with audited(row, actor=actor, action="standard.assess"):
        for name, value in values.items():
            setattr(row, name, value)
    return row


# ---------------------------------------------------------------- audits of partnerships


@transaction.atomic
def governance_audit_record(
    *,
    actor: Actor,
    partnership: Partnership,
    auditor: str,
    audited_on: datetime.date,
    risk: str,
    summary: str = "",
    illustrative: Sequence[str] = (),
) -> GovernanceAudit:
    """Record an audit of the partnership's governance: who audited it, when, the overall
    finding and the risk rating."""
    audit = GovernanceAudit(
        partnership=partnership,
        auditor=_text(auditor, field="auditor", required="Say who audited the partnership"),
        audited_on=audited_on,
        summary=_text(summary, field="summary"),
        risk=risk,
        illustrative=list(illustrative),
    )
    return save_audited(audit, actor=actor, action="governance_audit.record")


@transaction.atomic
def audit_finding_add(
    *,
    actor: Actor,
    audit: GovernanceAudit,
    finding: str,
    risk: str,
    standard: Standard | None = None,
    illustrative: Sequence[str] = (),
) -> AuditFinding:
    """Add a finding to the audit: against a standard of one of the partnership's
    handbooks, or overall (no standard)."""
    row = AuditFinding(
        partnership_id=audit.partnership_id,
        audit=audit,
        standard=standard,
        finding=_text(finding, field="finding", required="Enter the finding"),
        risk=risk,
        illustrative=list(illustrative),
    )
    return save_audited(row, actor=actor, action="audit_finding.add")


@transaction.atomic
def audit_action_add(
    *,
    actor: Actor,
    finding: AuditFinding,
    action: str,
    owner: str,
    due_on: datetime.date,
    illustrative: Sequence[str] = (),
) -> AuditAction:
    """An action taken in answer to a finding: what, who owns it, when it is due."""
    audit = GovernanceAudit.objects.get(pk=finding.audit_id)
    if due_on < audit.audited_on:
        raise AccordError("The action cannot be due before the audit", field="due_on")
    item = AuditAction(
        partnership_id=finding.partnership_id,
        finding=finding,
        action=_text(action, field="action", required="Say what is to be done"),
        owner=_text(owner, field="owner", required="Say who owns the action"),
        due_on=due_on,
        illustrative=list(illustrative),
    )
    return save_audited(item, actor=actor, action="audit_action.add")


@transaction.atomic
def audit_action_complete(
    *, actor: Actor, item: AuditAction, done_on: datetime.date, note: str = ""
) -> AuditAction:
    """The follow-up: the action is done, on the date, with a note."""
    item = AuditAction.objects.select_for_update().select_related("finding__audit").get(pk=item.pk)
    if item.done_on is not None:
        raise AccordError("This action is recorded done already", field="done_on")
    if done_on < item.finding.audit.audited_on:
        raise AccordError("The action cannot be done before the audit", field="done_on")
    note = _text(note, field="note")
    with audited(item, actor=actor, action="audit_action.complete"):
        item.done_on = done_on
        item.note = note
    return item
