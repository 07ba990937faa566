"""What every page of a partnership is made with: the decorator that resolves the
partnership from the address and asks the policy, the form base, the form page, the
button, and the list's pages.

A tenant app's view is then short::

    @require_GET
    @partnership_page("register.view")
    def body_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
        return render(request, "governance/body_list.html", {...})
"""

from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from accord import policy
from accord.core.errors import AccordError, refusal_text
from accord.core.text import validate_typed_text

from .fields import DateInput, TimeInput
from .models import Partnership
from .selectors import partnership_get

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)
PartnershipView = Callable[Concatenate[HttpRequest, Partnership, P], R]
AddressedView = Callable[Concatenate[HttpRequest, str, P], R]

# Rows a list page shows at a time, whatever the size of the partnership.
PER_PAGE = 50


def partnership_page(action: str | None) -> Callable[[PartnershipView[P, R]], AddressedView[P, R]]:
    """Decorate a view of one partnership: the partnership named by the address's ``slug``
    is found (404 if there is none), the policy is asked for ``action`` on it (403 if
    refused), and the view receives it in place of the slug. ``None`` for a view that asks
    the policy about the object it shows instead (a meeting, a paper), where the answer
    depends on that object. The partnership is also kept on the request, for the header."""

    def decorator(view: PartnershipView[P, R]) -> AddressedView[P, R]:
        @wraps(view)
        def resolved(request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs) -> R:
            partnership = partnership_get(slug=slug)
            request.partnership = partnership  # type: ignore[attr-defined]
            if action is not None:
                policy.require(request.user, action, partnership)
            return view(request, partnership, *args, **kwargs)

        return resolved

    return decorator


def paginate(request: HttpRequest, rows: QuerySet[Any] | Sequence[Any]) -> Page[Any]:
    """The page of rows the address asks for (``?page=``; a bad number gives the first or
    the last page), ``PER_PAGE`` at a time. Templates show it with
    ``{% include "partnerships/_pagination.html" %}``."""
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


# ---------------------------------------------------------------- forms


def date_field(label: str, *, required: bool = True, hint: str = "") -> forms.Field:
    """A date, entered with the GOV.UK date input (day, month, year): every date of every
    form is one of these (``accord.partnerships.fields``)."""
    return DateInput(label=label, required=required, help_text=hint or "For example, 11 12 2009")


def time_field(label: str, *, required: bool = False, hint: str = "") -> forms.Field:
    """A time as people write it ("10am", "2.30pm", "14:30", "noon"): every time of every
    form is one of these."""
    return TimeInput(label=label, required=required, help_text=hint)


def choose_from(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only these rows (the partnership's own) in a choice field."""
    field = form.fields[name]
    if isinstance(field, forms.ModelChoiceField):
        field.queryset = queryset


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, where the form has
    that field, otherwise above the form (both appear in the error summary)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        for problem in problems:
            form.add_error(target, problem)


class PartnershipForm(forms.Form):
    """A form of one partnership's pages: its choices come only from that partnership,
    and it renders as GOV.UK components (crispy-forms-gds) in ``layout()``'s order."""

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        for field in self.fields.values():  # as the API refuses them (accord.core.text)
            if isinstance(field, forms.CharField):
                field.validators.append(validate_typed_text)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form carries the token
        self.helper.layout = Layout(*self.layout())

    def layout(self) -> list[Any]:
        return list(self.fields)


Save = Callable[[dict[str, Any]], object]


def posted(request: HttpRequest) -> Any:
    """The submitted data on a POST, None on a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    form: PartnershipForm,
    *,
    save: Save,
    title: str,
    done: str,
    back: str,
    button: str,
    lead: str = "",
    summary: Iterable[tuple[str, str]] = (),
    template: str = "partnerships/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render the form; on a valid POST call ``save`` (one service) and go ``back`` (or to
    the address ``save`` returns) with ``done`` said. A service's refusal lands on the field
    it names and nothing is saved. ``lead`` and ``summary`` (label, value rows) say what
    the form is about; ``extra`` is more context for a ``template`` of the form's own."""
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
            "lead": lead,
            "summary": list(summary),
            **(extra or {}),
        },
    )


# ---------------------------------------------------------------- confirmations

CONFIRMED = "confirmed"


def confirmed(request: HttpRequest) -> Any:
    """The submitted data when it comes from a confirmation page, else None: a POST from a
    button elsewhere (the meeting page's "Publish the agenda") only asks for confirmation."""
    if request.method == "POST" and request.POST.get(CONFIRMED) == "yes":
        return request.POST
    return None


class ConfirmForm(PartnershipForm):
    """A confirmation page's form when it asks nothing more than "are you sure"."""


def confirm_page(
    request: HttpRequest,
    form: PartnershipForm,
    *,
    save: Save,
    title: str,
    follows: Sequence[str],
    done: str,
    back: str,
    button: str,
    lead: str = "",
    warning: str = "",
    summary: Iterable[tuple[str, str]] = (),
    template: str = "partnerships/confirm.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The GOV.UK confirmation of an action that is public or cannot be undone: the page
    says what will follow (``follows``: who will see it, what cannot be undone), asks any
    question the action needs (the form: a reason), and acts only when posted from itself
    (bind the form to ``confirmed(request)``). Without JavaScript: a POST from elsewhere
    shows this page instead of acting. A ``template`` of the action's own extends
    ``partnerships/confirm.html`` (its ``before_form`` block) with ``extra`` context."""
    return form_page(
        request,
        form,
        save=save,
        title=title,
        done=done,
        back=back,
        button=button,
        lead=lead,
        summary=summary,
        template=template,
        extra={**(extra or {}), "follows": list(follows), "warning": warning},
    )


def button(
    request: HttpRequest, action: Callable[[], object], *, done: str, back: str
) -> HttpResponse:
    """A button's POST: run its one service and go ``back``, saying what happened or why
    not (a refusal changes nothing)."""
    try:
        action()
    except (AccordError, ValidationError) as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, done)
    return redirect(back)
