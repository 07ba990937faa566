"""The service quality reviews' pages (issue 18): the partnership's reviews (flagged ones
marked, overdue actions listed, reviews done on schedule), one review with its grades,
visit and action plan, a service's reviews, and a form for each step. The buttons come
from the review's lifecycle table; the same services and policy as the API."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.commissioning.models import Service
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import form_page, paginate, partnership_page, posted
from accord.rules.lifecycle import REVIEW

from . import selectors, services
from .periods import Quarter
from .review_forms import (
    ActionCompleteForm,
    ActionForm,
    CloseForm,
    GradesForm,
    ProposeForm,
    ReviewPlanForm,
    VisitForm,
)
from .review_models import Review, ReviewStatus


def review_url(partnership: Partnership, review: Review) -> str:
    return reverse("performance:review-detail", args=[partnership.slug, review.pk])


def review_title(review: Review) -> str:
    return f"{review.service.reference} {review.service.name}, due {review.due_on:%-d %B %Y}"


@require_GET
@partnership_page("review.view")
def review_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    today = timezone.localdate()
    flagged = {"yes": True, "no": False}.get(request.GET.get("flagged", ""))
    status = request.GET.get("status", "")
    if status not in ReviewStatus.values:
        status = ""
    period = Quarter.of(today).previous()
    return render(
        request,
        "performance/review_list.html",
        {
            "partnership": partnership,
            "page": paginate(
                request,
                selectors.review_list(partnership, today=today, status=status, flagged=flagged),
            ),
            "flagged": request.GET.get("flagged", ""),
            "status": status,
            "statuses": ReviewStatus.choices,
            "overdue": list(selectors.actions_overdue(partnership, today=today)[:50]),
            "flagged_services": list(selectors.flagged_services(partnership)),
            "on_schedule": selectors.reviews_on_schedule(partnership, period),
            "may_change": policy.may(request.user, "review.change", partnership),
        },
    )


@require_GET
@partnership_page("review.view")
def service_reviews(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A service's quality: its reviews, latest first, flagged where below the minimum."""
    service = get_in(partnership, Service.objects.select_related("provider"), pk)
    reviews = list(selectors.review_list(partnership, today=timezone.localdate(), service=service))
    return render(
        request,
        "performance/service_reviews.html",
        {
            "partnership": partnership,
            "service": service,
            "reviews": reviews,
            "flagged": bool(reviews) and bool(getattr(reviews[0], "flagged", False)),
        },
    )


@require_GET
@partnership_page("review.view")
def review_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    review = selectors.review_get(partnership, pk)
    today = timezone.localdate()
    may_change = policy.may(request.user, "review.change", partnership)
    grades = selectors.grades_of(review)
    steps = (
        REVIEW.triggers(review.status, selectors.review_facts(review, grades))
        if may_change
        else frozenset()
    )
    actions = [(item, item.status(today)) for item in review.actions.all()]
    return render(
        request,
        "performance/review_detail.html",
        {
            "partnership": partnership,
            "review": review,
            "grades": grades,
            "actions": actions,
            "steps": steps,
            "may_decide": policy.may(request.user, "decision.view", partnership),
        },
    )


def _step_page(
    request: HttpRequest,
    partnership: Partnership,
    review: Review,
    form: object,
    save: object,
    *,
    title: str,
    lead: str,
    done: str,
    button: str,
) -> HttpResponse:
    return form_page(
        request,
        form,  # type: ignore[arg-type]
        save=save,  # type: ignore[arg-type]
        title=title,
        lead=lead,
        done=done,
        back=review_url(partnership, review),
        button=button,
        summary=[("Review", review_title(review)), ("Status", review.get_status_display())],
    )


