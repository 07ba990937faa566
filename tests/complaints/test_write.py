"""The complaints register's write side (issue 19), in the pages and the API alike: each
step of a complaint recorded through the same service, audited; every refusal naming the
field and saving nothing; the steps offered only when they may be taken; the due dates the
pages show after each step agreeing with ``accord working-days``; and nobody outside the
policy reading a complaint or its complainant."""

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.complaints import services
from accord.complaints.models import Complaint, ImprovementAction, Lesson, Referral, Stage
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = "application/json"
NAME = "Imogen Invented"
SLUG = "wychwood"
API = f"/api/complaints/partnerships/{SLUG}/complaints"


def working_days_add(start: D, days: int) -> D:
    """What ``accord working-days add START DAYS --with-closures`` prints."""
    out = io.StringIO()
    call_command("working_days", "add", start.isoformat(), str(days), "--with-closures", stdout=out)
    return D.fromisoformat(out.getvalue().strip())


@pytest.fixture
def world() -> dict[str, Any]:
    partnership: Any = factories.PartnershipFactory(slug=SLUG, name="Wychwood Supporting People")
    other: Any = factories.PartnershipFactory(slug="elsewhere")
    users = {}
    for username in ("officer", "first", "second"):
        users[username] = factories.ProgrammeOfficerFactory(
            partnership=partnership, user__username=username
        ).user
    factories.ProgrammeOfficerFactory(partnership=other, user__username="other-officer")
    ours = factories.ServiceFactory(provider__partnership=partnership, provider__name="Ours")
    theirs = factories.ServiceFactory(provider__partnership=partnership, provider__name="Theirs")
    return {"partnership": partnership, **users, "ours": ours, "theirs": theirs}


def page(name: str, complaint: Complaint | None = None) -> str:
    args: list[Any] = [SLUG] if complaint is None else [SLUG, complaint.pk]
    return reverse(f"complaints:complaint-{name}", args=args)


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


FRIDAY = D(2026, 3, 6)


def received(w: dict[str, Any], on: D = FRIDAY, **extra: Any) -> Complaint:
    values: dict[str, Any] = {
        "actor": w["officer"],
        "partnership": w["partnership"],
        "handler": w["first"],
        "subject_kind": "provider",
        "service": w["theirs"],
        "received_on": on,
        "channel": "letter",
        "complainant_name": NAME,
        "summary": "The support worker missed three visits.",
        **extra,
    }
    return services.complaint_receive(**values)


def answered_at_stage_1(w: dict[str, Any], **response: Any) -> Complaint:
    complaint = received(w)
    first = Stage.objects.get(complaint=complaint)
    services.stage_acknowledge(actor=None, stage=first, acknowledged_on=D(2026, 3, 9))
    services.stage_respond(
        actor=None,
        stage=first,
        responded_on=D(2026, 3, 20),
        **{"outcome": "partly_upheld", "classifications": ["service_failure"], **response},
    )
    return complaint


def field_error(response: Any, message: str) -> None:
    """The form page came back (200), its error summary carrying ``message``."""
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert message in text


# ---------------------------------------------------------------- the whole course, in pages


