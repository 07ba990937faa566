"""Contributions of non-voting members on agenda items (seed 000, para 22: providers and
service users "attend and contribute as and when they wish to", "on a no vote basis"):
written before the meeting by the member, spoken at it and minuted by the clerk; read in
the members' pack and the minutes apart from any vote; exempt with an exempt item."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import Body, MembershipRole, Person
from accord.meetings import services as meetings
from accord.meetings.models import AgendaItem, Contribution, Meeting
from tests.decisions.test_voting import PLACE, START, Oxon, oxfordshire
from tests.meetings.test_packs import text_of

# seed 000, para 22: "the late November meeting" of the Core Strategy Group, at which the
# officers discussed service user involvement; its day and hour are illustrative.
NOVEMBER = datetime.date(2009, 11, 26)
TEN = datetime.time(10)
THE_DAY_BEFORE = datetime.datetime(2009, 11, 25, 12, tzinfo=datetime.UTC)
STARTED = datetime.datetime(2009, 11, 26, 10, tzinfo=datetime.UTC)
WORDS = "A warden on site at night matters more to residents than the hours of the office."
LEAD_OFFICER = "Supporting People Lead Officer, Oxfordshire County Council"


@dataclass
class Group:
    board: Oxon
    strategy: Body
    service_user: Person  # seated from 2 September 2009 (seed 000, para 10)
    provider: Person
    officer: Person  # an officer of the group: no contributions


def seat(board: Oxon, body: Body, name: str, role: str, start: datetime.date, **kw) -> Person:
    person = governance.person_create(actor=None, partnership=board.partnership, name=name, **kw)
    governance.membership_create(
        actor=None,
        partnership=board.partnership,
        body=body,
        person=person,
        role=role,
        start_date=start,
    )
    return person


def core_strategy_group(board: Oxon) -> Group:
    strategy = board.strategy_group
    user = get_user_model().objects.create_user("su-rep", password="x" * 12)
    return Group(
        board,
        strategy,
        seat(
            board,
            strategy,
            oxon.SERVICE_USER_REPRESENTATIVES[0],
            MembershipRole.SERVICE_USER_REPRESENTATIVE,
            oxon.SERVICE_USERS_JOIN,
            user=user,
        ),
        seat(board, strategy, oxon.PROVIDER_REPRESENTATIVES[0], "provider_representative", START),
        seat(board, strategy, LEAD_OFFICER, MembershipRole.OFFICER, START),
    )


@pytest.fixture
def group(db) -> Group:
    return core_strategy_group(oxfordshire())


def published(body: Body, date: datetime.date = NOVEMBER, *, exempt: bool = False) -> AgendaItem:
    meeting = meetings.meeting_schedule(
        actor=None, body=body, date=date, start_time=TEN, place=PLACE
    )
    item = meetings.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Future governance: involvement of service users in decision making",
        is_exempt=exempt,
        exempt_paragraph="other" if exempt else "",
        exempt_reason="Personal circumstances of named service users" if exempt else "",
    )
    # published a month before (the clear days of section 100B are counted from it)
    meetings.meeting_publish_agenda(
        actor=None, meeting=meeting, today=date - datetime.timedelta(30)
    )
    item.refresh_from_db()
    return item


def submit(item: AgendaItem, person: Person, **kw) -> Contribution:
    kw.setdefault("now", THE_DAY_BEFORE)
    kw.setdefault("for_the_record", True)
    kw.setdefault("actor", None)
    return meetings.contribution_submit(item=item, person=person, text=WORDS, **kw)


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# ---------------------------------------------------------------- who, and when


def test_a_service_user_representative_submits_a_written_contribution_before_the_meeting(group):
    item = published(group.strategy)
    user = group.service_user.user
    contribution = meetings.contribution_submit(
        actor=user, item=item, person=group.service_user, text=WORDS, now=THE_DAY_BEFORE
    )
    assert contribution.kind == "written"
    assert contribution.role == MembershipRole.SERVICE_USER_REPRESENTATIVE
    assert contribution.by == "Service user representative"  # not named without consent
    assert events("contribution.submit") == 1


@pytest.mark.parametrize("who", ["provider", "adviser", "observer"])
def test_every_non_voting_seat_may_contribute(group, who):
    person = group.provider
    if who != "provider":
        person = seat(group.board, group.strategy, f"An {who}", who, START)
    contribution = submit(published(group.strategy), person)
    assert contribution.role == (who if who != "provider" else "provider_representative")
    assert contribution.by == f"{person.name} ({contribution.get_role_display().lower()})"


def test_a_voting_representative_takes_part_by_voting_not_by_contributions(group):
    item = published(group.board.body)
    with pytest.raises(ValidationError, match="takes part by voting") as refused:
        submit(item, group.board.representatives[oxon.WEST])
    assert "person" in refused.value.message_dict
    assert Contribution.objects.count() == 0


def test_an_officer_of_the_group_does_not_contribute(group):
    with pytest.raises(ValidationError, match="as an officer"):
        submit(published(group.strategy), group.officer)


def test_a_service_user_representative_contributes_only_where_and_when_they_sit(group):
    # not on the Commissioning Body (seed 000, para 9)
    with pytest.raises(ValidationError, match="did not sit on the Supporting People"):
        submit(published(group.board.body), group.service_user)
    # nor on the Core Strategy Group before 2 September 2009 (seed 000, para 10)
    july = published(group.strategy, datetime.date(2009, 7, 15))
    with pytest.raises(ValidationError, match="did not sit on the Core Strategy Group on 15 July"):
        submit(july, group.service_user, now=datetime.datetime(2009, 7, 1, tzinfo=datetime.UTC))


def test_where_the_constitution_gives_service_users_a_vote_they_vote_instead(db):
    """A partnership whose constitution gives service user representatives a vote on a body
    counts them among its voting members there."""
    partnership = governance.partnership_create(actor=None, slug="voting", name="Voting users")
    body = governance.body_create(
        actor=None, partnership=partnership, name="Partnership Board", kind="deciding_board"
    )
    version = governance.constitution_version_create(
        actor=None, partnership=partnership, title="Terms of reference"
    )
    governance.body_rule_set(
        actor=None,
        version=version,
        body=body,
        decision_rule={"kind": "majority", "base": "present", "threshold": "1/2"},
        service_user_representatives_vote=True,
    )
    governance.constitution_record_founding(actor=None, version=version, start_date=START)
    person = governance.person_create(actor=None, partnership=partnership, name="A service user")
    governance.membership_create(
        actor=None,
        partnership=partnership,
        body=body,
        person=person,
        role=MembershipRole.SERVICE_USER_REPRESENTATIVE,
        start_date=START,
    )
    with pytest.raises(ValidationError, match="gives service user representatives a vote"):
        submit(published(body), person)


def test_nobody_submits_for_someone_else_but_the_programme_team(group):
    item = published(group.strategy)
    someone = get_user_model().objects.create_user("someone", password="x" * 12)
    with pytest.raises(ValidationError, match="only your own"):
        submit(item, group.service_user, for_the_record=False, actor=someone)
    assert submit(item, group.service_user, for_the_record=True).pk


def test_written_contributions_close_when_the_meeting_starts(group):
    item = published(group.strategy)
    with pytest.raises(AccordError, match="until the meeting starts") as refused:
        submit(item, group.service_user, now=STARTED)
    assert refused.value.field == "text"


def test_nothing_is_written_before_the_agenda_is_published(group):
    meeting = meetings.meeting_schedule(
        actor=None, body=group.strategy, date=NOVEMBER, start_time=TEN, place=PLACE
    )
    item = meetings.agenda_item_add(actor=None, meeting=meeting, title="Annual plan")
    with pytest.raises(AccordError, match="once the agenda is published"):
        submit(item, group.service_user)


# ---------------------------------------------------------------- withdrawing, minuting


def test_the_author_withdraws_a_written_contribution_until_the_meeting_starts(group):
    item = published(group.strategy)
    user = group.service_user.user
    contribution = submit(item, group.service_user)
    with pytest.raises(AccordError, match="until the meeting starts"):
        meetings.contribution_withdraw(actor=user, contribution=contribution, now=STARTED)
    other = get_user_model().objects.create_user("other", password="x" * 12)
    with pytest.raises(ValidationError, match="only your own"):
        meetings.contribution_withdraw(actor=other, contribution=contribution, now=THE_DAY_BEFORE)
    meetings.contribution_withdraw(actor=user, contribution=contribution, now=THE_DAY_BEFORE)
    assert not Contribution.objects.exists()
    event = AuditEvent.objects.get(action="contribution.withdraw")
    assert WORDS in str(event.changes)  # the trail keeps what it said


def held(item: AgendaItem) -> Meeting:
    return meetings.meeting_mark_held(actor=None, meeting=item.meeting, today=NOVEMBER)


def test_the_clerk_minutes_a_spoken_contribution_from_the_meetings_day(group):
    item = published(group.strategy)
    with pytest.raises(AccordError, match="date has not come"):
        meetings.contribution_minute(
            actor=None, item=item, person=group.provider, text=WORDS, today=THE_DAY_BEFORE.date()
        )
    held(item)
    spoken = meetings.contribution_minute(
        actor=None, item=item, person=group.provider, text=WORDS, today=NOVEMBER
    )
    assert spoken.kind == "spoken"
    assert events("contribution.minute") == 1
    with pytest.raises(ValidationError, match="ask the clerk"):
        meetings.contribution_withdraw(actor=None, contribution=spoken)
    meetings.contribution_withdraw(actor=None, contribution=spoken, for_the_record=True)
    assert not Contribution.objects.exists()


def test_nothing_changes_once_the_minutes_are_approved(group):
    item = published(group.strategy)
    written = submit(item, group.service_user)
    held(item)
    spoken = meetings.contribution_minute(
        actor=None, item=item, person=group.provider, text=WORDS, today=NOVEMBER
    )
    later = published(group.strategy, datetime.date(2010, 1, 28))
    meetings.meeting_mark_held(actor=None, meeting=later.meeting, today=later.meeting.date)
    meetings.minutes_approve(
        actor=None, meeting=item.meeting, at_meeting=later.meeting, today=later.meeting.date
    )
    for contribution in (written, spoken):
        with pytest.raises(AccordError, match="minutes are approved"):
            meetings.contribution_withdraw(
                actor=None, contribution=contribution, for_the_record=True
            )
    with pytest.raises(AccordError, match="minutes are approved"):
        meetings.contribution_minute(
            actor=None, item=item, person=group.provider, text=WORDS, today=later.meeting.date
        )
    assert Contribution.objects.count() == 2


# ---------------------------------------------------------------- pages, documents, API

API = "/api/meetings/partnerships/oxfordshire"


@dataclass
class Coming:
    """The Core Strategy Group's next meeting, three weeks away (the pages read the clock),
    its agenda published, and who takes part in it."""

    group: Group
    item: AgendaItem
    clerk: object  # the programme officer's sign-in


@pytest.fixture
def coming(group) -> Coming:
    clerk = get_user_model().objects.create_user("clerk", password="x" * 12)
    governance.programme_officer_appoint(
        actor=None, partnership=group.board.partnership, user=clerk, start_date=START
    )
    return Coming(group, published(group.strategy, timezone.localdate() + datetime.timedelta(21)),
                  clerk)  # fmt: skip


def page(client, meeting: Meeting) -> str:
    response = client.get(reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def pdf(client, name: str, meeting: Meeting) -> str:
    response = client.get(reverse(name, args=["oxfordshire", meeting.pk]))
    assert response.status_code == 200, response.status_code
    return text_of(response.content)


def test_a_service_user_representative_reads_the_pack_contributes_and_finds_it_in_the_minutes(
    client, sign_in, coming
):
    """The journey of issue's "done": as the service user representative, read the pack,
    submit a written contribution to an item, see it in the members' pack and then in the
    minutes; a spoken contribution minuted by the clerk beside it; neither is a vote."""
    item, meeting, group = coming.item, coming.item.meeting, coming.group
    sign_in("su-rep")
    assert "Future governance" in pdf(client, "meetings:agenda-pack", meeting)
    html = page(client, meeting)
    form = reverse("meetings:contribution-create", args=["oxfordshire", meeting.pk, item.pk])
    assert form in html
    response = client.post(form, {"text": ""})
    assert "Enter the contribution" in response.content.decode()
    assert not Contribution.objects.exists()
    response = client.post(form, {"text": WORDS})
    assert response.status_code == 302
    html = page(client, meeting)
    assert "Contributions (no vote)" in html
    assert WORDS in html
    pack = pdf(client, "meetings:agenda-pack", meeting)
    assert "Contributions (no vote)" in pack
    assert WORDS in pack
    assert "Service user representative (written, before the meeting)" in pack

    # the meeting is held (three weeks on): the clerk minutes what the provider
    # representative said (the form itself: test_the_clerk_minutes_a_spoken_contribution...)
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=meeting.date)
    spoken = "Providers asked for a year's notice of any change to the wardens' hours."
    meetings.contribution_minute(
        actor=coming.clerk, item=item, person=group.provider, text=spoken, today=meeting.date
    )
    sign_in("clerk")
    minute = reverse("meetings:contribution-minute", args=["oxfordshire", meeting.pk, item.pk])
    draft = pdf(client, "meetings:minutes-pdf", meeting)
    assert WORDS in draft
    assert spoken in draft
    assert "spoken at the meeting" in draft

    # approved at the next meeting: the public reads them, the representative by seat only
    later = published(group.strategy, meeting.date + datetime.timedelta(28))
    meetings.meeting_mark_held(actor=None, meeting=later.meeting, today=later.meeting.date)
    meetings.minutes_approve(
        actor=None, meeting=meeting, at_meeting=later.meeting, today=later.meeting.date
    )
    client.logout()
    public = pdf(client, "meetings:minutes-pdf", meeting)
    assert WORDS in public
    assert "Service user representative (written, before the meeting)" in public
    assert "Service User Working Group" not in public  # the representative is not named
    assert "Contributions (no vote)" in page(client, meeting)

    # nothing changes once approved
    sign_in("clerk")
    assert minute not in page(client, meeting)
    withdraw = reverse(
        "meetings:contribution-withdraw",
        args=["oxfordshire", meeting.pk, Contribution.objects.get(kind="spoken").pk],
    )
    response = client.post(withdraw, {"confirmed": "yes"})
    assert "minutes are approved" in response.content.decode()
    assert Contribution.objects.count() == 2


def test_the_clerk_minutes_a_spoken_contribution_on_the_meetings_day(client, sign_in, group):
    clerk = get_user_model().objects.create_user("clerk", password="x" * 12)
    governance.programme_officer_appoint(
        actor=None, partnership=group.board.partnership, user=clerk, start_date=START
    )
    item = published(group.strategy, timezone.localdate())
    meeting = item.meeting
    minute = reverse("meetings:contribution-minute", args=["oxfordshire", meeting.pk, item.pk])
    sign_in("clerk")
    assert minute in page(client, meeting)
    form = client.get(minute).content.decode()
    assert group.provider.name in form
    assert group.officer.name not in form  # officers do not contribute
    response = client.post(minute, {"person": group.officer.pk, "text": WORDS})
    assert "Select a person" in response.content.decode()
    response = client.post(minute, {"person": group.provider.pk, "text": WORDS})
    assert response.status_code == 302
    spoken = Contribution.objects.get()
    assert (spoken.kind, spoken.person) == ("spoken", group.provider)
    assert events("contribution.minute") == 1


def test_the_author_withdraws_their_contribution_from_the_meeting_page(client, sign_in, coming):
    meeting = coming.item.meeting
    contribution = submit(coming.item, coming.group.service_user, now=None)
    withdraw = reverse(
        "meetings:contribution-withdraw", args=["oxfordshire", meeting.pk, contribution.pk]
    )
    sign_in("su-rep")
    assert withdraw in page(client, meeting)
    assert client.get(withdraw).status_code == 200  # the confirmation
    response = client.post(withdraw, {"confirmed": "yes"})
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    assert events("contribution.withdraw") == 1


def test_the_forms_refuse_those_without_a_non_voting_seat(client, sign_in, coming):
    meeting, item = coming.item.meeting, coming.item
    form = reverse("meetings:contribution-create", args=["oxfordshire", meeting.pk, item.pk])
    minute = reverse("meetings:contribution-minute", args=["oxfordshire", meeting.pk, item.pk])
    assert client.get(form).status_code in {302, 403}  # anonymous: sign in
    sign_in("su-rep")
    assert client.get(minute).status_code == 403  # the clerk minutes spoken contributions
    # a voting representative of the Commissioning Body does not contribute to its items
    west = coming.group.board.representatives[oxon.WEST]
    west.user = get_user_model().objects.create_user("west", password="x" * 12)
    west.save()
    board_item = published(coming.group.board.body, meeting.date)
    sign_in("west")
    board_form = reverse(
        "meetings:contribution-create",
        args=["oxfordshire", board_item.meeting.pk, board_item.pk],
    )
    assert client.get(board_form).status_code == 403
    assert board_form not in page(client, board_item.meeting)


def test_an_exempt_items_contributions_are_exempt_too(client, sign_in, group):
    item = published(group.strategy, timezone.localdate() + datetime.timedelta(21), exempt=True)
    submit(item, group.service_user, now=None)
    meeting = item.meeting
    public_page = page(client, meeting)
    assert WORDS not in public_page
    assert WORDS not in pdf(client, "meetings:agenda-pack", meeting)
    listed = client.get(f"{API}/meetings/{meeting.pk}/items/{item.pk}/contributions")
    assert listed.status_code == 404
    detail = client.get(f"{API}/meetings/{meeting.pk}").json()
    assert WORDS not in str(detail)
    sign_in("su-rep")  # a member of the body reads it with the item
    assert WORDS in page(client, meeting)
    assert WORDS in pdf(client, "meetings:agenda-pack", meeting)


def test_the_api_submits_lists_and_withdraws_as_the_pages_do(client, sign_in, coming):
    meeting, item = coming.item.meeting, coming.item
    path = f"{API}/meetings/{meeting.pk}/items/{item.pk}/contributions"
    sign_in("su-rep")
    blank = client.post(path, {"text": " "}, content_type="application/json")
    assert blank.status_code == 422
    assert "text" in str(blank.json())
    made = client.post(path, {"text": WORDS}, content_type="application/json")
    assert made.status_code == 201, made.content
    data = made.json()
    assert (data["kind"], data["role"], data["by"]) == (
        "written",
        "service_user_representative",
        "Service user representative",
    )
    assert events("contribution.submit") == 1
    client.logout()
    public = client.get(path).json()["items"]
    assert [(row["text"], row["person_id"]) for row in public] == [(WORDS, None)]
    item_json = client.get(f"{API}/meetings/{meeting.pk}/items/{item.pk}").json()
    assert item_json["contributions"][0]["by"] == "Service user representative"
    sign_in("clerk")
    minute = client.post(
        f"{path}/minute",
        {"person_id": coming.group.provider.pk, "text": WORDS},
        content_type="application/json",
    )
    assert minute.status_code == 409  # the meeting's day has not come
    assert "date has not come" in str(minute.json())
    sign_in("su-rep")
    gone = client.post(f"{API}/contributions/{data['id']}/withdraw")
    assert gone.status_code == 204
    assert not Contribution.objects.exists()


def test_the_meeting_page_queries_do_not_grow_with_contributions(
    client, sign_in, coming, django_assert_max_num_queries
):
    meeting = coming.item.meeting
    submit(coming.item, coming.group.service_user, now=None)
    sign_in("su-rep")
    url = reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk])
    with django_assert_max_num_queries(60) as counted:
        assert client.get(url).status_code == 200
    once = len(counted)
    for number in range(5):
        extra = meetings.agenda_item_add(actor=None, meeting=meeting, title=f"Item {number}")
        for person in (coming.group.service_user, coming.group.provider):
            submit(extra, person, now=None)
    with django_assert_max_num_queries(once):
        html = client.get(url).content.decode()
    assert html.count("Contributions (no vote)") == 6


def test_the_oxfordshire_demo_shows_the_service_user_representatives_contributions(demo):
    """The two service user representatives sit on the Core Strategy Group from 2 September
    2009 (seed 000, para 10), not on the Commissioning Body; each wrote to an item of the
    group's late November meeting (the texts are illustrative, the report gives none)."""
    rows = list(
        Contribution.objects.filter(partnership__slug="oxfordshire").select_related(
            "person", "item__meeting__body"
        )
    )
    assert sorted(row.person.name for row in rows) == sorted(oxon.SERVICE_USER_REPRESENTATIVES)
    for row in rows:
        assert row.item.meeting.body.name == oxon.CORE_STRATEGY_GROUP
        assert oxon.SERVICE_USERS_JOIN <= row.item.meeting.date <= datetime.date(2010, 12, 31)
        assert (row.kind, row.role) == ("written", MembershipRole.SERVICE_USER_REPRESENTATIVE)
        assert row.is_illustrative("text")
