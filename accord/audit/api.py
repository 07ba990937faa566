"""The audit trail in the JSON API: a partnership's events, newest first, filtered as the
trail's page filters them, for its programme team and the installation's administrators.
Installation-wide events (sign-ins) stay on the page: an API address names a partnership,
and a token is for one."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Schema

from accord.core.schemas import PlausibleDate
from accord.partnerships.endpoints import SIGNED_IN, Router, partnership_from, replies

from .exports import personal_of
from .models import AuditEvent
from .selectors import audit_events

router = Router(tags=["audit"])


class EventFilters(Schema):
    action: str = Field("", max_length=80, description="For example meeting.publish")
    object_type: str = Field("", max_length=80, description="For example meetings.meeting")
    object_id: str = Field("", max_length=64)
    actor_name: str = Field("", max_length=150, description="Done by (username)")
    since: PlausibleDate | None = Field(None, description="From this date (inclusive)")
    until: PlausibleDate | None = Field(None, description="To this date (inclusive)")


class EventOut(Schema):
    sequence: int
    occurred_at: datetime.datetime
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: str
    changes: dict[str, Any] = Field(description="Each changed field: [before, after]")
    request_id: str
    previous_hash: str
    hash: str
    personal_digest: str = Field(
        description="The salted digest of the event's personal data that its hash covers; "
        "empty if it has none"
    )
    client_address: str = Field(
        description="The address the event was made from; empty outside a request, or erased"
    )
    user_agent: str = Field(
        description="The browser or program the event was made with; empty outside a "
        "request, or erased"
    )
    personal_erased: bool = Field(description="Whether the event's personal data was erased")

    @staticmethod
    def resolve_client_address(event: AuditEvent) -> str:
        return str(personal_of(event)[0].get("client_address", ""))

    @staticmethod
    def resolve_user_agent(event: AuditEvent) -> str:
        return str(personal_of(event)[0].get("user_agent", ""))

    @staticmethod
    def resolve_personal_erased(event: AuditEvent) -> bool:
        return personal_of(event)[1]


@router.get(
    "/partnerships/{slug}/events",
    response=replies({200: list[EventOut]}),
    auth=SIGNED_IN,
    summary="A partnership's audit trail, newest first",
)
def audit_event_list(
    request: HttpRequest, slug: str, filters: Query[EventFilters]
) -> QuerySet[AuditEvent]:
    partnership = partnership_from(request, slug, "audit.view")
    if filters.since and filters.until and filters.since > filters.until:
        raise ValidationError({"until": "The to date must be the same as or after the from date"})
    return audit_events(partnership_ids=[partnership.pk], **filters.model_dump())
