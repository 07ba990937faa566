"""The partnership pages: the public page of a partnership and the header's switcher."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accord import policy
from accord.partnerships.context_processors import SESSION_KEY
from accord.partnerships.models import Partnership
from accord.partnerships.web import partnership_page

from ..forms import PartnershipSwitchForm


def partnership_switch(request: HttpRequest) -> HttpResponse:
    """The header's switcher: remember the chosen partnership and open its page.

    A GET form, so it works without JavaScript; choosing is not a change of state
    on the server beyond the visitor's own session.
    """
    form = PartnershipSwitchForm(request.GET)
    if not form.is_valid():
        messages.error(request, str(form.errors["partnership"][0]))
        return redirect("core:home")
    partnership = form.cleaned_data["partnership"]
    request.session[SESSION_KEY] = partnership.slug
    return redirect("governance:partnership-detail", slug=partnership.slug)


@require_GET
@partnership_page("partnership.view")
def partnership_detail(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return render(
        request,
        "governance/partnership_detail.html",
        {
            "partnership": partnership,
            "may_audit": policy.may(request.user, "audit.view", partnership),
            # The programme team's, and a provider's people's (their own services' returns).
            "may_view_returns": policy.may(request.user, "return.list", partnership),
            "may_view_reviews": policy.may(request.user, "review.view", partnership),
            "may_view_register": policy.may(request.user, "register.view", partnership),
            "may_change_register": policy.may(request.user, "register.change", partnership),
        },
    )
