"""The forms for contributions on agenda items: a non-voting participant submits (and may
withdraw) a written contribution before the meeting; the programme team records one for
them, and minutes spoken ones. Who may contribute is the service's (``contributor_seat``);
the forms offer what it allows."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from accord import policy
from accord.governance.models import MembershipRole, Person
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import (
    ConfirmForm,
    confirm_page,
    confirmed,
    form_page,
    partnership_page,
    posted,
)

from .. import services
from ..forms import ContributionForm
from ..models import AgendaItem, Contribution, Meeting
from .changes import meeting_url
from .pages import meeting_of


def own_seat_person(request: HttpRequest, meeting: Meeting) -> Person | None:
    """The signed-in person's own non-voting seat's holder on the meeting's body that day."""
    return next(
        (
            seat.person
            for seat in services.contributor_seats(meeting)
            if seat.person.user_id == request.user.pk
        ),
        None,
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def contribution_create(
    request: HttpRequest, partnership: Partnership, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "contribution.submit")
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_pk)
    team = policy.may(request.user, "meeting.change", meeting)
    person = None if team else own_seat_person(request, meeting)
    if not team and person is None:
        raise PermissionDenied("Only the body's non-voting members submit contributions")
    people = [seat.person for seat in services.contributor_seats(meeting)] if team else None
    follows = [
        "It is not a vote: the members read it under the item, in their pack and in the "
        "minutes" + (" (an exempt item's contributions are exempt too)" if item.is_exempt else ""),
        "You can withdraw it until the meeting starts",
    ]

    def save(data: dict[str, object]) -> object:
        return services.contribution_submit(
            actor=request.user,
            item=item,
            person=data.get("person") or person,  # type: ignore[arg-type]
            text=str(data["text"]),
            for_the_record=team,
        )

    return form_page(
        request,
        ContributionForm(posted(request), partnership=partnership, people=people),
        save=save,
        title="Submit a written contribution",
        done="Contribution submitted: the members will read it with the item",
        back=f"{meeting_url(meeting)}#item-{item.number}",
        button="Submit contribution",
        lead=f"{meeting}: item {item}. " + " ".join(f"{line}." for line in follows),
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def contribution_minute(
    request: HttpRequest, partnership: Partnership, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "contribution.minute")
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_pk)
    people = [seat.person for seat in services.contributor_seats(meeting)]
    return form_page(
        request,
        ContributionForm(posted(request), partnership=partnership, people=people),
        save=lambda data: services.contribution_minute(
            actor=request.user, item=item, person=data["person"], text=data["text"]
        ),
        title="Minute a spoken contribution",
        done="Spoken contribution minuted",
        back=f"{meeting_url(meeting)}#item-{item.number}",
        button="Minute contribution",
        lead=f"{meeting}: item {item}. A contribution is not a vote: the minutes show it "
        "apart from the decision.",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def contribution_withdraw(
    request: HttpRequest, partnership: Partnership, pk: int, contribution_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "contribution.submit")
    contribution = get_in(
        partnership,
        Contribution.objects.filter(item__meeting=meeting).select_related("person", "item"),
        contribution_pk,
    )
    team = policy.may(request.user, "meeting.change", meeting)
    if not team and contribution.person.user_id != request.user.pk:
        raise PermissionDenied("Only its author withdraws a contribution")
    return confirm_page(
        request,
        ConfirmForm(confirmed(request), partnership=partnership),
        save=lambda data: services.contribution_withdraw(
            actor=request.user, contribution=contribution, for_the_record=team
        ),
        title="Withdraw the contribution",
        follows=[
            "It is taken off the item: the members' pack and the minutes no longer show it",
            "The audit trail keeps a record that it was withdrawn",
        ],
        done="Contribution withdrawn",
        back=f"{meeting_url(meeting)}#item-{contribution.item.number}",
        button="Withdraw contribution",
        lead=f"{meeting}: item {contribution.item}",
        summary=[
            ("By", contribution.person.name),
            ("As", MembershipRole(contribution.role).label),
            ("Contribution", contribution.text),
        ],
    )