@require_http_methods(["GET", "POST"])
@partnership_page("review.change")
def review_plan(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return form_page(
        request,
        ReviewPlanForm(posted(request), partnership=partnership),
        save=lambda data: review_url(
            partnership,
            services.review_plan(
                actor=request.user,
                service=data["service"],
                due_on=data["due_on"],
                framework=data["framework"],
            ),
        ),
        title="Plan a service quality review",
        lead="The review grades each core objective of the Quality Assessment Framework, A "
        "to D: the provider's self-assessment first, then a validation visit. It is done on "
        "schedule when its grades are validated by the date it is due.",
        done="Review planned",
        back=reverse("performance:review-list", args=[partnership.slug]),
        button="Plan the review",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("review.change")
def review_self_assess(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    review = selectors.review_get(partnership, pk)
    form = GradesForm(
        posted(request),
        partnership=partnership,
        review=review,
        date_label="Self-assessment received on",
    )
    return _step_page(
        request,
        partnership,
        review,
        form,
        lambda data: services.review_self_assess(
            actor=request.user, review=review, grades=form.grades(), on=data["on"]
        ),
        title="Record the provider's self-assessment",
        lead="The provider's own grade for each core objective: A excellence, B good "
        "practice, C meets the minimum, D fails it. Grades are cumulative: an A meets every "
        "B and C standard too.",
        done="Self-assessment recorded",
        button="Record the self-assessment",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("review.change")
def review_visit(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    review = selectors.review_get(partnership, pk)
    return _step_page(
        request,
        partnership,
        review,
        VisitForm(posted(request), partnership=partnership),
        lambda data: services.review_visit(actor=request.user, review=review, **data),
        title="Record the validation visit",
        lead="When the service was visited to validate the provider's self-assessment, who "
        "visited and what they found.",
        done="Validation visit recorded",
        button="Record the visit",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("review.change")
def review_validate(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    review = selectors.review_get(partnership, pk)
    form = GradesForm(
        posted(request), partnership=partnership, review=review, date_label="Validated on"
    )
    return _step_page(
        request,
        partnership,
        review,
        form,
        lambda data: services.review_validate(
            actor=request.user, review=review, grades=form.grades(), on=data["on"]
        ),
        title="Validate the grades",
        lead="The grade the visit confirmed for each core objective. A service graded D on "
        "any objective fails the minimum: it is flagged and needs an action plan.",
        done="Grades validated",
        button="Validate the grades",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("review.change")
def review_close(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    review = selectors.review_get(partnership, pk)
    return _step_page(
        request,
        partnership,
        review,
        CloseForm(posted(request), partnership=partnership),
        lambda data: services.review_close(actor=request.user, review=review, **data),
        title="Record the review's outcome",
        lead="What the review recommends for the service. Once recorded, take it to the "
        "board as a commissioning proposal.",
        done="Outcome recorded",
        button="Record the outcome",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("review.change")
def review_propose(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    review = selectors.review_get(partnership, pk)
    return _step_page(
        request,
        partnership,
        review,
        ProposeForm(posted(request), partnership=partnership),
        lambda data: services.review_propose(
            actor=request.user, review=review, on=timezone.localdate(), **data
        ),
        title="Take the outcome to the board",
        lead="A draft commissioning decision, with the review's validated grades and outcome "
        "in its summary, linked to the review; the officers' group recommends it and the "
        "body you choose decides it.",
        done="Proposal drafted",
        button="Draft the proposal",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("review.change")
def action_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    review = selectors.review_get(partnership, pk)
    return _step_page(
        request,
        partnership,
        review,
        ActionForm(posted(request), partnership=partnership, review=review),
        lambda data: services.action_add(actor=request.user, review=review, **data),
        title="Add an action to the plan",
        lead="What the provider will do towards the next level, who owns it and when it is "
        "due; the programme team follows it up.",
        done="Action added",
        button="Add the action",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("review.change")
def action_complete(
    request: HttpRequest, partnership: Partnership, pk: int, action_pk: int
) -> HttpResponse:
    review = selectors.review_get(partnership, pk)
    item = selectors.action_get(partnership, review, action_pk)
    return _step_page(
        request,
        partnership,
        review,
        ActionCompleteForm(posted(request), partnership=partnership),
        lambda data: services.action_complete(actor=request.user, item=item, **data),
        title=f"Record done: {item.action}",
        lead=f"Owned by {item.owner}, due by {item.due_on:%-d %B %Y}.",
        done="Action recorded done",
        button="Record it done",
    )
