"""The forms that change a partnership's register: programme officers only. Each form
checks its input and calls one service; a service's refusal is shown on the field it
names, and nothing is saved."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accord import policy
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, partnership_page, posted

from .. import selectors, services
from ..forms import (
    BodyForm,
    MembershipEndForm,
    MembershipForm,
    MembershipLimitForm,
    PartnerForm,
    PersonForm,
    PositionForm,
    SignatureForm,
)
from ..selectors import people_of


@require_http_methods(["GET", "POST"])
@partnership_page("register.change")
def partner_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return form_page(
        request,
        PartnerForm(posted(request), partnership=partnership),
        save=lambda data: services.partner_create(
            actor=request.user, partnership=partnership, **data
        ),
        title="Add a partner",
        done="Partner added",
        back=reverse("governance:partner-list", args=[partnership.slug]),
        button="Add partner",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("register.change")
def body_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return form_page(
        request,
        BodyForm(posted(request), partnership=partnership),
        save=lambda data: services.body_create(actor=request.user, partnership=partnership, **data),
        title="Add a body",
        done="Body added",
        back=reverse("governance:body-list", args=[partnership.slug]),
        button="Add body",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("register.change")
def person_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return form_page(
        request,
        PersonForm(posted(request), partnership=partnership),
        save=lambda data: services.person_create(
            actor=request.user, partnership=partnership, **data
        ),
        title="Add a person",
        done="Person added",
        back=reverse("governance:person-list", args=[partnership.slug]),
        button="Add person",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("register.change")
def membership_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    initial = {}
    body_id = request.GET.get("body", "")
    if body_id.isdigit():
        initial["body"] = int(body_id)
    form = MembershipForm(posted(request), partnership=partnership, initial=initial)
    back = reverse("governance:body-list", args=[partnership.slug])
    if initial:
        back = reverse("governance:body-detail", args=[partnership.slug, initial["body"]])
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
@partnership_page("register.change")
def membership_end(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    membership = selectors.membership_get(partnership, pk=pk)
    term = f"From {membership.start_date:%-d %B %Y}"
    if membership.end_date:
        term += f" to {membership.end_date:%-d %B %Y}"
    role = membership.get_role_display()
    if membership.partner:
        role += f" for {membership.partner.name}"
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
        back=reverse("governance:body-detail", args=[partnership.slug, membership.body_id]),
        button="End membership",
        summary=[
            ("Body", membership.body.name),
            ("Person", membership.person.name),
            ("Role", role),
            ("Term", term),
        ],
    )


def represented_by(request: HttpRequest, partnership: Partnership) -> dict[int, int] | None:
    """None for the programme team (who record what any partner gave); otherwise the
    partners the signed-in representative speaks for today (the service's rule)."""
    if policy.may(request.user, "register.change", partnership):
        return None
    return services.partners_spoken_for(people_of(partnership, request.user), timezone.localdate())


@require_http_methods(["GET", "POST"])
@partnership_page("partner.speak")
def position_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The programme team records a partner's position as given; a representative states
    their own partner's."""
    question = selectors.question_get(partnership, pk=pk)
    represented = represented_by(request, partnership)
    return form_page(
        request,
        PositionForm(
            posted(request),
            partnership=partnership,
            represented=represented,
            initial={"recorded_on": timezone.localdate()} if represented is not None else None,
        ),
        save=lambda data: services.position_record(
            actor=request.user, question=question, for_the_record=represented is None, **data
        ),
        title="Record a position",
        done="Position recorded",
        back=reverse("governance:question-detail", args=[partnership.slug, question.pk]),
        button="Record position",
        lead=question.title,
    )


@require_http_methods(["GET", "POST"])
@partnership_page("partner.speak")
def signature_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The programme team records a signature given on paper; a representative signs for
    their own partner, as themselves."""
    amendment = selectors.amendment_get(partnership, pk=pk)
    represented = represented_by(request, partnership)
    return form_page(
        request,
        SignatureForm(
            posted(request),
            partnership=partnership,
            represented=represented,
            initial={"signed_on": timezone.localdate()} if represented is not None else None,
        ),
        save=lambda data: services.signature_record(
            actor=request.user, amendment=amendment, for_the_record=represented is None, **data
        ),
        title="Record a signature" if represented is None else "Sign the amendment",
        done="Signature recorded",
        back=reverse("governance:constitution-detail", args=[partnership.slug]),
        button="Record signature" if represented is None else "Sign for your partner",
        lead=amendment.version.title,
    )


@require_http_methods(["GET", "POST"])
@partnership_page("register.change")
def membership_limit(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Record the delegated financial limit the partner's organisation sets for a seat."""
    membership = selectors.membership_get(partnership, pk=pk)
    role = membership.get_role_display()
    if membership.partner:
        role += f" for {membership.partner.name}"
    return form_page(
        request,
        MembershipLimitForm(
            posted(request),
            partnership=partnership,
            initial={"delegated_limit": membership.delegated_limit},
        ),
        save=lambda data: services.membership_limit_set(
            actor=request.user, membership=membership, **data
        ),
        title="Set a delegated financial limit",
        lead="The sum the person in this seat may commit for the partner, as the partner's "
        "own organisation sets it. A decision committing more counts their vote for only "
        "subject to ratification by the partner's own body.",
        done="Delegated limit recorded",
        back=reverse("governance:body-detail", args=[partnership.slug, membership.body_id]),
        button="Save the limit",
        summary=[
            ("Body", membership.body.name),
            ("Person", membership.person.name),
            ("Role", role),
        ],
    )