def test_a_complaint_recorded_through_every_page_with_each_step_audited(client, sign_in, world):
    sign_in("officer")
    made = client.post(
        page("receive"),
        {
            "subject_kind": "provider",
            "provider": world["theirs"].provider.pk,
            "service": world["theirs"].pk,
            "kind": "complaint",
            "received_on": "2026-03-06",
            "channel": "letter",
            "handler": world["first"].pk,
            "complainant_name": NAME,
            "summary": "The support worker missed three visits.",
            "format": "large_print",
        },
    )
    assert made.status_code == 302, made.content.decode()
    complaint = Complaint.objects.get()
    assert made["Location"] == page("detail", complaint)
    assert (complaint.ombudsman, complaint.format) == ("lgsco", "large_print")
    steps = [
        ("acknowledge", {"acknowledged_on": "2026-03-09"}, "complaint.acknowledge"),
        (
            "respond",
            {
                "responded_on": "2026-03-20",
                "outcome": "partly_upheld",
                "remedy": "An apology",
                "classifications": ["service_failure", "communications_issue"],
            },
            "complaint.respond",
        ),
        (
            "escalate",
            {"requested_on": "2026-03-25", "handler": world["second"].pk},
            "complaint.escalate",
        ),
        ("acknowledge", {"acknowledged_on": "2026-03-26"}, "complaint.acknowledge"),
        (
            "respond",
            {
                "responded_on": "2026-04-21",
                "outcome": "upheld",
                "classifications": ["policy_issue"],
            },
            "complaint.respond",
        ),
        ("lesson-add", {"text": "Cover for sickness is not arranged"}, "complaint.lesson_add"),
    ]
    for name, data, action in steps:
        before = events(action)
        response = client.post(page(name, complaint), data)
        assert response.status_code == 302, (name, response.content.decode())
        assert events(action) == before + 1, name
    lesson = Lesson.objects.get()
    for name, data, action in [
        (
            "action-add",
            {
                "lesson": lesson.pk,
                "description": "Weekly cover rota",
                "owner": "Supporting People Team",
                "due_on": "2026-06-30",
            },
            "complaint.action_add",
        ),
        ("refer", {"referred_on": "2026-05-01"}, "complaint.refer"),
        (
            "determine",
            {
                "determination": "maladministration",
                "determined_on": "2026-08-03",
                "remedy_ordered": "An apology",
            },
            "complaint.determine",
        ),
        ("comply", {"complied_on": "2026-08-17"}, "complaint.comply"),
        ("close", {"closed_on": "2026-08-18"}, "complaint.close"),
    ]:
        response = client.post(page(name, complaint), data)
        assert response.status_code == 302, (name, response.content.decode())
        assert events(action) == 1, name
    improvement = ImprovementAction.objects.get()
    done = client.post(
        page("action-complete", complaint), {"action": improvement.pk, "done_on": "2026-06-15"}
    )
    assert done.status_code == 302
    improvement.refresh_from_db()
    assert (improvement.status, improvement.done_on) == ("done", D(2026, 6, 15))
    second = Stage.objects.get(complaint=complaint, number=2)
    assert second.handler == world["second"]
    assert second.classifications == ["policy_issue"]
    referral = Referral.objects.get()
    assert (referral.ombudsman, referral.complied_on) == ("lgsco", D(2026, 8, 17))
    complaint.refresh_from_db()
    assert complaint.closed_on == D(2026, 8, 18)


# ---------------------------------------------------------------- steps offered


def test_each_step_is_offered_only_when_it_may_be_taken(client, sign_in, world):
    sign_in("officer")
    complaint = received(world)
    shown = client.get(page("detail", complaint)).content.decode()
    assert page("acknowledge", complaint) in shown
    for later in ("respond", "escalate", "close", "refer", "determine", "action-add"):
        assert page(later, complaint) not in shown, later
    services.stage_acknowledge(
        actor=None, stage=Stage.objects.get(complaint=complaint), acknowledged_on=D(2026, 3, 9)
    )
    shown = client.get(page("detail", complaint)).content.decode()
    assert page("acknowledge", complaint) not in shown
    assert page("respond", complaint) in shown
    assert page("extend", complaint) in shown
    assert page("escalate", complaint) not in shown
    stage_1 = answered_at_stage_1(world)
    shown = client.get(page("detail", stage_1)).content.decode()
    assert page("escalate", stage_1) in shown
    assert page("close", stage_1) in shown
    assert page("refer", stage_1) not in shown  # the last stage has not ended
    listed = client.get(page("list")).content.decode()
    assert page("receive") in listed


