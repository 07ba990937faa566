"""The signed-in person's own choice of e-mails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import PreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_of(request.user)  # type: ignore[arg-type]
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"kinds": [kind for kind, on in current.items() if on]},
    )
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_set(
            actor=request.user,
            user=request.user,  # type: ignore[arg-type]
            choices=form.choices(),
        )
        messages.success(request, "Your e-mail choices are saved")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "email": getattr(request.user, "email", "")},
    )
