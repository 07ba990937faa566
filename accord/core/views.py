"""The pages every visitor sees: home, the accessibility statement, the error page."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views import csrf, defaults
from django.views.decorators.http import require_safe

from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from .errors import API_PREFIX, error_body
from .requests import current_request_id
from .security import FAILURE, security_event, user_fields
from .work import your_work


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The front page; signed in, the person's work (``accord.core.work``)."""
    demo_accounts = []
    if settings.ACCORD_SHOW_DEMO_ACCOUNTS and not request.user.is_authenticated:
        present = set(
            get_user_model()
            .objects.filter(username__in=[account.username for account in DEMO_ACCOUNTS])
            .values_list("username", flat=True)
        )
        demo_accounts = [account for account in DEMO_ACCOUNTS if account.username in present]
    return render(
        request,
        "core/home.html",
        {
            "demo_accounts": demo_accounts,
            "demo_password": DEMO_PASSWORD,
            "work": your_work(request.user, on=timezone.localdate()),
        },
    )


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"contact_email": settings.ACCORD_CONTACT_EMAIL},
    )


# Django's error handlers (accord.urls): an address under /api/ gets the API's one error
# shape in JSON, whatever refused it (Django itself, before the API saw the request: an
# unknown address, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a crash); pages get the pages.


def api_error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> JsonResponse | None:
    if not request.path.startswith(API_PREFIX):
        return None
    return JsonResponse(error_body(code, message, field), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
        too_big = api_error(
            request, 413, "too_large", f"The body is larger than {limit:.1f} MB", "body"
        )
        if too_big is not None:
            return too_big
    return api_error(
        request, 400, "bad_request", "The request could not be understood"
    ) or defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return api_error(
        request, 403, "forbidden", "You are not allowed to do this"
    ) or defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return api_error(request, 404, "not_found", "Not found") or defaults.page_not_found(
        request, exception
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: a support id to quote, no detail of what went wrong.

    Rendered without the request's context processors, which may be what failed
    (the database, the session): the page needs nothing but the request id.
    """
    request_id = getattr(request, "request_id", "") or current_request_id()
    message = f"Something went wrong on our side. Quote this support id: {request_id}"
    answer = api_error(request, 500, "server_error", message)
    if answer is not None:
        return answer
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponseServerError(html)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without its CSRF token (``CSRF_FAILURE_VIEW``): Django's 403 page, and
    a line in the security log (``csrf.refused``, with Django's reason), as a forged request
    from another site would leave. The API answers its own (accord.api)."""
    who = user_fields(getattr(request, "user", None))
    security_event("csrf.refused", outcome=FAILURE, reason=reason, **who)
    return csrf.csrf_failure(request, reason=reason)
