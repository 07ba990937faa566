"""The pages every visitor sees: home and the accessibility statement."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD


def home(request: HttpRequest) -> HttpResponse:
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
        {"demo_accounts": demo_accounts, "demo_password": DEMO_PASSWORD},
    )


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"contact_email": settings.ACCORD_CONTACT_EMAIL},
    )
