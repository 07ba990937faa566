"""The governance standards pages: a partnership's handbooks, self-assessments and audits
(with the actions overdue), one of each with its rows, a form for each write, and the
council-wide register of partnerships. The same services and policy as the API."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, partnership_page, posted

from . import selectors, services
from .forms import (
    AuditActionCompleteForm,
    AuditActionForm,
    AuditForm,
    FindingForm,
    HandbookForm,
    SelfAssessmentForm,
    StandardAssessForm,
    StandardForm,
)


def _overview(partnership: Partnership) -> str:
    return reverse("assurance:overview", args=[partnership.slug])


def _crumb(partnership: Partnership) -> dict[str, str]:
    return {"crumb_url": _overview(partnership), "crumb": "Governance standards"}


@require_GET
@partnership_page("standards.view")
def overview(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "assurance/overview.html",
        {
            "partnership": partnership,
            "handbooks": list(selectors.handbook_list(partnership)),
            "assessments": selectors.assessment_list(partnership),
            "audits": list(selectors.audit_list(partnership, today=today)),
            "overdue": list(selectors.audit_actions_overdue(partnership, today=today)[:50]),
            "may_change": policy.may(request.user, "standards.change", partnership),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("standards.change")
def handbook_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return form_page(
        request,
        HandbookForm(posted(request), partnership=partnership),
        save=lambda data: reverse(
            "assurance:handbook-detail",
            args=[
                partnership.slug,
                services.handbook_adopt(actor=request.user, partnership=partnership, **data).pk,
            ],
        ),
        title="Record a governance handbook",
        lead="A handbook of governance standards that applies to the partnership, the body "
        "that adopted it and the date by which its standards are to be met.",
        done="Handbook recorded",
        back=_overview(partnership),
        button="Record the handbook",
    )


@require_GET
@partnership_page("standards.view")
def handbook_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    handbook = selectors.handbook_get(partnership, pk)
    return render(
        request,
        "assurance/handbook_detail.html",
        {
            "partnership": partnership,
            "handbook": handbook,
            "standards": selectors.standards_of(handbook),
            "may_change": policy.may(request.user, "standards.change", partnership),
            **_crumb(partnership),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("standards.change")
def standard_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    handbook = selectors.handbook_get(partnership, pk)
    back = reverse("assurance:handbook-detail", args=[partnership.slug, handbook.pk])
    return form_page(
        request,
        StandardForm(posted(request), partnership=partnership),
        save=lambda data: services.standard_add(actor=request.user, handbook=handbook, **data),
        title=f"Add a standard to {handbook.title}",
        done="Standard added",
        back=back,
        button="Add the standard",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("standards.change")
def assessment_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    handbook = selectors.handbook_get(partnership, pk)
    return form_page(
        request,
        SelfAssessmentForm(posted(request), partnership=partnership),
        save=lambda data: reverse(
            "assurance:assessment-detail",
            args=[
                partnership.slug,
                services.self_assessment_create(actor=request.user, handbook=handbook, **data).pk,
            ],
        ),
        title=f"Assess the partnership against {handbook.title}",
        lead="Begin a self-assessment; then say for each standard whether it is met.",
        done="Self-assessment begun",
        back=reverse("assurance:handbook-detail", args=[partnership.slug, handbook.pk]),
        button="Begin the self-assessment",
    )


@require_GET
@partnership_page("standards.view")
def assessment_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(partnership, pk)
    rows = selectors.assessment_rows(assessment)
    return render(
        request,
        "assurance/assessment_detail.html",
        {
            "partnership": partnership,
            "assessment": assessment,
            "rows": rows,
            "counts": selectors.assessment_counts(rows),
            "today": timezone.localdate(),
            "may_change": policy.may(request.user, "standards.change", partnership),
            **_crumb(partnership),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("standards.change")
def standard_assess(
    request: HttpRequest, partnership: Partnership, pk: int, standard_pk: int
) -> HttpResponse:
    assessment = selectors.assessment_get(partnership, pk)
    standard = selectors.standard_get(assessment.handbook, standard_pk)
    row = next(
        (
            one.row
            for one in selectors.assessment_rows(assessment)
            if one.standard.pk == standard.pk
        ),
        None,
    )
    return form_page(
        request,
        StandardAssessForm(posted(request), partnership=partnership, row=row),
        save=lambda data: services.standard_assess(
            actor=request.user, assessment=assessment, standard=standard, **data
        ),
        title=f"Assess standard {standard.reference}",
        lead=standard.title,
        summary=[("Evidence that shows it is met", standard.evidence)] if standard.evidence else [],
        done="Standard assessed",
        back=reverse("assurance:assessment-detail", args=[partnership.slug, assessment.pk]),
        button="Save the assessment",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("standards.change")
def audit_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return form_page(
        request,
        AuditForm(posted(request), partnership=partnership),
        save=lambda data: reverse(
            "assurance:audit-detail",
            args=[
                partnership.slug,
                services.governance_audit_record(
                    actor=request.user, partnership=partnership, **data
                ).pk,
            ],
        ),
        title="Record an audit of the partnership",
        lead="Who audited the partnership's governance, when, the overall finding and the "
        "risk rating; then add its findings and the actions taken.",
        done="Audit recorded",
        back=_overview(partnership),
        button="Record the audit",
    )


@require_GET
@partnership_page("standards.view")
def audit_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    audit = selectors.audit_get(partnership, pk)
    today = timezone.localdate()
    findings = [
        (finding, [(item, item.status(today)) for item in finding.actions.all()])
        for finding in selectors.findings_of(audit)
    ]
    return render(
        request,
        "assurance/audit_detail.html",
        {
            "partnership": partnership,
            "audit": audit,
            "findings": findings,
            "may_change": policy.may(request.user, "standards.change", partnership),
            **_crumb(partnership),
        },
    )


def _audit_url(partnership: Partnership, pk: int) -> str:
    return reverse("assurance:audit-detail", args=[partnership.slug, pk])


@require_http_methods(["GET", "POST"])
@partnership_page("standards.change")
def finding_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    audit = selectors.audit_get(partnership, pk)
    return form_page(
        request,
        FindingForm(
            posted(request),
            partnership=partnership,
            standards=selectors.standards_of_partnership(partnership),
        ),
        save=lambda data: services.audit_finding_add(actor=request.user, audit=audit, **data),
        title="Add a finding of the audit",
        lead=str(audit),
        done="Finding added",
        back=_audit_url(partnership, audit.pk),
        button="Add the finding",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("standards.change")
def audit_action_add(
    request: HttpRequest, partnership: Partnership, pk: int, finding_pk: int
) -> HttpResponse:
    audit = selectors.audit_get(partnership, pk)
    finding = selectors.finding_get(audit, finding_pk)
    return form_page(
        request,
        AuditActionForm(posted(request), partnership=partnership),
        save=lambda data: services.audit_action_add(actor=request.user, finding=finding, **data),
        title="Add an action taken on the finding",
        lead=finding.finding,
        done="Action added",
        back=_audit_url(partnership, audit.pk),
        button="Add the action",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("standards.change")
def audit_action_complete(
    request: HttpRequest, partnership: Partnership, pk: int, action_pk: int
) -> HttpResponse:
    audit = selectors.audit_get(partnership, pk)
    item = selectors.audit_action_get(audit, action_pk)
    return form_page(
        request,
        AuditActionCompleteForm(posted(request), partnership=partnership),
        save=lambda data: services.audit_action_complete(actor=request.user, item=item, **data),
        title=f"Record done: {item.action}",
        lead=f"Owned by {item.owner}, due by {item.due_on:%-d %B %Y}.",
        done="Action recorded done",
        back=_audit_url(partnership, audit.pk),
        button="Record it done",
    )


@require_GET
def partnership_register(request: HttpRequest) -> HttpResponse:
    """The council-wide register of partnerships, for the scrutiny committee."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    policy.require(request.user, "partnership_register.view")
    return render(
        request,
        "assurance/partnership_register.html",
        {"entries": selectors.partnership_register()},
    )
