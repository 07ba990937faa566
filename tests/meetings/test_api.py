"""The meetings API shows each caller what the pages show: exempt items never reach the
public, and a private meeting does not exist for them."""

import datetime

import pytest

from accord.governance.models import Body
from accord.meetings import services as meetings
from accord.partnerships.models import Partnership

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
