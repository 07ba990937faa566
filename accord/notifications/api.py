"""The signed-in person's own choice of e-mails in the JSON API (a token acts for the
person who made it)."""

from django.http import HttpRequest
from ninja import Field, Schema

from accord.partnerships.endpoints import SIGNED_IN, Router, example, replies

from . import selectors, services
from .models import NotificationKind

router = Router(tags=["notifications"])

ON = "Sent (the default) or not"


class PreferencesOut(Schema):
    """Each kind of e-mail and whether the person receives it."""

    agenda_published: bool = Field(description=NotificationKind.AGENDA_PUBLISHED.label)
    vote_opened: bool = Field(description=NotificationKind.VOTE_OPENED.label)
    decision_made: bool = Field(description=NotificationKind.DECISION_MADE.label)
    amendment_awaiting_signature: bool = Field(
        description=NotificationKind.AMENDMENT_AWAITING_SIGNATURE.label
    )
    assessment_summary_sent: bool = Field(
        description=NotificationKind.ASSESSMENT_SUMMARY_SENT.label
    )


class PreferencesIn(Schema):
    """The kinds to turn on (true) or off (false); a kind left out keeps its choice."""

    model_config = example({"vote_opened": True, "decision_made": False})
    agenda_published: bool | None = Field(None, description=ON)
    vote_opened: bool | None = Field(None, description=ON)
    decision_made: bool | None = Field(None, description=ON)
    amendment_awaiting_signature: bool | None = Field(None, description=ON)
    assessment_summary_sent: bool | None = Field(None, description=ON)


@router.get(
    "/preferences",
    response=replies({200: PreferencesOut}, (401,)),
    auth=SIGNED_IN,
    summary="The e-mails the signed-in person receives (each kind on until turned off)",
)
def notification_preferences_detail(request: HttpRequest) -> PreferencesOut:
    return PreferencesOut(**selectors.preferences_of(request.user))  # type: ignore[arg-type]


@router.put(
    "/preferences",
    # 403: a read-only token; 422: a value that is not true or false.
    response=replies({200: PreferencesOut}, (401, 403, 422)),
    auth=SIGNED_IN,
    summary="Turn kinds of e-mail on or off for the signed-in person",
)
def notification_preferences_update(request: HttpRequest, payload: PreferencesIn) -> PreferencesOut:
    choices = {kind: on for kind, on in payload.model_dump().items() if on is not None}
    return PreferencesOut(
        **services.notification_preferences_set(
            actor=request.user,
            user=request.user,  # type: ignore[arg-type]
            choices=choices,
        )
    )
