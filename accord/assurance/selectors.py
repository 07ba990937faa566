"""The reads of governance standards: a partnership's handbooks, self-assessments and
audits with their counts, the overdue actions, and the council-wide register of
partnerships. Each answers in a number of queries that does not grow with the rows."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from accord.budget.models import Pool
from accord.core.money import financial_year_label
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

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

ZERO = Decimal("0.00")


def handbook_list(partnership: Partnership) -> QuerySet[Handbook]:
    return Handbook.objects.filter(partnership=partnership).annotate(
        standard_count=Count("standards")
    )


def handbook_get(partnership: Partnership, pk: object) -> Handbook:
    return get_in(partnership, Handbook, pk)


def standards_of(handbook: Handbook) -> list[Standard]:
    return list(Standard.objects.filter(handbook=handbook).order_by("position", "pk"))


def standard_get(handbook: Handbook, pk: object, *, field: str | None = None) -> Standard:
    return get_in(handbook.partnership, Standard.objects.filter(handbook=handbook), pk, field=field)


@dataclass(frozen=True)
class Counts:
    """How many standards of a handbook a self-assessment found met, partly met, not met,
    and left unassessed."""

    met: int = 0
    partly_met: int = 0
    not_met: int = 0
    not_assessed: int = 0

    @property
    def total(self) -> int:
        return self.met + self.partly_met + self.not_met + self.not_assessed


def _counted() -> dict[str, Count]:
    return {
        "met": Count("rows", filter=Q(rows__compliance=Compliance.MET)),
        "partly_met": Count("rows", filter=Q(rows__compliance=Compliance.PARTLY_MET)),
        "not_met": Count("rows", filter=Q(rows__compliance=Compliance.NOT_MET)),
    }


def _standard_counts(handbook_ids: set[int]) -> dict[int, int]:
    return dict(
        Standard.objects.filter(handbook_id__in=handbook_ids)
        .order_by()
        .values("handbook_id")
        .annotate(n=Count("pk"))
        .values_list("handbook_id", "n")
    )


def counts_of(assessment: SelfAssessment, standards: int) -> Counts:
    met = int(getattr(assessment, "met", 0))
    partly = int(getattr(assessment, "partly_met", 0))
    not_met = int(getattr(assessment, "not_met", 0))
    return Counts(met, partly, not_met, max(standards - met - partly - not_met, 0))


def assessment_list(partnership: Partnership) -> list[tuple[SelfAssessment, Counts]]:
    """The partnership's self-assessments, latest first, each with its counts (two queries)."""
    assessments = list(
        SelfAssessment.objects.filter(partnership=partnership)
        .select_related("handbook")
        .annotate(**_counted())
    )
    standards = _standard_counts({one.handbook_id for one in assessments})
    return [(one, counts_of(one, standards.get(one.handbook_id, 0))) for one in assessments]


def assessment_get(partnership: Partnership, pk: object) -> SelfAssessment:
    return get_in(partnership, SelfAssessment.objects.select_related("handbook"), pk)


@dataclass(frozen=True)
class AssessedStandard:
    """A standard of the handbook and its row in the assessment (None: not assessed yet)."""

    standard: Standard
    row: StandardAssessment | None


def assessment_rows(assessment: SelfAssessment) -> list[AssessedStandard]:
    """Every standard of the assessment's handbook, in order, with its row (two queries)."""
    rows = {
        row.standard_id: row for row in StandardAssessment.objects.filter(assessment=assessment)
    }
    return [
        AssessedStandard(standard, rows.get(standard.pk))
        for standard in Standard.objects.filter(handbook_id=assessment.handbook_id).order_by(
            "position", "pk"
        )
    ]


def assessment_counts(rows: list[AssessedStandard]) -> Counts:
    found = [one.row.compliance for one in rows if one.row is not None]
    return Counts(
        found.count(Compliance.MET),
        found.count(Compliance.PARTLY_MET),
        found.count(Compliance.NOT_MET),
        len(rows) - len(found),
    )


def audit_list(partnership: Partnership, *, today: datetime.date) -> QuerySet[GovernanceAudit]:
    """The partnership's audits, latest first, with their findings' and actions' counts."""
    return GovernanceAudit.objects.filter(partnership=partnership).annotate(
        finding_count=Count("findings", distinct=True),
        open_actions=Count(
            "findings__actions", filter=Q(findings__actions__done_on__isnull=True), distinct=True
        ),
        overdue_actions=Count(
            "findings__actions",
            filter=Q(findings__actions__done_on__isnull=True, findings__actions__due_on__lt=today),
            distinct=True,
        ),
    )


