"""The e-mails themselves: for one kind and one record, what is said and to whom.

Each ``compose_*`` reads the record as it stands when the task runs (after the change
committed) and answers a ``Letter``, or None when there is nothing to say (a vote that was
not carried is not a decision made). Recipients are people with a sign-in and an e-mail
address who have not turned the kind off; each gets their own message (no one sees
another's address).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accord.decisions.models import (
    Ballot,
    DisputeStepKind,
    EscalationResult,
    Proposal,
    ProposalState,
)
from accord.governance.models import Amendment, Person
from accord.meetings.calendar import meetings_calendar
from accord.meetings.models import Meeting
from accord.meetings.selectors import agenda_lines, meeting_items, withheld_items
from accord.procurement.notice_models import AssessmentSummary

from . import selectors
from .models import NotificationKind

CALENDAR = "text/calendar; charset=utf-8; method=PUBLISH"


@dataclass
class Letter:
    kind: str
    subject: str
    template: str
    context: dict[str, object]
    recipients: list[AbstractBaseUser]
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)

    def messages(self) -> list[EmailMessage]:
        preferences = settings.ACCORD_SITE_URL + reverse("notifications:preferences")
        messages = []
        for user in self.recipients:
            body = render_to_string(
                self.template, {**self.context, "user": user, "preferences_url": preferences}
            )
            message = EmailMessage(self.subject, body, to=[user.email])  # type: ignore[attr-defined]
            for name, content, mimetype in self.attachments:
                message.attach(name, content, mimetype)
            messages.append(message)
        return messages


def link(name: str, *args: object) -> str:
    return settings.ACCORD_SITE_URL + reverse(name, args=args)


def invitation(meeting: Meeting) -> tuple[str, bytes, str]:
    """The meeting as a calendar event (its agenda as the public reads it: exempt items as
    their placeholders), with the UID the body's calendar feed gives it, so a subscriber's
    calendar keeps one copy."""
    public_agenda = (
        agenda_lines(meeting_items(meeting, exempt_too=False), withheld_items(meeting, public=True))
        if meeting.agenda_is_published
        else None
    )
    data = meetings_calendar(
        meeting.body,
        [meeting],
        base_url=settings.ACCORD_SITE_URL,
        agendas={meeting.pk: public_agenda} if public_agenda is not None else None,
    )
    return f"meeting-{meeting.pk}.ics", data, CALENDAR


def compose_agenda_published(meeting_id: int) -> Letter | None:
    meeting = Meeting.objects.select_related("body__partnership").get(pk=meeting_id)
    people = selectors.seated_user_ids(on=meeting.date, body_ids=[meeting.body_id])
    slug = meeting.body.partnership.slug
    return Letter(
        kind=NotificationKind.AGENDA_PUBLISHED,
        subject=f"Agenda published: {meeting.name}, {meeting.date:%-d %B %Y}",
        template="notifications/mail/agenda_published.txt",
        context={
            "meeting": meeting,
            "url": link("meetings:meeting-detail", slug, meeting.pk),
            "pack_url": link("meetings:agenda-pack", slug, meeting.pk),
        },
        recipients=selectors.recipients(NotificationKind.AGENDA_PUBLISHED, people),
        attachments=[invitation(meeting)],
    )


def compose_vote_opened(ballot_id: int) -> Letter | None:
    ballot = Ballot.objects.select_related(
        "proposal", "meeting__body__partnership", "partnership"
    ).get(pk=ballot_id)
    people = {p for unit in ballot.units for p in unit["representatives"] + unit["substitutes"]}
    users = Person.objects.filter(pk__in=people, user__isnull=False).values_list(
        "user_id", flat=True
    )
    return Letter(
        kind=NotificationKind.VOTE_OPENED,
        subject=f"Vote open: {ballot.proposal.title}",
        template="notifications/mail/vote_opened.txt",
        context={
            "ballot": ballot,
            "meeting": ballot.meeting,
            "url": link("decisions:ballot-detail", ballot.partnership.slug, ballot.pk),
        },
        recipients=selectors.recipients(NotificationKind.VOTE_OPENED, users),
        attachments=[invitation(ballot.meeting)],
    )


def compose_decision_made(proposal_id: int) -> Letter | None:
    proposal = Proposal.objects.select_related("deciding_body", "partnership").get(pk=proposal_id)
    if proposal.state != ProposalState.CARRIED or proposal.decided_on is None:
        return None  # not (yet) a decision: not carried, or awaiting ratification
    on = proposal.decided_on
    people = selectors.seated_user_ids(on=on, body_ids=[proposal.deciding_body_id])
    people |= selectors.scrutiny_user_ids(proposal.partnership_id, on=on)
    # Decided by the escalation body's determination, not by a vote of the deciding body.
    determination = (
        proposal.steps.filter(
            kind=DisputeStepKind.ESCALATION_RESULT, result=EscalationResult.DETERMINATION
        )
        .select_related("body")
        .order_by("-taken_on", "-pk")
        .first()
    )
    call_in_until = (
        proposal.takes_effect_on
        if proposal.takes_effect_on and proposal.takes_effect_on > on
        else None
    )
    return Letter(
        kind=NotificationKind.DECISION_MADE,
        subject=f"Decision: {proposal.title}",
        template="notifications/mail/decision_made.txt",
        context={
            "proposal": proposal,
            "determined_by": determination.body if determination else None,
            "call_in_until": call_in_until,
            "url": link("decisions:proposal-detail", proposal.partnership.slug, proposal.pk),
        },
        recipients=selectors.recipients(NotificationKind.DECISION_MADE, people),
    )


def compose_amendment_awaiting_signature(amendment_id: int) -> Letter | None:
    amendment = Amendment.objects.select_related("version", "partnership").get(pk=amendment_id)
    people = selectors.representative_user_ids(amendment.partnership_id, on=amendment.proposed_on)
    return Letter(
        kind=NotificationKind.AMENDMENT_AWAITING_SIGNATURE,
        subject=f"Awaiting your partner's signature: {amendment.version.title}",
        template="notifications/mail/amendment_awaiting_signature.txt",
        context={
            "amendment": amendment,
            "url": link("governance:signature-create", amendment.partnership.slug, amendment.pk),
        },
        recipients=selectors.recipients(NotificationKind.AMENDMENT_AWAITING_SIGNATURE, people),
    )


def compose_assessment_summary_sent(summary_id: int) -> Letter | None:
    """To the people who sign in for the bidder today: that its summary is ready, with the
    link to it. Nothing of the summary itself (its scores are for the page, which asks the
    policy), and nothing of another bidder's."""
    summary = AssessmentSummary.objects.select_related(
        "procurement__partnership", "bid__provider"
    ).get(pk=summary_id)
    procurement = summary.procurement
    people = selectors.provider_staff_user_ids(summary.bid.provider_id, on=timezone.localdate())
    return Letter(
        kind=NotificationKind.ASSESSMENT_SUMMARY_SENT,
        subject=f"Assessment summary ready: {procurement.reference} {procurement.title}",
        template="notifications/mail/assessment_summary_sent.txt",
        context={
            "summary": summary,
            "procurement": procurement,
            "provider": summary.bid.provider,
            "partnership": procurement.partnership,
            "url": link(
                "procurement:summary-detail",
                procurement.partnership.slug,
                procurement.pk,
                summary.bid_id,
            ),
            "because": "You receive this because you sign in for "
            f"{summary.bid.provider.name}, which bid.",
        },
        recipients=selectors.recipients(NotificationKind.ASSESSMENT_SUMMARY_SENT, people),
    )


COMPOSERS: dict[str, Callable[[int], Letter | None]] = {
    NotificationKind.AGENDA_PUBLISHED: compose_agenda_published,
    NotificationKind.VOTE_OPENED: compose_vote_opened,
    NotificationKind.DECISION_MADE: compose_decision_made,
    NotificationKind.AMENDMENT_AWAITING_SIGNATURE: compose_amendment_awaiting_signature,
    NotificationKind.ASSESSMENT_SUMMARY_SENT: compose_assessment_summary_sent,
}


def send(kind: str, object_id: int) -> int:
    """Compose and send one notification; the number of messages sent."""
    letter = COMPOSERS[kind](object_id)
    if letter is None or not letter.recipients:
        return 0
    messages = letter.messages()
    with get_connection() as connection:
        return int(connection.send_messages(messages) or 0)


__all__ = ["COMPOSERS", "Letter", "send"]
