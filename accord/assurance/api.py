"""The governance standards API: everything the pages do, through the same services and
policy (docs/api.md, docs/governance-standards.md): handbooks and their standards,
self-assessments standard by standard, audits with their findings and actions, the
overdue actions, and the council-wide register of partnerships."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status

from accord import policy
from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NAME, NOTE, SHORT, TITLE
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    IllustrativeFields,
    Router,
    example,
    illustrative_in,
    partnership_from,
    replies,
)
from accord.partnerships.selectors import get_in

from . import selectors, services
from .models import (
    AuditAction,
    AuditActionStatus,
    AuditFinding,
    Compliance,
    GovernanceAudit,
    Handbook,
    RiskRating,
    SelfAssessment,
    Standard,
    StandardAssessment,
)

router = Router(tags=["governance standards"])


# ---------------------------------------------------------------- schemas


class HandbookIn(Schema):
    model_config = example(
        {
            "title": "Oxfordshire Partnership Governance Handbook",
            "adopted_by": "Oxfordshire Public Service Board",
            "adopted_on": "2009-07-01",
            "deadline": "2009-09-30",
            "note": "",
        }
    )

    title: Annotated[str, Text(TITLE, blank=False)]
    adopted_by: Annotated[str, Text(NAME, blank=False)] = Field(
        description="The body that adopted it, e.g. a Public Service Board"
    )
    adopted_on: PlausibleDate | None = None
    deadline: PlausibleDate = Field(description="The date by which its standards are to be met")
    note: Annotated[str, Text(NOTE)] = ""


class StandardIn(Schema):
    model_config = example(
        {
            "reference": "2.2",
            "title": "There is a procedure for resolving disagreement between partners",
            "evidence": "The written procedure",
        }
    )

    reference: Annotated[str, Text(SHORT, blank=False)]
    title: Annotated[str, Text(TITLE, blank=False)]
    evidence: Annotated[str, Text(NOTE)] = Field("", description="What evidence shows it is met")


class StandardOut(Schema):
    id: int
    reference: str
    title: str
    evidence: str
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_illustrative(row: Standard) -> list[str]:
        return illustrative_in(StandardOut, row)


class HandbookOut(Schema):
    id: int
    title: str
    adopted_by: str
    adopted_on: datetime.date | None
    deadline: datetime.date
    note: str
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_illustrative(row: Handbook) -> list[str]:
        return illustrative_in(HandbookOut, row)


class HandbookDetailOut(HandbookOut):
    standards: list[StandardOut]

    @staticmethod
    def resolve_standards(row: Handbook) -> list[Standard]:
        return list(getattr(row, "standards_listed", []))


class GovernanceAssessmentIn(Schema):
    model_config = example(
        {"assessed_on": "2009-09-30", "assessed_by": "Core Strategy Group", "note": ""}
    )

    assessed_on: PlausibleDate
    assessed_by: Annotated[str, Text(NAME, blank=False)]
    note: Annotated[str, Text(NOTE)] = ""


class CountsOut(Schema):
    met: int
    partly_met: int
    not_met: int
    not_assessed: int


class GovernanceAssessmentOut(Schema):
    id: int
    handbook_id: int
    assessed_on: datetime.date
    assessed_by: str
    note: str
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_illustrative(row: SelfAssessment) -> list[str]:
        return illustrative_in(GovernanceAssessmentOut, row)


class GovernanceAssessmentSummaryOut(GovernanceAssessmentOut):
    counts: CountsOut

    @staticmethod
    def resolve_counts(row: SelfAssessment) -> selectors.Counts:
        return row.counts  # type: ignore[attr-defined]


class StandardAssessIn(Schema):
    model_config = example(
        {
            "compliance": "partly_met",
            "evidence": "Escalation to the chief executives",
            "action": "Decide a fallback rule",
            "owner": "Programme manager",
            "due_on": "2009-12-11",
        }
    )

    compliance: Compliance
    evidence: Annotated[str, Text(NOTE)] = ""
    action: Annotated[str, Text(TITLE)] = Field("", description="Needed when not fully met")
    owner: Annotated[str, Text(NAME)] = ""
    due_on: PlausibleDate | None = None


class StandardAssessmentOut(Schema):
    standard_id: int
    compliance: Compliance
    evidence: str
    action: str
    owner: str
    due_on: datetime.date | None
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_illustrative(row: StandardAssessment) -> list[str]:
        return illustrative_in(StandardAssessmentOut, row)


class AssessedStandardOut(Schema):
    standard: StandardOut
    assessment: StandardAssessmentOut | None = Field(description="None: not assessed yet")

    @staticmethod
    def resolve_assessment(one: selectors.AssessedStandard) -> StandardAssessment | None:
        return one.row


class GovernanceAssessmentDetailOut(GovernanceAssessmentOut):
    counts: CountsOut
    standards: list[AssessedStandardOut]

    @staticmethod
    def resolve_counts(row: SelfAssessment) -> selectors.Counts:
        return row.counts  # type: ignore[attr-defined]

    @staticmethod
    def resolve_standards(row: SelfAssessment) -> list[selectors.AssessedStandard]:
        return row.standards_listed  # type: ignore[attr-defined]


class GovernanceAuditIn(Schema):
    model_config = example(
        {"auditor": "Internal Audit", "audited_on": "2008-10-31", "summary": "", "risk": "low"}
    )

    auditor: Annotated[str, Text(NAME, blank=False)]
    audited_on: PlausibleDate
    summary: Annotated[str, Text(NOTE)] = Field("", description="The overall finding")
    risk: RiskRating


class GovernanceAuditOut(Schema):
    id: int
    auditor: str
    audited_on: datetime.date
    summary: str
    risk: RiskRating
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_illustrative(row: GovernanceAudit) -> list[str]:
        return illustrative_in(GovernanceAuditOut, row)


class AuditActionIn(Schema):
    model_config = example(
        {"action": "Keep a risk register", "owner": "Programme manager", "due_on": "2009-03-31"}
    )

    action: Annotated[str, Text(TITLE, blank=False)]
    owner: Annotated[str, Text(NAME, blank=False)]
    due_on: PlausibleDate


class AuditActionCompleteIn(Schema):
    model_config = example({"done_on": "2009-03-04", "note": ""})

    done_on: PlausibleDate
    note: Annotated[str, Text(NOTE)] = ""


class AuditActionOut(Schema):
    id: int
    finding_id: int
    action: str
    owner: str
    due_on: datetime.date
    done_on: datetime.date | None
    note: str
    status: AuditActionStatus = Field(
        ..., description="Done, or overdue (due date passed), or open"
    )
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_status(row: AuditAction) -> str:
        return str(row.status(timezone.localdate()))

    @staticmethod
    def resolve_illustrative(row: AuditAction) -> list[str]:
        return illustrative_in(AuditActionOut, row)


class AuditFindingIn(Schema):
    model_config = example({"standard_id": None, "finding": "No risk register", "risk": "medium"})

    standard_id: int | None = Field(
        None, description="None: a finding about the partnership overall"
    )
    finding: Annotated[str, Text(NOTE, blank=False)]
    risk: RiskRating


class AuditFindingOut(Schema):
    id: int
    standard_id: int | None
    finding: str
    risk: RiskRating
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_illustrative(row: AuditFinding) -> list[str]:
        return illustrative_in(AuditFindingOut, row)


class AuditFindingDetailOut(AuditFindingOut):
    actions: list[AuditActionOut]

    @staticmethod
    def resolve_actions(row: AuditFinding) -> list[AuditAction]:
        return list(row.actions.all())


class GovernanceAuditDetailOut(GovernanceAuditOut):
    findings: list[AuditFindingDetailOut]

    @staticmethod
    def resolve_findings(row: GovernanceAudit) -> list[AuditFinding]:
        return row.findings_listed  # type: ignore[attr-defined]


class RegisterEntryOut(Schema):
    slug: str
    name: str
    purpose: str
    lead_partner: str = Field(description="The administering authority of its latest pool")
    budget: str | None = Field(description="Its latest pooled budget in pounds, as a string")
    budget_year: int | None = Field(description="The financial year of that budget (its start)")
    budget_illustrative: bool
    assessed_on: datetime.date | None = Field(description="Its latest self-assessment's date")
    compliance: CountsOut | None = Field(description="That self-assessment's counts")
    risk: RiskRating | None = Field(description="The risk rating of its latest audit")


def _counts(counts: selectors.Counts) -> CountsOut:
    return CountsOut(
        met=counts.met,
        partly_met=counts.partly_met,
        not_met=counts.not_met,
        not_assessed=counts.not_assessed,
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


# ---------------------------------------------------------------- handbooks


@router.get(
    "/partnerships/{slug}/handbooks",
    response=replies({200: list[HandbookOut]}),
    auth=SIGNED_IN,
    summary="The handbooks of governance standards that apply to the partnership",
)
def handbook_list(request: HttpRequest, slug: str) -> QuerySet[Handbook]:
    return selectors.handbook_list(partnership_from(request, slug, "standards.view"))


@router.post(
    "/partnerships/{slug}/handbooks",
    response=replies({201: HandbookOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a handbook of governance standards that applies to the partnership",
)
def handbook_create(request: HttpRequest, slug: str, payload: HandbookIn) -> Status[Handbook]:
    partnership = partnership_from(request, slug, "standards.change")
    handbook = services.handbook_adopt(
        actor=request.user, partnership=partnership, **payload.model_dump()
    )
    return Status(201, handbook)


@router.get(
    "/partnerships/{slug}/handbooks/{handbook_id}",
    response=replies({200: HandbookDetailOut}),
    auth=SIGNED_IN,
    summary="A handbook with its standards",
)
def handbook_detail(request: HttpRequest, slug: str, handbook_id: int) -> Handbook:
    partnership = partnership_from(request, slug, "standards.view")
    handbook = selectors.handbook_get(partnership, handbook_id)
    handbook.standards_listed = selectors.standards_of(handbook)  # type: ignore[attr-defined]
    return handbook


@router.post(
    "/partnerships/{slug}/handbooks/{handbook_id}/standards",
    response=replies({201: StandardOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a standard to the handbook, after its others",
)
def standard_add(
    request: HttpRequest, slug: str, handbook_id: int, payload: StandardIn
) -> Status[Standard]:
    partnership = partnership_from(request, slug, "standards.change")
    handbook = selectors.handbook_get(partnership, handbook_id)
    return Status(
        201, services.standard_add(actor=request.user, handbook=handbook, **payload.model_dump())
    )


# ---------------------------------------------------------------- self-assessments


@router.get(
    "/partnerships/{slug}/self-assessments",
    response=replies({200: list[GovernanceAssessmentSummaryOut]}),
    auth=SIGNED_IN,
    summary="The partnership's self-assessments against its handbooks, latest first, "
    "with their counts",
)
def governance_assessment_list(request: HttpRequest, slug: str) -> list[SelfAssessment]:
    partnership = partnership_from(request, slug, "standards.view")
    found = []
    for one, counts in selectors.assessment_list(partnership):
        one.counts = counts  # type: ignore[attr-defined]
        found.append(one)
    return found


@router.post(
    "/partnerships/{slug}/handbooks/{handbook_id}/self-assessments",
    response=replies({201: GovernanceAssessmentOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Begin a self-assessment of the partnership against the handbook",
)
def governance_assessment_create(
    request: HttpRequest, slug: str, handbook_id: int, payload: GovernanceAssessmentIn
) -> Status[SelfAssessment]:
    partnership = partnership_from(request, slug, "standards.change")
    handbook = selectors.handbook_get(partnership, handbook_id)
    assessment = services.self_assessment_create(
        actor=request.user, handbook=handbook, **payload.model_dump()
    )
    return Status(201, assessment)


@router.get(
    "/partnerships/{slug}/self-assessments/{assessment_id}",
    response=replies({200: GovernanceAssessmentDetailOut}),
    auth=SIGNED_IN,
    summary="A self-assessment: every standard of its handbook with its row, and the counts",
)
def governance_assessment_detail(
    request: HttpRequest, slug: str, assessment_id: int
) -> SelfAssessment:
    partnership = partnership_from(request, slug, "standards.view")
    assessment = selectors.assessment_get(partnership, assessment_id)
    rows = selectors.assessment_rows(assessment)
    assessment.counts = selectors.assessment_counts(rows)  # type: ignore[attr-defined]
    assessment.standards_listed = rows  # type: ignore[attr-defined]
    return assessment


@router.put(
    "/partnerships/{slug}/self-assessments/{assessment_id}/standards/{standard_id}",
    response=replies({200: StandardAssessmentOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Assess one standard: met, partly met or not met, the evidence, and the action "
    "where it is not fully met (again: replaces the row)",
)
def standard_assess(
    request: HttpRequest, slug: str, assessment_id: int, standard_id: int, payload: StandardAssessIn
) -> StandardAssessment:
    partnership = partnership_from(request, slug, "standards.change")
    assessment = selectors.assessment_get(partnership, assessment_id)
    standard = selectors.standard_get(assessment.handbook, standard_id)
    return services.standard_assess(
        actor=request.user, assessment=assessment, standard=standard, **payload.model_dump()
    )


# ---------------------------------------------------------------- audits


@router.get(
    "/partnerships/{slug}/audits",
    response=replies({200: list[GovernanceAuditOut]}),
    auth=SIGNED_IN,
    summary="The audits of the partnership's governance, latest first",
)
def governance_audit_list(request: HttpRequest, slug: str) -> QuerySet[GovernanceAudit]:
    partnership = partnership_from(request, slug, "standards.view")
    return selectors.audit_list(partnership, today=timezone.localdate())


@router.post(
    "/partnerships/{slug}/audits",
    response=replies({201: GovernanceAuditOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record an audit of the partnership's governance",
)
def governance_audit_create(
    request: HttpRequest, slug: str, payload: GovernanceAuditIn
) -> Status[GovernanceAudit]:
    partnership = partnership_from(request, slug, "standards.change")
    audit = services.governance_audit_record(
        actor=request.user, partnership=partnership, **payload.model_dump()
    )
    return Status(201, audit)


@router.get(
    "/partnerships/{slug}/audits/{audit_id}",
    response=replies({200: GovernanceAuditDetailOut}),
    auth=SIGNED_IN,
    summary="An audit with its findings and the actions taken on each",
)
def governance_audit_detail(request: HttpRequest, slug: str, audit_id: int) -> GovernanceAudit:
    partnership = partnership_from(request, slug, "standards.view")
    audit = selectors.audit_get(partnership, audit_id)
    audit.findings_listed = selectors.findings_of(audit)  # type: ignore[attr-defined]
    return audit


@router.post(
    "/partnerships/{slug}/audits/{audit_id}/findings",
    response=replies({201: AuditFindingOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a finding to the audit: against a standard, or overall",
)
def audit_finding_add(
    request: HttpRequest, slug: str, audit_id: int, payload: AuditFindingIn
) -> Status[AuditFinding]:
    partnership = partnership_from(request, slug, "standards.change")
    audit = selectors.audit_get(partnership, audit_id)
    standard = (
        None
        if payload.standard_id is None
        else get_in(partnership, Standard, payload.standard_id, field="standard_id")
    )
    return Status(
        201,
        services.audit_finding_add(
            actor=request.user,
            audit=audit,
            standard=standard,
            finding=payload.finding,
            risk=payload.risk,
        ),
    )


@router.post(
    "/partnerships/{slug}/audits/{audit_id}/findings/{finding_id}/actions",
    response=replies({201: AuditActionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add an action taken on a finding: what, who owns it, when it is due",
)
def audit_action_add(
    request: HttpRequest, slug: str, audit_id: int, finding_id: int, payload: AuditActionIn
) -> Status[AuditAction]:
    partnership = partnership_from(request, slug, "standards.change")
    audit = selectors.audit_get(partnership, audit_id)
    finding = selectors.finding_get(audit, finding_id)
    return Status(
        201,
        services.audit_action_add(actor=request.user, finding=finding, **payload.model_dump()),
    )


@router.post(
    "/partnerships/{slug}/audits/{audit_id}/actions/{action_id}/complete",
    response=replies({200: AuditActionOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Record an action taken on a finding done, with a follow-up note",
)
def audit_action_complete(
    request: HttpRequest, slug: str, audit_id: int, action_id: int, payload: AuditActionCompleteIn
) -> AuditAction:
    partnership = partnership_from(request, slug, "standards.change")
    audit = selectors.audit_get(partnership, audit_id)
    item = selectors.audit_action_get(audit, action_id)
    return services.audit_action_complete(
        actor=request.user, item=item, done_on=payload.done_on, note=payload.note
    )


@router.get(
    "/partnerships/{slug}/audit-actions/overdue",
    response=replies({200: list[AuditActionOut]}),
    auth=SIGNED_IN,
    summary="The audits' actions past their due date undone, the most overdue first",
)
def audit_actions_overdue(request: HttpRequest, slug: str) -> QuerySet[AuditAction]:
    partnership = partnership_from(request, slug, "standards.view")
    return selectors.audit_actions_overdue(partnership, today=timezone.localdate())


# ---------------------------------------------------------------- the register


@router.get(
    "/register-of-partnerships",
    response=replies({200: list[RegisterEntryOut]}, (401, 403, 422)),
    auth=SIGNED_IN,
    summary="The council-wide register of partnerships, for the scrutiny committee: each "
    "partnership's purpose, lead partner, budget, compliance with the governance "
    "standards and risk rating",
)
def partnership_register(request: HttpRequest) -> list[RegisterEntryOut]:
    policy.require(request.user, "partnership_register.view")
    return [
        RegisterEntryOut(
            slug=entry.partnership.slug,
            name=entry.partnership.name,
            purpose=entry.purpose,
            lead_partner=entry.lead_partner,
            budget=_money(entry.budget),
            budget_year=entry.budget_year,
            budget_illustrative=entry.budget_illustrative,
            assessed_on=entry.assessment.assessed_on if entry.assessment else None,
            compliance=_counts(entry.counts) if entry.assessment else None,
            risk=RiskRating(entry.risk) if entry.risk else None,
        )
        for entry in selectors.partnership_register()
    ]