def audit_get(partnership: Partnership, pk: object) -> GovernanceAudit:
    return get_in(partnership, GovernanceAudit, pk)


def findings_of(audit: GovernanceAudit) -> list[AuditFinding]:
    """The audit's findings with their standards and actions (two queries)."""
    return list(
        AuditFinding.objects.filter(audit=audit)
        .select_related("standard")
        .prefetch_related(
            Prefetch("actions", queryset=AuditAction.objects.order_by("due_on", "pk"))
        )
    )


def finding_get(audit: GovernanceAudit, pk: object, *, field: str | None = None) -> AuditFinding:
    return get_in(audit.partnership, AuditFinding.objects.filter(audit=audit), pk, field=field)


def audit_action_get(audit: GovernanceAudit, pk: object) -> AuditAction:
    return get_in(
        audit.partnership,
        AuditAction.objects.filter(finding__audit=audit).select_related("finding"),
        pk,
    )


def audit_actions_overdue(
    partnership: Partnership, *, today: datetime.date
) -> QuerySet[AuditAction]:
    """The audits' actions past their due date undone, the most overdue first."""
    return (
        AuditAction.objects.filter(partnership=partnership, done_on__isnull=True, due_on__lt=today)
        .select_related("finding__audit", "finding__standard")
        .order_by("due_on", "pk")
    )


def standards_of_partnership(partnership: Partnership) -> QuerySet[Standard]:
    """Every standard of the partnership's handbooks: what a finding may be against."""
    return Standard.objects.filter(partnership=partnership).select_related("handbook")


# ---------------------------------------------------------------- the council-wide register


@dataclass
class RegisterEntry:
    """One partnership as the register of partnerships shows it to the scrutiny committee."""

    partnership: Partnership
    lead_partner: str = ""
    budget: Decimal | None = None
    budget_year: int | None = None
    budget_illustrative: bool = False
    assessment: SelfAssessment | None = None
    counts: Counts = field(default_factory=Counts)
    audit: GovernanceAudit | None = None

    @property
    def purpose(self) -> str:
        return self.partnership.description

    @property
    def budget_year_label(self) -> str:
        return "" if self.budget_year is None else financial_year_label(self.budget_year)

    @property
    def risk(self) -> str:
        return self.audit.risk if self.audit is not None else ""


def partnership_register() -> list[RegisterEntry]:
    """Every partnership of the installation with its purpose, its lead partner (the
    administering authority of its latest pooled budget), that budget's total, the counts
    of its latest self-assessment and the risk rating of its latest audit: five queries,
    however many partnerships and records there are."""
    entries = {one.pk: RegisterEntry(one) for one in Partnership.objects.order_by("name")}
    pools = (
        Pool.objects.filter(partnership_id__in=entries)
        .select_related("administering_authority")
        .annotate(contributed=Sum("contributions__amount"))
        .order_by("partnership_id", "-financial_year")
    )
    for pool in pools:
        entry = entries[pool.partnership_id]
        if entry.budget_year is None:
            entry.budget_year = pool.financial_year
            entry.budget = pool.grant + (pool.contributed or ZERO)
            entry.budget_illustrative = pool.is_illustrative()
            authority = pool.administering_authority
            entry.lead_partner = authority.name if authority is not None else ""
    assessments = (
        SelfAssessment.objects.filter(partnership_id__in=entries)
        .select_related("handbook")
        .annotate(**_counted())
        .order_by("partnership_id", "-assessed_on", "-pk")
    )
    latest: list[SelfAssessment] = []
    for assessment in assessments:
        entry = entries[assessment.partnership_id]
        if entry.assessment is None:
            entry.assessment = assessment
            latest.append(assessment)
    standards = _standard_counts({one.handbook_id for one in latest})
    for assessment in latest:
        entries[assessment.partnership_id].counts = counts_of(
            assessment, standards.get(assessment.handbook_id, 0)
        )
    audits = GovernanceAudit.objects.filter(partnership_id__in=entries).order_by(
        "partnership_id", "-audited_on", "-pk"
    )
    for audit in audits:
        entry = entries[audit.partnership_id]
        if entry.audit is None:
            entry.audit = audit
    return list(entries.values())
