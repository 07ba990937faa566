"""E-mails sent when the services change what people take part in: enqueued as a task when
the change commits (tests run tasks at once), never when it rolls back; to the people the
issue names, as each chooses; meeting e-mails carry the calendar invitation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar

from accord.decisions import services as decisions
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import Body, ConstitutionVersion, Person
from accord.meetings import services as meetings
from accord.meetings.calendar import meeting_uid
from accord.meetings.models import Meeting
from accord.notifications.models import NotificationKind, NotificationPreference
from accord.notifications.services import notification_preferences_set

FEBRUARY = datetime.date(2010, 2, 5)


class Rollback(Exception):
    pass


@pytest.fixture
def board(demo) -> Body:
    return Body.objects.select_related("partnership").get(
        partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY
    )


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="officer")


@pytest.fixture
def representative(demo):
    return get_user_model().objects.get(username="representative")


def scheduled(officer, board: Body) -> Meeting:
    meeting = meetings.meeting_schedule(
        actor=officer, body=board, date=FEBRUARY, start_time=datetime.time(10),
        place="County Hall, Oxford",
    )  # fmt: skip
    return meeting


def tabled(officer, board: Body, meeting: Meeting):
    proposal = decisions.proposal_create(
        actor=officer,
        partnership=board.partnership,
        title="Floating support for older people",
        kind="commissioning_decision",
        deciding_body=board,
        on=meeting.date,
    )
    decisions.proposal_table(actor=officer, proposal=proposal, meeting=meeting)
    return proposal


def sent_to(kind_subject: str) -> set[str]:
    return {
        address
        for message in mail.outbox
        if message.subject.startswith(kind_subject)
        for address in message.to
    }


def test_publishing_an_agenda_tells_the_bodys_members_when_it_commits_with_the_invitation(
    board, officer, representative, django_capture_on_commit_callbacks, settings
):
    settings.ACCORD_CANONICAL_DOMAIN = "accord.example.org"
    meeting = scheduled(officer, board)
    tabled(officer, board, meeting)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meetings.meeting_publish_agenda(actor=officer, meeting=meeting)
        assert mail.outbox == []  # nothing inside the transaction
    assert mail.outbox == []  # nor before it commits
    for callback in callbacks:
        callback()  # the commit

    assert sent_to("Agenda published") == {representative.email}
    [message] = mail.outbox
    assert "County Hall, Oxford" in message.body
    assert reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk]) in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == f"meeting-{meeting.pk}.ics"
    assert mimetype.startswith("text/calendar")
    [event] = Calendar.from_ical(content).events
    # The same UID as the body's feed gives it, whatever host anyone used.
    assert event.uid == meeting_uid(meeting) == f"meeting-{meeting.pk}@accord.example.org"


def test_a_change_rolled_back_tells_nobody(
    board, officer, representative, django_capture_on_commit_callbacks
):
    meeting = scheduled(officer, board)
    tabled(officer, board, meeting)

    def publish_then_fail() -> None:
        with transaction.atomic():
            meetings.meeting_publish_agenda(actor=officer, meeting=meeting)
            raise Rollback

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Rollback):
        publish_then_fail()

    assert callbacks == []
    assert mail.outbox == []


def test_opening_a_vote_tells_each_partners_representatives_and_substitutes(
    board, officer, representative, django_capture_on_commit_callbacks
):
    meeting = scheduled(officer, board)
    proposal = tabled(officer, board, meeting)
    meetings.meeting_publish_agenda(actor=officer, meeting=meeting)
    person = Person.objects.get(partnership=board.partnership, user=representative)

    with django_capture_on_commit_callbacks(execute=True):
        ballot = decisions.ballot_open(actor=officer, proposal=proposal, meeting=meeting)

    entitled = {p for unit in ballot.units for p in unit["representatives"] + unit["substitutes"]}
    assert person.pk in entitled
    assert sent_to("Vote open") == {representative.email}
    [message] = mail.outbox
    assert reverse("decisions:ballot-detail", args=["oxfordshire", ballot.pk]) in message.body
    assert message.attachments[0][0] == f"meeting-{meeting.pk}.ics"


def test_a_decision_carried_tells_the_body_and_scrutiny_members_with_its_call_in_period(
    board, officer, representative, django_capture_on_commit_callbacks
):
    meeting = scheduled(officer, board)
    proposal = tabled(officer, board, meeting)
    meetings.meeting_publish_agenda(actor=officer, meeting=meeting)
    ballot = decisions.ballot_open(actor=officer, proposal=proposal, meeting=meeting)
    for unit in ballot.units:
        decisions.vote_cast(
            actor=officer, ballot=ballot, unit=unit["key"], value="for", for_the_record=True,
            cast_by=Person.objects.get(pk=unit["representatives"][0]),
        )  # fmt: skip

    # The demo's scrutiny member, seated on a scrutiny committee of the partnership.
    scrutiny = get_user_model().objects.get(username="scrutiny")
    committee = governance.body_create(
        actor=officer, partnership=board.partnership, name="Scrutiny Committee", kind="scrutiny"
    )
    governance.membership_create(
        actor=officer, partnership=board.partnership, body=committee, role="observer",
        person=governance.person_create(
            actor=officer, partnership=board.partnership, name="Scrutiny member", user=scrutiny
        ),
        start_date=datetime.date(2009, 5, 1),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        decisions.ballot_close(actor=officer, ballot=ballot)

    proposal.refresh_from_db()
    assert sent_to("Decision") == {representative.email, scrutiny.email}
    body = mail.outbox[0].body
    if proposal.takes_effect_on and proposal.takes_effect_on > proposal.decided_on:
        assert f"called in until {proposal.takes_effect_on:%-d %B %Y}" in body
    else:
        assert "There is no call-in period" in body


def voted_against(officer, board: Body):
    """A proposal at a published meeting, its vote open with one partner against."""
    meeting = scheduled(officer, board)
    proposal = tabled(officer, board, meeting)
    meetings.meeting_publish_agenda(actor=officer, meeting=meeting)
    ballot = decisions.ballot_open(actor=officer, proposal=proposal, meeting=meeting)
    unit = ballot.units[0]
    decisions.vote_cast(
        actor=officer, ballot=ballot, unit=unit["key"], value="against", for_the_record=True,
        cast_by=Person.objects.get(pk=unit["representatives"][0]),
    )  # fmt: skip
    return proposal, ballot


def test_a_vote_not_carried_is_no_decision_and_sends_nothing(
    board, officer, django_capture_on_commit_callbacks
):
    _, ballot = voted_against(officer, board)

    with django_capture_on_commit_callbacks(execute=True):
        decisions.ballot_close(actor=officer, ballot=ballot)

    assert mail.outbox == []


def test_a_determination_by_the_escalation_body_is_a_decision_made_and_tells_the_body(
    board, officer, representative, django_capture_on_commit_callbacks
):
    """Not carried in the room, escalated to the chief executives (nothing decided, nothing
    sent), who determine it: the body is told who decided, and when."""
    proposal, ballot = voted_against(officer, board)
    decisions.ballot_close(actor=officer, ballot=ballot)
    proposal.refresh_from_db()
    chief_executives = Body.objects.get(partnership=board.partnership, kind="escalation_body")
    with django_capture_on_commit_callbacks(execute=True):
        decisions.proposal_escalate(
            actor=officer, proposal=proposal, on=FEBRUARY, body=chief_executives
        )
    assert mail.outbox == []  # escalating decides nothing

    with django_capture_on_commit_callbacks(execute=True):
        decisions.escalation_result_record(
            actor=officer, proposal=proposal, on=datetime.date(2010, 3, 5),
            result="determination", note="The chief executives approved the plan",
        )  # fmt: skip

    proposal.refresh_from_db()
    assert proposal.state == "carried"
    assert sent_to("Decision: Floating support for older people") == {representative.email}
    [message] = mail.outbox
    assert (
        f'{chief_executives.name} determined "Floating support for older people" for '
        f"{board.name} on 5 March 2010" in message.body
    )


def test_an_amendment_put_for_signature_tells_the_partners_representatives(
    board, officer, representative, django_capture_on_commit_callbacks
):
    version = governance.constitution_version_create(
        actor=officer, partnership=board.partnership, title="Majority with one against, 2010"
    )
    with django_capture_on_commit_callbacks(execute=True):
        amendment = governance.amendment_propose(
            actor=officer, version=version, proposed_on=datetime.date(2010, 1, 4)
        )

    # Every partner's voting representatives, on any body (a chief executive signs too).
    assert representative.email in sent_to("Awaiting your partner's signature")
    assert "officer@accord.example" not in sent_to("Awaiting")
    path = reverse("governance:signature-create", args=["oxfordshire", amendment.pk])
    assert path in mail.outbox[0].body
    assert ConstitutionVersion.objects.get(pk=version.pk).status == "draft"


def test_a_person_who_turned_a_kind_off_is_not_sent_it_and_the_others_still_are(
    board, officer, representative, django_capture_on_commit_callbacks
):
    notification_preferences_set(
        actor=representative,
        user=representative,
        choices={NotificationKind.AGENDA_PUBLISHED: False},
    )
    meeting = scheduled(officer, board)
    proposal = tabled(officer, board, meeting)

    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_publish_agenda(actor=officer, meeting=meeting)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        decisions.ballot_open(actor=officer, proposal=proposal, meeting=meeting)
    assert sent_to("Vote open") == {representative.email}


def test_the_preferences_page_turns_kinds_off_and_on_and_audits_each_change(
    client, sign_in, representative
):
    sign_in(representative.username)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    assert "representative@accord.example" in page.content.decode()

    kept = [k for k in NotificationKind.values if k != NotificationKind.DECISION_MADE]
    response = client.post(reverse("notifications:preferences"), {"kinds": kept})

    assert response.status_code == 302
    row = NotificationPreference.objects.get(user=representative)
    assert (row.kind, row.enabled) == (NotificationKind.DECISION_MADE, False)
    from accord.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="notification_preference.set").count() == 1


def test_the_preferences_page_asks_to_sign_in(client, demo):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_the_api_reads_and_changes_the_signed_in_persons_own_choices(
    client, sign_in, representative
):
    sign_in(representative.username)
    url = "/api/notifications/preferences"
    assert client.get(url).json() == dict.fromkeys(NotificationKind.values, True)

    response = client.put(url, {"vote_opened": False}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["vote_opened"] is False
    assert response.json()["decision_made"] is True
    assert client.get(url).json()["vote_opened"] is False
    assert (
        client.put(url, {"vote_opened": "sometimes"}, content_type="application/json").json()[
            "error"
        ]["field"]
        == "vote_opened"
    )


def test_the_api_refuses_someone_not_signed_in(client, demo):
    assert client.get("/api/notifications/preferences").status_code == 401
