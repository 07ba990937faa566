"""The complaints pages, API and CSV: due dates and working days shown as ``accord
working-days`` computes them; the complainant's details only for the complaint's handlers
(each showing audited), redacted for everyone else; the list's queries constant."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.complaints import services
from accord.complaints.models import Complaint, Stage
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
NAME = "Imogen Invented"


@pytest.fixture
def world() -> dict[str, Any]:
    partnership: Any = factories.PartnershipFactory(slug="wychwood")
    officer = factories.ProgrammeOfficerFactory(partnership=partnership, user__username="officer")
    other = factories.PartnershipFactory(slug="elsewhere")
    factories.ProgrammeOfficerFactory(partnership=other, user__username="other-officer")
    handler = factories.UserFactory(username="handler")
    complaint = services.complaint_receive(
        actor=None,
        partnership=partnership,
        handler=handler,
        subject_kind="authority",
        received_on=D(2026, 12, 21),
        channel="email",
        complainant_name=NAME,
        complainant_email="imogen@example.org",
        summary="Nobody called back about the move.",
    )
    return {"partnership": partnership, "officer": officer.user, "complaint": complaint}


def detail(w: dict[str, Any]) -> str:
    return reverse("complaints:complaint-detail", args=["wychwood", w["complaint"].pk])


def api_detail(w: dict[str, Any]) -> str:
    return f"/api/complaints/partnerships/wychwood/complaints/{w['complaint'].pk}"


def accesses() -> int:
    return AuditEvent.objects.filter(action="complaint.view_complainant").count()


def test_the_handler_sees_the_complainant_and_the_showing_is_audited(client, sign_in, world):
    sign_in("handler")
    factories.ProgrammeOfficerFactory(
        partnership=world["partnership"], user=factories.UserFactory(username="handler")
    )
    page = client.get(detail(world))
    assert page.status_code == 200
    assert NAME in page.text
    assert accesses() == 1
    answer = client.get(api_detail(world))
    assert answer.json()["complainant_name"] == NAME
    event = AuditEvent.objects.filter(action="complaint.view_complainant").last()
    assert event is not None
    assert event.changes["where"] == [None, "api"]


def test_an_officer_who_does_not_handle_it_gets_redacted_text(client, sign_in, world):
    sign_in("officer")
    page = client.get(detail(world))
    assert page.status_code == 200
    assert NAME not in page.text
    assert "Nobody called back" not in page.text
    assert "[redacted]" in page.text
    answer = client.get(api_detail(world)).json()
    assert answer["complainant_name"] == "[redacted]"
    assert answer["summary"] == "[redacted]"
    csv = client.get(reverse("complaints:complaint-export", args=["wychwood"]))
    assert NAME not in csv.content.decode()
    assert "imogen@" not in csv.content.decode()
    assert accesses() == 0


def test_another_partnerships_officer_is_refused(client, sign_in, world):
    sign_in("other-officer")
    assert client.get(detail(world)).status_code in (403, 404)
    assert client.get(api_detail(world)).status_code in (403, 404)
    list_page = reverse("complaints:complaint-list", args=["wychwood"])
    assert client.get(list_page).status_code == 403


def test_the_page_shows_the_due_dates_accord_working_days_gives(client, sign_in, world):
    sign_in("officer")
    page = client.get(detail(world)).text
    # Received Monday 21 December 2026: acknowledgement by Wednesday 30 December (Christmas
    # Day and the substitute Boxing Day are bank holidays), response 10 working days later.
    assert "Wednesday 30 December 2026" in page
    assert "Thursday 14 January 2027" in page
    stage = Stage.objects.get(complaint=world["complaint"])
    services.stage_acknowledge(actor=None, stage=stage, acknowledged_on=D(2026, 12, 22))
    api = client.get(api_detail(world)).json()["stages"][0]
    assert api["acknowledge_by"] == "2026-12-30"
    assert api["respond_by"] == "2027-01-08"


def test_the_list_asks_the_same_number_of_queries_whatever_its_length(
    client, sign_in, world, django_assert_max_num_queries
):
    sign_in("officer")
    url = reverse("complaints:complaint-list", args=["wychwood"])
    client.get(url)
    handler = Stage.objects.get().handler
    for day in range(1, 12):
        services.complaint_receive(
            actor=None, partnership=world["partnership"], handler=handler,
            subject_kind="authority", received_on=D(2025, 3, day), channel="letter",
        )  # fmt: skip
    assert Complaint.objects.count() == 12
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/api/complaints/partnerships/wychwood/complaints").status_code == 200
