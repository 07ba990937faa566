"""The meetings API shows each caller what the pages show (exempt items never reach the
public, and a private meeting does not exist for them), and does what the pages do, with
the same refusals and audit events."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accord.accounts.services import api_token_create
from accord.audit.models import AuditEvent
from accord.decisions import services as decisions
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import Body, MembershipRole
from accord.governance.services import programme_officer_appoint
from accord.meetings import services as meetings
from accord.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    Meeting,
    MeetingStatus,
    Paper,
)
from accord.partnerships.models import Partnership
from tests.decisions.test_voting import (
    FEBRUARY,
    MARCH,
    PLACE,
    START,
    TODAY,
    Oxon,
    meeting_on,
    oxfordshire,
)
from tests.factories import pdf_bytes
from tests.meetings.test_agendas import TENDER, TENDER_REASON
from tests.meetings.test_agendas import published as published_on

BODY = "Supporting People Commissioning Body"
EXEMPT = "Contract performance: a provider under review"


@pytest.fixture
def published(demo):
    body = Body.objects.filter(partnership=Partnership.objects.get(slug="oxfordshire")).get(
        name=BODY
    )
    meeting = meetings.meeting_schedule(
        actor=None, body=body, date=datetime.date(2010, 6, 9), place="County Hall, Oxford"
    )
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Future governance")
    meetings.agenda_item_add(
        actor=None, meeting=meeting, title=EXEMPT, is_exempt=True,
        exempt_reason="A provider's business affairs",
    )  # fmt: skip
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    private = meetings.meeting_schedule(
        actor=None, body=body, date=datetime.date(2010, 6, 16), place="Oxford", is_public=False,
        title="Private briefing",
    )  # fmt: skip
    return meeting, private


def test_the_public_gets_the_public_items_only_and_no_private_meeting(client, published):
    meeting, private = published
    data = client.get(f"/api/meetings/partnerships/oxfordshire/meetings/{meeting.pk}").json()
    assert [item["title"] for item in data["items"]] == ["Future governance"]
    listed = client.get("/api/meetings/partnerships/oxfordshire/meetings").json()["items"]
    assert meeting.pk in [m["id"] for m in listed]
    assert private.pk not in [m["id"] for m in listed]
    response = client.get(f"/api/meetings/partnerships/oxfordshire/meetings/{private.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("username", ["officer", "representative"])
def test_the_programme_team_and_the_bodys_members_get_the_exempt_items(
    client, published, sign_in, username
):
    meeting, private = published
    sign_in(username)
    data = client.get(f"/api/meetings/partnerships/oxfordshire/meetings/{meeting.pk}").json()
    assert [item["title"] for item in data["items"]] == ["Future governance", EXEMPT]
    assert data["items"][1]["is_exempt"] is True
    listed = client.get("/api/meetings/partnerships/oxfordshire/meetings").json()["items"]
    assert private.pk in [m["id"] for m in listed]


# ---------------------------------------------------------------- what the team does
#
# Everything the meetings pages let the programme team do, through the API: the same
# services (so the same checks, refusals and audit events), the same policy, and If-Match
# on every change of a meeting or an item.

API = "/api/meetings/partnerships/oxfordshire"
PDF = pdf_bytes()


@pytest.fixture
def board(db) -> Oxon:
    return board_with_users()


def board_with_users() -> Oxon:
    """Oxfordshire's Commissioning Body, with a programme officer ("clerk"), a member of the
    body ("member": an observer) and someone signed in with no part in it ("outsider")."""
    board = oxfordshire()
    users = get_user_model().objects
    programme_officer_appoint(
        actor=None,
        partnership=board.partnership,
        user=users.create_user("clerk", password="x" * 16),
        start_date=START,
    )
    member = governance.person_create(
        actor=None,
        partnership=board.partnership,
        name="Observer, Oxfordshire Supporting People Forum",
        user=users.create_user("member", password="x" * 16),
    )
    governance.membership_create(
        actor=None,
        partnership=board.partnership,
        body=board.body,
        person=member,
        role=MembershipRole.OBSERVER,
        start_date=START,
    )
    users.create_user("outsider", password="x" * 16)
    return board


@pytest.fixture
def clerk(board, sign_in):
    return sign_in("clerk")


def send(client, method, path, body=None, *, version=None, **headers):
    """A JSON request to the meetings API, with If-Match when a version is given."""
    if version is not None:
        headers["If-Match"] = version
    return getattr(client, method)(
        f"{API}{path}",
        json.dumps(body if body is not None else {}),
        content_type="application/json",
        headers=headers,
    )


def version_of(client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 200, response.content
    return response["ETag"]


def event(action, row):
    return AuditEvent.objects.get(action=action, object_id=str(row.pk))


def refusal(response):
    error = response.json()["error"]
    return response.status_code, error["field"], error["message"]


def meeting_with_item(board, date=FEBRUARY, *, publish=True, is_public=True):
    meeting = meetings.meeting_schedule(
        actor=None, body=board.body, date=date, start_time=datetime.time(10), place=PLACE,
        is_public=is_public,
    )  # fmt: skip
    item = meetings.agenda_item_add(actor=None, meeting=meeting, title="Annual Plan 2010/11")
    if publish:
        meeting = meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    return meeting, item


def test_the_programme_team_schedules_a_meeting_and_the_record_says_who(client, board, clerk):
    response = send(
        client, "post", "/meetings",
        {"body_id": board.body.pk, "date": "2010-04-09", "start_time": "10:00",
         "place": PLACE, "is_public": False},
    )  # fmt: skip
    assert response.status_code == 201
    data = response.json()
    meeting = Meeting.objects.get(pk=data["id"])
    assert (meeting.body, meeting.date, meeting.is_public) == (
        board.body,
        datetime.date(2010, 4, 9),
        False,
    )
    assert (data["status"], data["name"], data["start_time"]) == ("scheduled", BODY, "10:00:00")
    assert event("meeting.schedule", meeting).actor_id == clerk.pk


def test_a_meeting_names_its_chair_and_its_clerk_to_contact(client, board, clerk):
    chair = board.representatives[oxon.COUNTY]
    officer = governance.person_create(
        actor=None, partnership=board.partnership, name="Supporting People Programme Officer"
    )
    response = send(
        client, "post", "/meetings",
        {"body_id": board.body.pk, "date": "2010-04-09", "place": PLACE, "chair_id": chair.pk,
         "clerk_id": officer.pk, "clerk_contact": "01865 000000"},
    )  # fmt: skip
    assert response.status_code == 201
    data = response.json()
    assert (data["chair_id"], data["clerk_id"], data["clerk_contact"]) == (
        chair.pk,
        officer.pk,
        "01865 000000",
    )
    assert data["agenda_published_on"] is None
    elsewhere = oxfordshire(slug="elsewhere")
    stranger = elsewhere.representatives[oxon.COUNTY]
    refused = send(
        client, "post", "/meetings",
        {"body_id": board.body.pk, "date": "2010-04-09", "place": PLACE, "chair_id": stranger.pk},
    )  # fmt: skip
    assert refusal(refused)[:2] == (422, "chair_id")


@pytest.mark.parametrize(("username", "status"), [(None, 401), ("outsider", 403), ("member", 403)])
def test_only_the_programme_team_schedules_meetings(client, board, sign_in, username, status):
    if username:
        sign_in(username)
    response = send(
        client, "post", "/meetings", {"body_id": board.body.pk, "date": "2010-04-09",
                                      "place": PLACE},
    )  # fmt: skip
    assert response.status_code == status
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"place": ""}, "place", "Enter a place, an online link or both"),
        ({"start_time": "11:00", "end_time": "10:00"}, "end_time", "cannot end before it starts"),
        ({"online_link": "not a link"}, "online_link", "Enter a valid URL"),
        ({"date": "2010-02-30"}, "date", ""),
        ({"body_id": 10**6}, "body_id", "No body"),
    ],
)
def test_a_meeting_that_makes_no_sense_is_refused_naming_the_field(
    client, board, clerk, change, field, words
):
    body = {"body_id": board.body.pk, "date": "2010-04-09", "place": PLACE, **change}
    status, named, message = refusal(send(client, "post", "/meetings", body))
    assert (status, named) == (422, field)
    assert words in message
    assert not Meeting.objects.exists()


def test_a_meeting_is_changed_from_the_version_read_and_answers_the_new_one(client, board, clerk):
    meeting = meeting_on(board.body, FEBRUARY)
    version = version_of(client, f"/meetings/{meeting.pk}")
    moved = {"date": "2010-02-12", "start_time": "14:00", "place": PLACE, "is_public": True}
    response = send(client, "put", f"/meetings/{meeting.pk}", moved, version=version)
    assert response.status_code == 200
    assert (response.json()["date"], response.json()["sequence"]) == ("2010-02-12", 1)
    assert response["ETag"] != version
    assert response["ETag"] == version_of(client, f"/meetings/{meeting.pk}")
    assert event("meeting.update", meeting).actor_id == clerk.pk
    # Someone who read the first version changes nothing now; nor does a change without one.
    for sent, status in ((version, 412), (None, 428)):
        again = {**moved, "date": "2010-02-19"}
        assert send(client, "put", f"/meetings/{meeting.pk}", again, version=sent).status_code == (
            status
        )
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2010, 2, 12)
    assert AuditEvent.objects.filter(action="meeting.update").count() == 1


def test_the_agenda_is_built_published_and_the_meeting_held_step_by_step(client, board, clerk):
    meeting = meeting_on(board.body, FEBRUARY)
    path = f"/meetings/{meeting.pk}"
    # Nothing to publish yet: refused in the page's words.
    refused = send(client, "post", f"{path}/publish", version=version_of(client, path))
    assert refusal(refused) == (409, "items", "Add at least one item before publishing the agenda")
    page = client.post(
        reverse("meetings:meeting-publish", args=["oxfordshire", meeting.pk]), {"confirmed": "yes"}
    )
    assert refused.json()["error"]["message"] in page.content.decode()

    added = send(client, "post", f"{path}/items", {"title": "Annual Plan 2010/11"})
    assert added.status_code == 201
    item = AgendaItem.objects.get(pk=added.json()["id"])
    assert (item.meeting, item.number, added.json()["number"]) == (meeting, 1, 1)
    assert event("agenda_item.add", item).actor_id == clerk.pk

    published = send(client, "post", f"{path}/publish", version=version_of(client, path))
    assert (published.status_code, published.json()["status"]) == (200, "agenda_published")
    assert event("meeting.publish_agenda", meeting).actor_id == clerk.pk
    again = send(client, "post", f"{path}/publish", version=published["ETag"])
    assert refusal(again) == (
        409, None, "Only the agenda of a scheduled meeting can be published"
    )  # fmt: skip

    held = send(client, "post", f"{path}/held", version=published["ETag"])
    assert (held.status_code, held.json()["status"]) == (200, "held")
    assert event("meeting.held", meeting).actor_id == clerk.pk
    cancelled = send(client, "post", f"{path}/cancel", {"reason": "Late"}, version=held["ETag"])
    assert refusal(cancelled) == (
        409,
        None,
        "Only a meeting that has not been held can be cancelled",
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_a_meeting_is_not_held_before_its_day_and_may_be_cancelled(client, board, clerk):
    coming, _ = meeting_with_item(board, timezone.localdate() + datetime.timedelta(days=30))
    path = f"/meetings/{coming.pk}"
    early = send(client, "post", f"{path}/held", version=version_of(client, path))
    assert early.status_code == 409
    assert early.json()["error"]["field"] == "date"
    reason = {"reason": "The chair is ill"}
    cancelled = send(client, "post", f"{path}/cancel", reason, version=version_of(client, path))
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert event("meeting.cancel", coming).actor_id == clerk.pk


@pytest.mark.parametrize("step", ["publish", "cancel", "held"])
def test_a_step_of_a_meeting_needs_its_version_and_the_programme_team(client, board, sign_in, step):
    meeting, _ = meeting_with_item(board, publish=False)
    path = f"/meetings/{meeting.pk}"
    body = {"reason": "The chair is ill"} if step == "cancel" else None
    sign_in("member")
    assert send(client, "post", f"{path}/{step}", body, version="*").status_code == 403
    sign_in("clerk")
    assert send(client, "post", f"{path}/{step}", body).status_code == 428
    assert send(client, "post", f"{path}/{step}", body, version='"stale"').status_code == 412
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_an_exempt_item_says_why_and_only_the_body_and_the_team_see_it(
    client, board, clerk, sign_in
):
    meeting = meeting_on(board.body, FEBRUARY)
    tender = {"title": TENDER, "is_exempt": True}
    refused = send(client, "post", f"/meetings/{meeting.pk}/items", tender)
    assert refusal(refused) == (
        422,
        "exempt_paragraph",
        "exempt_paragraph: Choose the paragraph of Schedule 12A, or other grounds",
    )
    reason = {"exempt_reason": TENDER_REASON}
    added = send(client, "post", f"/meetings/{meeting.pk}/items", {**tender, **reason})
    assert added.status_code == 201
    assert (added.json()["is_exempt"], added.json()["exempt_reason"]) == (True, TENDER_REASON)
    assert added.json()["exempt_paragraph"] == "other"
    send(client, "post", f"/meetings/{meeting.pk}/items", {"title": "Annual Plan 2010/11"})
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    titles = {}
    for username in ("clerk", "member", None):
        if username:
            sign_in(username)
        else:
            client.logout()
        items = client.get(f"{API}/meetings/{meeting.pk}").json()["items"]
        titles[username] = [item["title"] for item in items]
    assert titles == {
        "clerk": [TENDER, "Annual Plan 2010/11"],
        "member": [TENDER, "Annual Plan 2010/11"],
        None: ["Annual Plan 2010/11"],
    }
    # The public reads a numbered placeholder in the exempt item's place, not a gap.
    withheld = client.get(f"{API}/meetings/{meeting.pk}").json()["withheld"]
    assert withheld == [
        {
            "number": 1,
            "exempt_paragraph": "other",
            "grounds": TENDER_REASON,
            "placeholder": f"Item 1: exempt, not for publication ({TENDER_REASON})",
            "public_interest_test": "",
        }
    ]
    exempt = added.json()["id"]
    assert client.get(f"{API}/meetings/{meeting.pk}/items/{exempt}").status_code == 404


def test_an_item_names_a_lead_officer_of_the_partnership_only(client, board, clerk):
    meeting = meeting_on(board.body, FEBRUARY)
    stranger = oxfordshire(slug="elsewhere").representatives[oxon.COUNTY]
    body = {"title": "Annual Plan 2010/11", "lead_officer_id": stranger.pk}
    assert refusal(send(client, "post", f"/meetings/{meeting.pk}/items", body))[:2] == (
        422,
        "lead_officer_id",
    )
    lead = board.representatives[oxon.COUNTY]
    added = send(
        client, "post", f"/meetings/{meeting.pk}/items", {**body, "lead_officer_id": lead.pk}
    )
    assert (added.json()["lead_officer_id"], added.json()["lead_officer"]) == (lead.pk, lead.name)


def upload_paper(client, meeting, item, name="annual-plan.pdf", content=PDF, **fields):
    return client.post(
        f"{API}/meetings/{meeting.pk}/items/{item.pk}/papers",
        {"title": "Annual Plan 2010/11", "file": SimpleUploadedFile(name, content), **fields},
    )


def test_a_paper_is_uploaded_and_served_to_those_who_may_see_its_item(
    client, board, clerk, sign_in, papers_dir
):
    meeting, item = meeting_with_item(board)
    tender = meetings.agenda_item_add(
        actor=None, meeting=meeting, title=TENDER, is_exempt=True, exempt_reason=TENDER_REASON
    )
    response = upload_paper(client, meeting, item, summary="For approval")
    assert response.status_code == 201
    paper = Paper.objects.get(pk=response.json()["id"])
    assert (paper.item, paper.summary, paper.content_type) == (
        item,
        "For approval",
        "application/pdf",
    )
    assert event("paper.upload", paper).actor_id == clerk.pk
    confidential = Paper.objects.get(pk=upload_paper(client, meeting, tender).json()["id"])

    client.logout()
    url = response.json()["url"]
    assert url == f"{API}/papers/{paper.pk}/content"
    served = client.get(url)
    assert (served.status_code, served["Content-Type"]) == (200, "application/pdf")
    assert b"".join(served.streaming_content) == PDF
    assert client.get(f"{API}/papers/{confidential.pk}/content").status_code == 404
    sign_in("member")  # the body's members see its exempt items, and their papers
    assert client.get(f"{API}/papers/{confidential.pk}/content").status_code == 200


def test_a_paper_not_yet_published_is_served_to_the_programme_team_only(client, board, clerk):
    meeting, item = meeting_with_item(board, publish=False)
    paper = upload_paper(client, meeting, item).json()
    assert client.get(paper["url"]).status_code == 200
    client.logout()
    assert client.get(paper["url"]).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("annual-plan.exe", b"MZ\x90\x00", "must be one of PDF"),
        ("annual-plan.pdf", b"<html></html>", "not a real PDF file"),
        ("annual-plan.pdf", b"", "The file is empty"),
    ],
)
def test_a_bad_upload_is_refused_naming_the_file_and_nothing_is_kept(
    client, board, clerk, papers_dir, name, content, words
):
    meeting, item = meeting_with_item(board)
    status, field, message = refusal(upload_paper(client, meeting, item, name, content))
    assert (status, field) == (422, "file")
    assert words in message
    assert not Paper.objects.exists()
    assert not (papers_dir.exists() and any(papers_dir.iterdir()))


def test_an_upload_without_a_file_or_title_is_refused_naming_it(client, board, clerk):
    meeting, item = meeting_with_item(board)
    no_file = client.post(
        f"{API}/meetings/{meeting.pk}/items/{item.pk}/papers", {"title": "Annual Plan"}
    )
    assert refusal(no_file)[:2] == (422, "file")
    assert refusal(upload_paper(client, meeting, item, title=""))[:2] == (422, "title")


def test_a_declaration_is_recorded_for_someone_on_the_body_and_shown_with_its_item(
    client, board, clerk
):
    meeting, item = meeting_with_item(board)
    cherwell = board.representatives[oxon.CHERWELL]
    path = f"/meetings/{meeting.pk}/items/{item.pk}/declarations"
    interest = {"interest": "Trustee of a provider", "bars_participation": True}
    response = send(client, "post", path, {"person_id": cherwell.pk, **interest})
    assert response.status_code == 201
    declaration = Declaration.objects.get(pk=response.json()["id"])
    assert (declaration.item, declaration.person, declaration.bars_participation) == (
        item,
        cherwell,
        True,
    )
    assert event("declaration.record", declaration).actor_id == clerk.pk
    client.logout()  # the meeting page shows the declarations to everyone who sees the item
    shown = client.get(f"{API}/meetings/{meeting.pk}").json()["items"][0]["declarations"]
    assert shown == [
        {"id": declaration.pk, "person_id": cherwell.pk, "person": cherwell.name,
         "interest": "Trustee of a provider", "bars_participation": True}
    ]  # fmt: skip


def test_a_declaration_by_someone_not_on_the_body_is_refused_naming_the_person(
    client, board, clerk
):
    meeting, item = meeting_with_item(board)
    visitor = governance.person_create(actor=None, partnership=board.partnership, name="Visitor")
    path = f"/meetings/{meeting.pk}/items/{item.pk}/declarations"
    response = send(client, "post", path, {"person_id": visitor.pk, "interest": "A relative"})
    assert refusal(response)[:2] == (422, "person")
    assert not Declaration.objects.exists()


def test_the_minute_is_written_once_held_from_the_items_version(client, board, clerk):
    meeting, item = meeting_with_item(board)
    path = f"/meetings/{meeting.pk}/items/{item.pk}"
    minute = {"minutes": "The Body approved the plan.", "resolution": "That the plan be agreed."}
    early = send(client, "put", f"{path}/minutes", minute, version=version_of(client, path))
    assert refusal(early)[0] == 409
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=TODAY)
    version = version_of(client, path)
    assert send(client, "put", f"{path}/minutes", minute).status_code == 428
    written = send(client, "put", f"{path}/minutes", minute, version=version)
    assert (written.status_code, written.json()["minutes"]) == (200, minute["minutes"])
    assert written.json()["resolution"] == "That the plan be agreed."
    assert written["ETag"] == version_of(client, path) != version
    assert event("minutes.write", item).actor_id == clerk.pk
    stale = send(client, "put", f"{path}/minutes", {"minutes": "Rewritten"}, version=version)
    assert stale.status_code == 412
    item.refresh_from_db()
    assert item.minutes == minute["minutes"]


def test_the_minutes_are_approved_at_a_later_meeting_of_the_body(client, board, clerk):
    meeting, _ = meeting_with_item(board)
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=TODAY)
    following, _ = meeting_with_item(board, MARCH)
    path = f"/meetings/{meeting.pk}"
    approve = f"{path}/minutes/approve"
    same = send(client, "post", approve, {"at_meeting_id": meeting.pk}, version="*")
    assert refusal(same) == (
        422, "at_meeting",
        "at_meeting: Minutes cannot be approved at the meeting they record: choose a later "
        "meeting",
    )  # fmt: skip
    other_body = meetings.meeting_mark_held(
        actor=None, meeting=published_on(board.strategy_group, MARCH), today=TODAY
    )
    assert refusal(send(client, "post", approve, {"at_meeting_id": other_body.pk}, version="*"))[
        :2
    ] == (422, "at_meeting")
    not_held = send(client, "post", approve, {"at_meeting_id": following.pk}, version="*")
    assert refusal(not_held) == (
        422, "at_meeting",
        "at_meeting: The meeting of 5 March 2010 has not been recorded as held: record it as "
        "held first",
    )  # fmt: skip
    future, _ = meeting_with_item(board, timezone.localdate() + datetime.timedelta(days=14))
    in_future = send(client, "post", approve, {"at_meeting_id": future.pk}, version="*")
    assert refusal(in_future)[:2] == (422, "at_meeting")
    assert "is in the future" in refusal(in_future)[2]
    following = meetings.meeting_mark_held(actor=None, meeting=following, today=TODAY)
    elsewhere = oxfordshire(slug="elsewhere")
    other = meeting_on(elsewhere.body, MARCH)
    assert refusal(send(client, "post", approve, {"at_meeting_id": other.pk}, version="*"))[:2] == (
        422,
        "at_meeting_id",
    )
    approved = send(
        client, "post", approve, {"at_meeting_id": following.pk}, version=version_of(client, path)
    )
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["minutes_approved_at_id"]) == (
        "minutes_approved",
        following.pk,
    )
    assert event("minutes.approve", meeting).actor_id == clerk.pk
    again = send(client, "post", approve, {"at_meeting_id": following.pk}, version="*")
    assert refusal(again) == (409, None, "These minutes are already approved")


def test_attendance_is_recorded_then_corrected_from_the_version_read(client, board, clerk):
    meeting, _ = meeting_with_item(board)
    county = board.representatives[oxon.COUNTY]
    path = f"/meetings/{meeting.pk}/attendance/{county.pk}"
    assert client.get(f"{API}{path}").status_code == 404  # nothing recorded yet
    # Nothing recorded: no version to send (one sent is stale: there is nothing to match).
    assert send(client, "put", path, {"status": "present"}, version="*").status_code == 412
    recorded = send(client, "put", path, {"status": "present"})
    assert recorded.status_code == 200
    assert (recorded.json()["status"], recorded.json()["partner"]) == ("present", oxon.COUNTY)
    attendance = Attendance.objects.get(meeting=meeting, person=county)
    assert event("attendance.record", attendance).actor_id == clerk.pk
    assert recorded["ETag"] == version_of(client, path)
    # Recorded: a correction names the version it corrects.
    assert send(client, "put", path, {"status": "apologies"}).status_code == 428
    corrected = send(client, "put", path, {"status": "apologies"}, version=recorded["ETag"])
    assert (corrected.status_code, corrected.json()["status"]) == (200, "apologies")
    stale = send(client, "put", path, {"status": "absent"}, version=recorded["ETag"])
    assert stale.status_code == 412
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.APOLOGIES
    assert AuditEvent.objects.filter(action="attendance.record").count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "substitute"}, "status"),  # the county's lead member is no substitute
        ({"status": "late"}, "status"),
        ({"status": "present", "substitute_for_id": 10**6}, "substitute_for_id"),
    ],
)
def test_attendance_that_makes_no_sense_is_refused_naming_the_field(
    client, board, clerk, body, field
):
    meeting, _ = meeting_with_item(board)
    path = f"/meetings/{meeting.pk}/attendance/{board.representatives[oxon.COUNTY].pk}"
    assert refusal(send(client, "put", path, body))[:2] == (422, field)
    assert not Attendance.objects.exists()


def test_a_substitute_stands_in_for_their_partners_representative(client, board, clerk):
    meeting, _ = meeting_with_item(board)
    path = f"/meetings/{meeting.pk}/attendance/{board.substitute.pk}"
    missing = send(client, "put", path, {"status": "substitute"})
    assert refusal(missing) == (
        422, "substitute_for", "substitute_for: Say whom the substitute stood in for"
    )  # fmt: skip
    west = board.representatives[oxon.WEST]
    stood_in = send(client, "put", path, {"status": "substitute", "substitute_for_id": west.pk})
    assert stood_in.status_code == 200
    assert stood_in.json()["substitute_for"] == west.name


def test_attendance_is_recorded_until_the_minutes_are_approved(client, board, clerk):
    meeting, _ = meeting_with_item(board)
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=TODAY)
    following, _ = meeting_with_item(board, MARCH)
    meetings.minutes_approve(
        actor=None, meeting=meeting, at_meeting=following, today=following.date
    )
    path = f"/meetings/{meeting.pk}/attendance/{board.representatives[oxon.COUNTY].pk}"
    assert refusal(send(client, "put", path, {"status": "present"})) == (
        409, None, "Attendance cannot be changed once the minutes are approved"
    )  # fmt: skip


def test_attendance_and_quorum_are_shown_to_those_who_see_the_register(client, board, sign_in):
    meeting, _ = meeting_with_item(board)
    for person in board.representatives.values():
        meetings.attendance_record(actor=None, meeting=meeting, person=person, status="present")
    county = board.representatives[oxon.COUNTY]
    path = f"{API}/meetings/{meeting.pk}"
    public = client.get(path).json()
    assert (public["attendance"], public["quorum"]) == (None, None)
    assert client.get(f"{path}/attendance/{county.pk}").status_code == 401
    sign_in("outsider")
    assert client.get(f"{path}/attendance/{county.pk}").status_code == 403
    sign_in("member")
    seen = client.get(path).json()
    assert len(seen["attendance"]) == len(board.representatives)
    assert seen["quorum"]["quorate"] is True
    assert seen["quorum"]["not_represented"] == []
    assert client.get(f"{path}/attendance/{county.pk}").json()["person"] == county.name
    sign_in("member")
    assert send(client, "put", f"/meetings/{meeting.pk}/attendance/{county.pk}",
                {"status": "absent"}, version="*").status_code == 403  # fmt: skip


def test_the_forward_plan_shows_each_caller_the_coming_meetings_they_may_see(
    client, board, sign_in
):
    soon = timezone.localdate() + datetime.timedelta(days=30)
    coming, _ = meeting_with_item(board, soon)
    proposal = decisions.proposal_create(
        actor=None, partnership=board.partnership, title="Strategy 2011-16", kind="strategy",
        deciding_body=board.body, on=soon,
    )  # fmt: skip
    meetings.agenda_item_add(actor=None, meeting=coming, title="Any other business")
    decisions.proposal_table(actor=None, proposal=proposal, meeting=coming)
    private, _ = meeting_with_item(board, soon + datetime.timedelta(days=7), is_public=False)
    meeting_with_item(board)  # held long ago: not in the plan
    plan = client.get(f"{API}/forward-plan").json()
    assert [m["id"] for m in plan["items"]] == [coming.pk]
    assert plan["count"] == 1
    expected = plan["items"][0]["expected"]
    assert [(e["kind"], e["id"]) for e in expected] == [("proposal", proposal.pk)]
    sign_in("member")
    assert [m["id"] for m in client.get(f"{API}/forward-plan").json()["items"]] == [
        coming.pk,
        private.pk,
    ]


def test_a_token_acts_for_its_owner_and_a_read_token_changes_nothing(client, board):
    officer = get_user_model().objects.get(username="clerk")
    meeting = meeting_on(board.body, FEBRUARY)

    def token(access):
        _, secret = api_token_create(
            actor=officer, partnership=board.partnership, name="Committee system",
            access=access, expires_on=timezone.localdate() + datetime.timedelta(days=30),
            today=timezone.localdate(), two_factor_verified=True,
        )  # fmt: skip
        return {"Authorization": f"Bearer {secret}"}

    item = {"title": "Annual Plan 2010/11"}
    path = f"/meetings/{meeting.pk}/items"
    assert send(client, "post", path, item, **token("read")).status_code == 403
    added = send(client, "post", path, item, **token("write"))
    assert added.status_code == 201
    assert event("agenda_item.add", AgendaItem.objects.get()).actor_id == officer.pk


def test_an_item_added_twice_with_one_idempotency_key_is_added_once(client, board, clerk):
    meeting = meeting_on(board.body, FEBRUARY)
    path = f"/meetings/{meeting.pk}/items"
    first = send(client, "post", path, {"title": "Annual Plan"}, **{"Idempotency-Key": "k-1"})
    again = send(client, "post", path, {"title": "Annual Plan"}, **{"Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert meeting.items.count() == 1
