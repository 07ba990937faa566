"""The pages that vary or terminate a contract (issue 16 items 6 and 7): the forms
"Record a variation" and "Terminate" of the contract's page, each calling one service."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, partnership_page, posted

from . import selectors, services
from .variation_forms import ContractTerminationForm, ContractVariationForm


def _back(partnership: Partnership, pk: int) -> str:
    return reverse("commissioning:contract-detail", args=[partnership.slug, pk])


@require_http_methods(["GET", "POST"])
@partnership_page("contract.change")
def contract_vary(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    contract = selectors.contract_get(partnership, pk)
    form = ContractVariationForm(posted(request), partnership=partnership, contract=contract)

    def save(_data: dict[str, Any]) -> str:
        services.contract_vary(actor=request.user, contract=contract, **form.arguments())
        return _back(partnership, contract.pk)

    return form_page(
        request,
        form,
        save=save,
        title=f"Record a variation of {contract.reference}",
        lead="Give only what the variation changes. It needs the board's carried decision "
        "of the kind contract variation; the contract's record then holds the new values, "
        "and its history keeps what they were.",
        summary=[
            ("Contract", str(contract)),
            ("Term now", f"{contract.start_date:%-d %B %Y} to {contract.end_date:%-d %B %Y}"),
        ],
        done="Variation recorded",
        back=_back(partnership, contract.pk),
        button="Record the variation",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("contract.change")
def contract_terminate(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    contract = selectors.contract_get(partnership, pk)
    return form_page(
        request,
        ContractTerminationForm(posted(request), partnership=partnership),
        save=lambda data: services.contract_terminate(
            actor=request.user, contract=contract, **data
        ),
        title=f"Terminate {contract.reference}",
        lead="The contract ends on the date given: its values for the financial years after "
        "it are taken off, and its page keeps the end date it had. This cannot be undone.",
        summary=[
            ("Contract", str(contract)),
            ("Term now", f"{contract.start_date:%-d %B %Y} to {contract.end_date:%-d %B %Y}"),
        ],
        done="Contract terminated",
        back=_back(partnership, contract.pk),
        button="Terminate the contract",
    )