def test_nobody_outside_the_programme_team_is_offered_a_step_or_may_take_one(
    client, sign_in, world
):
    complaint = received(world)
    sign_in("other-officer")
    assert client.get(page("acknowledge", complaint)).status_code == 403
    refused = client.post(page("acknowledge", complaint), {"acknowledged_on": "2026-03-09"})
    assert refused.status_code == 403
    api = client.post(f"{API}/{complaint.pk}/acknowledge", {"acknowledged_on": "2026-03-09"},
                      content_type=JSON)  # fmt: skip
    assert api.status_code == 403
    assert api.json()["error"]["code"]
    assert Stage.objects.get(complaint=complaint).acknowledged_on is None
    anonymous = Client()
    assert anonymous.post(f"{API}/{complaint.pk}/close", {"closed_on": "2026-04-01"},
                          content_type=JSON).status_code == 401  # fmt: skip


# ---------------------------------------------------------------- refusals, pages and API


def test_closing_without_an_outcome_is_refused_in_the_page_and_the_api(client, sign_in, world):
    sign_in("officer")
    complaint = received(world)
    response = client.post(page("close", complaint), {"closed_on": "2026-04-01"})
    field_error(response, "cannot be closed without the outcome")
    api = client.post(f"{API}/{complaint.pk}/close", {"closed_on": "2026-04-01"},
                      content_type=JSON)  # fmt: skip
    assert api.status_code == 409
    assert api.json()["error"]["field"] == "outcome"
    complaint.refresh_from_db()
    assert complaint.closed_on is None
    assert events("complaint.close") == 0


def test_closing_without_a_classification_is_refused_in_the_page_and_the_api(
    client, sign_in, world
):
    sign_in("officer")
    complaint = answered_at_stage_1(world, classifications=[])
    response = client.post(page("close", complaint), {"closed_on": "2026-04-01"})
    field_error(response, "without a classification")
    api = client.post(f"{API}/{complaint.pk}/close", {"closed_on": "2026-04-01"},
                      content_type=JSON)  # fmt: skip
    assert api.status_code == 409
    assert api.json()["error"]["field"] == "classifications"
    assert Complaint.objects.filter(closed_on__isnull=False).count() == 0
    assert events("complaint.close") == 0


def test_a_response_without_an_outcome_is_refused_naming_it(client, sign_in, world):
    sign_in("officer")
    complaint = received(world)
    services.stage_acknowledge(
        actor=None, stage=Stage.objects.get(complaint=complaint), acknowledged_on=D(2026, 3, 9)
    )
    response = client.post(page("respond", complaint), {"responded_on": "2026-03-20"})
    field_error(response, "Choose the outcome of the stage")
    assert 'href="#id_outcome' in response.content.decode()
    api = client.post(f"{API}/{complaint.pk}/respond", {"responded_on": "2026-03-20"},
                      content_type=JSON)  # fmt: skip
    assert (api.status_code, api.json()["error"]["field"]) == (409, "outcome")
    assert Stage.objects.get(complaint=complaint).responded_on is None


def test_the_same_handler_at_stage_2_is_refused_in_the_page_and_the_api(client, sign_in, world):
    sign_in("officer")
    complaint = answered_at_stage_1(world)
    data = {"requested_on": "2026-03-25", "handler": world["first"].pk}
    response = client.post(page("escalate", complaint), data)
    field_error(response, "someone other than stage 1")
    api = client.post(f"{API}/{complaint.pk}/escalate",
                      {"requested_on": "2026-03-25", "handler_id": world["first"].pk},
                      content_type=JSON)  # fmt: skip
    assert api.status_code == 409
    assert api.json()["error"]["field"] == "handler_id"
    assert api.json()["error"]["code"] == "same_handler"
    assert not Stage.objects.filter(complaint=complaint, number=2).exists()
    assert events("complaint.escalate") == 0
    # A handler from outside the partnership's programme team is not one to choose.
    stranger: Any = factories.UserFactory(username="stranger")
    api = client.post(f"{API}/{complaint.pk}/escalate",
                      {"requested_on": "2026-03-25", "handler_id": stranger.pk},
                      content_type=JSON)  # fmt: skip
    assert (api.status_code, api.json()["error"]["field"]) == (422, "handler_id")
    response = client.post(page("escalate", complaint), {**data, "handler": stranger.pk})
    field_error(response, "Select a handler from the list")


