"""The pages every visitor sees: home, the accessibility statement, the error page."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_safe

from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from .requests import current_request_id
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


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: a support id to quote, no detail of what went wrong.

    Rendered without the request's context processors, which may be what failed
    (the database, the session): the page needs nothing but the request id.
    """
    request_id = getattr(request, "request_id", "") or current_request_id()
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponseServerError(html)
