"""The pages of the people who sign in for a provider (issue 18), kept by the programme
team: adding a person and ending their term (the list is on the provider's page). The same
services and policy as the API (``staff_api``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, partnership_page, posted

from . import selectors, services
from .staff_forms import ProviderStaffEndForm, ProviderStaffForm

LEAD = (
    "They will see and submit the quarterly returns of this provider's services, and "
    "nothing else of the partnership that is not public."
)


def provider_url(partnership: Partnership, pk: int) -> str:
    return reverse("commissioning:provider-detail", args=[partnership.slug, pk]) + "#staff"


@require_http_methods(["GET", "POST"])
@partnership_page("provider.manage_staff")
def provider_staff_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    provider = selectors.provider_get(partnership, pk)
    return form_page(
        request,
        ProviderStaffForm(posted(request), partnership=partnership),
        save=lambda data: services.provider_staff_add(
            actor=request.user, provider=provider, **data
        ),
        title=f"Add a person who signs in for {provider.name}",
        lead=LEAD,
        done="Person added",
        back=provider_url(partnership, provider.pk),
        button="Add person",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("provider.manage_staff")
def provider_staff_end(
    request: HttpRequest, partnership: Partnership, pk: int, staff_pk: int
) -> HttpResponse:
    provider = selectors.provider_get(partnership, pk)
    term = selectors.provider_staff_get(provider, staff_pk)
    return form_page(
        request,
        ProviderStaffEndForm(
            posted(request), partnership=partnership, initial={"end_date": term.end_date}
        ),
        save=lambda data: services.provider_staff_end(actor=request.user, term=term, **data),
        title=f"End a term with {provider.name}",
        done="Term ended",
        back=provider_url(partnership, provider.pk),
        button="End term",
        summary=[
            ("Provider", provider.name),
            ("Person", term.user.get_username()),
            ("From", f"{term.start_date:%-d %B %Y}"),
        ],
    )