def test_an_extension_without_a_reason_is_refused_in_the_page_and_the_api(client, sign_in, world):
    sign_in("officer")
    complaint = received(world)
    services.stage_acknowledge(
        actor=None, stage=Stage.objects.get(complaint=complaint), acknowledged_on=D(2026, 3, 9)
    )
    data = {"extended_to": "2026-04-08", "extension_told_on": "2026-03-20"}
    response = client.post(page("extend", complaint), {**data, "extension_reason": "  "})
    field_error(response, "Say why the response needs more time")
    assert 'href="#id_extension_reason' in response.content.decode()
    api = client.post(f"{API}/{complaint.pk}/extend", {**data, "extension_reason": ""},
                      content_type=JSON)  # fmt: skip
    assert api.status_code == 409
    assert api.json()["error"]["field"] == "extension_reason"
    assert Stage.objects.get(complaint=complaint).extended_to is None
    assert events("complaint.extend") == 0
    too_long = client.post(f"{API}/{complaint.pk}/extend",
                           {**data, "extended_to": "2026-04-09", "extension_reason": "Records"},
                           content_type=JSON)  # fmt: skip
    assert (too_long.status_code, too_long.json()["error"]["field"]) == (409, "extended_to")


def test_a_referral_before_the_last_stage_ends_is_refused_in_the_page_and_the_api(
    client, sign_in, world
):
    sign_in("officer")
    complaint = answered_at_stage_1(world)
    response = client.post(page("refer", complaint), {"referred_on": "2026-05-01"})
    field_error(response, "only after its last stage")
    api = client.post(f"{API}/{complaint.pk}/referral", {"referred_on": "2026-05-01"},
                      content_type=JSON)  # fmt: skip
    assert api.status_code == 409
    assert api.json()["error"] == {
        "code": "too_early",
        "message": "A complaint can be referred to the ombudsman only after its last stage "
        "(stage 2) has ended",
        "field": "referred_on",
    }
    assert not Referral.objects.exists()
    assert events("complaint.refer") == 0


def test_a_determination_of_a_complaint_never_referred_is_refused(client, sign_in, world):
    sign_in("officer")
    complaint = answered_at_stage_1(world)
    response = client.post(
        page("determine", complaint),
        {"determination": "no_fault", "determined_on": "2026-06-01"},
    )
    field_error(response, "has not been referred")
    api = client.post(f"{API}/{complaint.pk}/referral/determination",
                      {"determination": "no_fault", "determined_on": "2026-06-01"},
                      content_type=JSON)  # fmt: skip
    assert (api.status_code, api.json()["error"]["field"]) == (409, "determination")


# ---------------------------------------------------------------- the API's course


