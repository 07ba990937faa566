"""The forms that change a partnership's register: programme officers only. Each form
checks its input and calls one service; a service's refusal is shown on the field it
names, and nothing is saved."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accord.core.errors import AccordError

from .. import selectors, services
from ..forms import (
    BodyForm,
    MembershipEndForm,
    MembershipForm,
    PartnerForm,
    PersonForm,
    PositionForm,
    RegisterForm,
    SignatureForm,
    add_service_error,
)
from ..models import Partnership
from .register import register_of

Save = Callable[[dict[str, Any]], object]


def form_page(
    request: HttpRequest,
    form: RegisterForm,
    *,
    save: Save,
    title: str,
    done: str,
    back: str,
    button: str,
    context: dict[str, object] | None = None,
    template: str = "governance/register_form.html",
) -> HttpResponse:
    """Render the form; on a valid POST call ``save`` and go ``back`` (or the address
    ``save`` returns) with ``done`` said. A service's refusal lands on the field it names."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except AccordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done)
            # A save that returns an address goes there (e.g. the page of what it made).
            return redirect(result if isinstance(result, str) else back)
    return render(
        request,
        template,
        {
            "partnership": form.partnership,
            "form": form,
            "title": title,
            "back": back,
            "button": button,
            **(context or {}),
        },
    )


def changing(request: HttpRequest, slug: str) -> Partnership:
    return register_of(request, slug, "register.change")


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = changing(request, slug)
    return form_page(
        request,
        PartnerForm(posted(request), partnership=partnership),
        save=lambda data: services.partner_create(
            actor=request.user, partnership=partnership, **data
        ),
        title="Add a partner",
        done="Partner added",
        back=reverse("governance:partner-list", args=[slug]),
        button="Add partner",
    )


@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = changing(request, slug)
    return form_page(
        request,
        BodyForm(posted(request), partnership=partnership),
        save=lambda data: services.body_create(actor=request.user, partnership=partnership, **data),
        title="Add a body",
        done="Body added",
        back=reverse("governance:body-list", args=[slug]),
        button="Add body",
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = changing(request, slug)
    return form_page(
        request,
        PersonForm(posted(request), partnership=partnership),
        save=lambda data: services.person_create(
            actor=request.user, partnership=partnership, **data
        ),
        title="Add a person",
        done="Person added",
        back=reverse("governance:person-list", args=[slug]),
        button="Add person",
    )


@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = changing(request, slug)
    initial = {}
    body_id = request.GET.get("body", "")
    if body_id.isdigit():
        initial["body"] = int(body_id)
    form = MembershipForm(posted(request), partnership=partnership, initial=initial)
    back = reverse("governance:body-list", args=[slug])
    if initial:
        back = reverse("governance:body-detail", args=[slug, initial["body"]])
    return form_page(
        request,
        form,
        save=lambda data: services.membership_create(
            actor=request.user, partnership=partnership, **data
        ),
        title="Add a membership",
        done="Membership added",
        back=back,
        button="Add membership",
    )


@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = changing(request, slug)
    membership = selectors.membership_get(partnership, pk=pk)
    return form_page(
        request,
        MembershipEndForm(
            posted(request), partnership=partnership, initial={"end_date": membership.end_date}
        ),
        save=lambda data: services.membership_end(
            actor=request.user, membership=membership, **data
        ),
        title="End a membership",
        done="Membership ended",
        back=reverse("governance:body-detail", args=[slug, membership.body_id]),
        button="End membership",
        context={"membership": membership},
    )


@require_http_methods(["GET", "POST"])
def position_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = changing(request, slug)
    question = selectors.question_get(partnership, pk=pk)
    return form_page(
        request,
        PositionForm(posted(request), partnership=partnership),
        save=lambda data: services.position_record(actor=request.user, question=question, **data),
        title="Record a position",
        done="Position recorded",
        back=reverse("governance:question-detail", args=[slug, question.pk]),
        button="Record position",
        context={"question": question},
    )


@require_http_methods(["GET", "POST"])
def signature_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = changing(request, slug)
    amendment = selectors.amendment_get(partnership, pk=pk)
    return form_page(
        request,
        SignatureForm(posted(request), partnership=partnership),
        save=lambda data: services.signature_record(
            actor=request.user, amendment=amendment, **data
        ),
        title="Record a signature",
        done="Signature recorded",
        back=reverse("governance:constitution-detail", args=[slug]),
        button="Record signature",
        context={"amendment": amendment},
    )