def test_the_api_records_the_whole_course_through_the_same_services(client, sign_in, world):
    sign_in("officer")
    made = client.post(
        API,
        {
            "subject_kind": "provider",
            "service_id": world["ours"].pk,
            "received_on": "2026-03-06",
            "channel": "email",
            "handler_id": world["first"].pk,
            "complainant_name": NAME,
        },
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["provider_id"] == world["ours"].provider.pk
    assert body["complainant_name"] == "[redacted]"  # the officer does not handle it
    assert body["stages"][0]["acknowledge_by"] == "2026-03-13"
    url = f"{API}/{body['id']}"
    calls: list[tuple[str, dict[str, Any], int]] = [
        ("acknowledge", {"acknowledged_on": "2026-03-09"}, 200),
        ("extend", {"extended_to": "2026-04-08", "extension_reason": "Records",
                    "extension_told_on": "2026-03-20"}, 200),
        ("respond", {"responded_on": "2026-04-01", "outcome": "not_upheld",
                     "classifications": ["standards_issue"]}, 200),
        ("escalate", {"requested_on": "2026-04-02", "handler_id": world["second"].pk}, 200),
        ("acknowledge", {"acknowledged_on": "2026-04-07"}, 200),
        ("respond", {"responded_on": "2026-04-28", "outcome": "not_upheld",
                     "classifications": ["policy_issue"]}, 200),
        ("lessons", {"text": "Explain the policy in the first letter"}, 201),
    ]  # fmt: skip
    for name, data, status in calls:
        response = client.post(f"{url}/{name}", data, content_type=JSON)
        assert response.status_code == status, (name, response.content)
    lesson = Lesson.objects.get()
    action = client.post(f"{url}/actions", {"lesson_id": lesson.pk, "description": "New letter",
                         "owner": "Complaints officer", "due_on": "2026-06-01"},
                         content_type=JSON)  # fmt: skip
    assert action.status_code == 201, action.content
    done = ImprovementAction.objects.get()
    assert client.post(f"{url}/actions/{done.pk}/done", {"done_on": "2026-05-20"},
                       content_type=JSON).status_code == 200  # fmt: skip
    for name, data, status in [
        ("referral", {"referred_on": "2026-05-05"}, 201),
        ("referral/determination", {"determination": "no_fault", "determined_on": "2026-07-01"},
         200),
        ("close", {"closed_on": "2026-05-06"}, 200),
    ]:  # fmt: skip
        response = client.post(f"{url}/{name}", data, content_type=JSON)
        assert response.status_code == status, (name, response.content)
    final = response.json()
    assert [s["handler"] for s in final["stages"]] == ["first", "second"]
    assert final["stages"][0]["respond_by"] == "2026-04-08"
    assert final["lessons"][0]["actions"][0]["status"] == "done"
    assert final["referral"]["determination"] == "no_fault"
    assert final["closed_on"] == "2026-05-06"
    for action_name in (
        "receive",
        "acknowledge",
        "extend",
        "respond",
        "escalate",
        "lesson_add",
        "action_add",
        "action_complete",
        "refer",
        "determine",
        "close",
    ):
        assert events(f"complaint.{action_name}") >= 1, action_name  # fmt: skip


def test_an_invalid_input_is_a_422_naming_the_field(client, sign_in, world):
    sign_in("officer")
    complaint = received(world)
    bad = client.post(f"{API}/{complaint.pk}/acknowledge", {"acknowledged_on": "9 March"},
                      content_type=JSON)  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "acknowledged_on"
    other: Any = factories.ServiceFactory()  # another partnership's
    made = client.post(API, {"subject_kind": "provider", "service_id": other.pk,
                             "received_on": "2026-03-06", "channel": "email",
                             "handler_id": world["first"].pk}, content_type=JSON)  # fmt: skip
    assert (made.status_code, made.json()["error"]["field"]) == (422, "service_id")
    assert Complaint.objects.count() == 1


# ---------------------------------------------------------------- who reads what


def test_a_providers_representative_reads_no_complaint_not_even_of_another_provider(
    client, sign_in, world
):
    """A provider's representative sits on one of the partnership's bodies: they read its
    register, never its complaints (about their own provider or another)."""
    user = factories.UserFactory(username="provider-rep")
    factories.MembershipFactory(
        body__partnership=world["partnership"],
        person__user=user,
        person__name="Provider representative",
    )
    about_theirs = received(world)
    sign_in("provider-rep")
    for address in (
        page("list"),
        page("detail", about_theirs),
        page("export"),
        page("analysis"),
        page("receive"),
        page("respond", about_theirs),
        API,
        f"{API}/{about_theirs.pk}",
        f"/api/complaints/partnerships/{SLUG}/complaints-analysis",
    ):
        response = client.get(address)
        assert response.status_code in (403, 404), address
        assert NAME not in response.content.decode(), address
        assert "Theirs" not in response.content.decode(), address


def test_the_complainant_stays_redacted_for_an_officer_who_does_not_handle_it(
    client, sign_in, world
):
    """Recording a step does not open the complainant's details to the officer recording
    it: the page, the API's answer and the CSV give them redacted, and no showing is
    audited; the handler sees them, audited."""
    sign_in("officer")
    complaint = received(world)
    answer = client.post(f"{API}/{complaint.pk}/acknowledge", {"acknowledged_on": "2026-03-09"},
                         content_type=JSON).json()  # fmt: skip
    assert answer["complainant_name"] == "[redacted]"
    assert answer["summary"] == "[redacted]"
    form = client.get(page("respond", complaint)).content.decode()
    assert NAME not in form
    assert NAME not in client.get(page("detail", complaint)).content.decode()
    assert NAME not in client.get(page("export")).content.decode()
    assert events("complaint.view_complainant") == 0
    sign_in("first")
    handled = client.post(f"{API}/{complaint.pk}/respond",
                          {"responded_on": "2026-03-20", "outcome": "upheld",
                           "classifications": ["service_failure"]},
                          content_type=JSON).json()  # fmt: skip
    assert handled["complainant_name"] == NAME
    assert events("complaint.view_complainant") == 1


# ---------------------------------------------------------------- due dates shown


@pytest.mark.parametrize(
    ("received_on", "acknowledge_by", "why"),
    [
        ("2026-03-06", D(2026, 3, 13), "a Friday: day 1 is the Monday"),
        ("2026-05-01", D(2026, 5, 11), "a Friday before the early May bank holiday"),
        ("2026-12-21", D(2026, 12, 30), "over Christmas and the substitute Boxing Day"),
        ("2026-04-02", D(2026, 4, 13), "over Good Friday and Easter Monday"),
    ],
)
def test_the_pages_show_the_due_dates_accord_working_days_gives(
    client, sign_in, world, received_on, acknowledge_by, why
):
    sign_in("officer")
    client.post(page("receive"), {"subject_kind": "authority", "kind": "complaint",
                "received_on": received_on, "channel": "letter",
                "handler": world["first"].pk})  # fmt: skip
    complaint = Complaint.objects.get()
    received_day = D.fromisoformat(received_on)
    assert acknowledge_by == working_days_add(received_day, 5), why
    shown = client.get(page("detail", complaint)).content.decode()
    assert f"{acknowledge_by:%A} {acknowledge_by.day} {acknowledge_by:%B %Y}" in shown, why
    respond_by = working_days_add(acknowledge_by, 10)
    assert f"{respond_by:%A} {respond_by.day} {respond_by:%B %Y}" in shown, why
    # Acknowledged on the day it was due: the response is due 10 working days later, and
    # an extension of the most the partnership allows (10 more) is accepted, not an 11th.
    client.post(page("acknowledge", complaint), {"acknowledged_on": acknowledge_by.isoformat()})
    limit = working_days_add(respond_by, 10)
    form = client.get(page("extend", complaint)).content.decode()
    assert f"{limit:%A} {limit.day} {limit:%B %Y} (10 working days after" in form, why
    too_far = client.post(page("extend", complaint), {
        "extension_reason": "Waiting for the provider's records",
        "extended_to": working_days_add(respond_by, 11).isoformat(),
        "extension_told_on": acknowledge_by.isoformat(),
    })  # fmt: skip
    field_error(too_far, "no more than 10 working days")
    extended = client.post(page("extend", complaint), {
        "extension_reason": "Waiting for the provider's records",
        "extended_to": limit.isoformat(),
        "extension_told_on": acknowledge_by.isoformat(),
    })  # fmt: skip
    assert extended.status_code == 302, extended.content.decode()
    shown = client.get(page("detail", complaint)).content.decode()
    assert f"{limit:%A} {limit.day} {limit:%B %Y}" in shown, why
    api = client.get(f"{API}/{complaint.pk}").json()["stages"][0]
    assert api["acknowledge_by"] == acknowledge_by.isoformat()
    assert api["respond_by"] == limit.isoformat()


# ---------------------------------------------------------------- the partnership's policy


def test_the_complaint_policy_is_set_in_the_page_and_the_api_for_new_stages(client, sign_in, world):
    sign_in("officer")
    policy = {
        "stage1_acknowledge_days": "3",
        "stage1_respond_days": "10",
        "stage1_extension_days": "10",
        "stage2_acknowledge_days": "5",
        "stage2_respond_days": "20",
        "stage2_extension_days": "20",
        "retention_years": "6",
    }
    wrong = client.post(page("settings"), {**policy, "stage1_acknowledge_days": "0"})
    field_error(wrong, "Enter 1 or more")
    assert events("complaint.settings") == 0
    saved = client.post(page("settings"), policy)
    assert saved.status_code == 302
    assert events("complaint.settings") == 1
    complaint = received(world)  # Friday 6 March 2026: three working days is Wednesday
    assert Stage.objects.get(complaint=complaint).acknowledge_days == 3
    shown = client.get(page("detail", complaint)).content.decode()
    assert "Wednesday 11 March 2026" in shown
    assert working_days_add(FRIDAY, 3) == D(2026, 3, 11)
    url = f"/api/complaints/partnerships/{SLUG}/complaint-policy"
    assert client.get(url).json()["stage1_acknowledge_days"] == 3
    refused = client.post(url, {**policy, "retention_years": 0}, content_type=JSON)
    assert (refused.status_code, refused.json()["error"]["field"]) == (422, "retention_years")
    answer = client.post(url, {**policy, "retention_years": 7}, content_type=JSON)
    assert answer.status_code == 200
    assert answer.json()["retention_years"] == 7
    sign_in("other-officer")
    assert client.post(url, policy, content_type=JSON).status_code == 403
    assert client.get(page("settings")).status_code == 403


# ---------------------------------------------------------------- receiving


def test_receiving_refuses_a_provider_complaint_naming_no_provider_and_routes_a_request(
    client, sign_in, world
):
    sign_in("officer")
    base = {"kind": "complaint", "received_on": "2026-03-06", "channel": "letter",
            "handler": world["first"].pk, "complainant_name": NAME}  # fmt: skip
    refused = client.post(page("receive"), {**base, "subject_kind": "provider"})
    field_error(refused, "Say which provider the complaint is about")
    assert 'href="#id_provider' in refused.content.decode()
    no_handler = client.post(page("receive"), {**base, "subject_kind": "authority", "handler": ""})
    field_error(no_handler, "Select who handles stage 1")
    assert not Complaint.objects.exists()
    assert events("complaint.receive") == 0
    api = client.post(API, {"subject_kind": "provider", "received_on": "2026-03-06",
                            "channel": "letter", "handler_id": world["first"].pk},
                      content_type=JSON)  # fmt: skip
    assert (api.status_code, api.json()["error"]["field"]) == (422, "provider_id")
    routed = client.post(page("receive"), {**base, "subject_kind": "authority", "handler": "",
                         "kind": "service_request", "routed_to": "The repairs team"})  # fmt: skip
    assert routed.status_code == 302
    request = Complaint.objects.get()
    assert (request.kind, request.routed_to) == ("service_request", "The repairs team")
    assert not Stage.objects.filter(complaint=request).exists()
    shown = client.get(page("detail", request)).content.decode()
    assert page("close", request) in shown
    assert page("acknowledge", request) not in shown


def test_the_complaint_page_asks_the_same_queries_whatever_its_lessons_and_actions(
    client, sign_in, world, django_assert_max_num_queries
):
    sign_in("officer")
    complaint = answered_at_stage_1(world)
    lesson = services.lesson_add(actor=None, complaint=complaint, text="First lesson")
    services.action_add(actor=None, lesson=lesson, description="A", owner="T", due_on=FRIDAY)
    with django_assert_max_num_queries(30) as few:
        assert client.get(page("detail", complaint)).status_code == 200
    for n in range(5):
        more = services.lesson_add(actor=None, complaint=complaint, text=f"Lesson {n}")
        for m in range(3):
            services.action_add(
                actor=None, lesson=more, description=f"Action {m}", owner="T", due_on=FRIDAY
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(page("detail", complaint)).status_code == 200
