"""The complaints register's rules, through its services: the ombudsman and code by kind
and date, the working-day clocks (agreeing with ``accord working-days``), the second stage's
different handler, extensions, closing, the ombudsman's referral, and every refusal naming
its field and saving nothing."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accord.audit.models import AuditEvent, AuditPersonal
from accord.complaints import codes, services
from accord.complaints.clocks import clock
from accord.complaints.models import Complaint, Referral, Stage
from accord.core.errors import AccordError
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


def working_days_add(start: D, days: int) -> D:
    """What ``accord working-days add START DAYS --with-closures`` prints."""
    out = io.StringIO()
    call_command("working_days", "add", start.isoformat(), str(days), "--with-closures", stdout=out)
    return D.fromisoformat(out.getvalue().strip())


@pytest.fixture
def world() -> dict[str, Any]:
    partnership = factories.PartnershipFactory()
    return {
        "partnership": partnership,
        "officer": factories.ProgrammeOfficerFactory(partnership=partnership).user,
        "first": factories.UserFactory(username="first-handler"),
        "second": factories.UserFactory(username="second-handler"),
        "service": factories.ServiceFactory(provider__partnership=partnership),
    }


def receive(w: dict[str, Any], received_on: D, **extra: Any) -> Complaint:
    values: dict[str, Any] = {
        "actor": w["officer"],
        "partnership": w["partnership"],
        "handler": w["first"],
        "subject_kind": "provider",
        "service": w["service"],
        "received_on": received_on,
        "channel": "letter",
        "complainant_name": "Imogen Invented",
        "complainant_email": "imogen@example.org",
        "summary": "The support worker missed three visits.",
        **extra,
    }
    return services.complaint_receive(**values)


def stage(complaint: Complaint, number: int = 1) -> Stage:
    return Stage.objects.get(complaint=complaint, number=number)


def refused(call: Any, field: str) -> AccordError:
    before = AuditEvent.objects.count()
    with pytest.raises(AccordError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    assert AuditEvent.objects.count() == before
    return caught.value


# ---------------------------------------------------------------- which ombudsman, which code


def test_the_ombudsman_and_code_are_chosen_by_kind_and_date():
    assert codes.ombudsman_for("almo", D(2013, 3, 31)) == "lgsco"
    assert codes.ombudsman_for("almo", D(2013, 4, 1)) == "housing"
    assert codes.code_for("almo", D(2024, 3, 31)) is None
    hos = codes.code_for("almo", D(2024, 4, 1))
    assert hos is not None
    assert hos.statutory
    assert hos.key == "hos-2024"
    assert codes.ombudsman_for("provider", D(2020, 1, 1)) == "lgsco"
    assert codes.code_for("authority", D(2026, 3, 31)) is None
    lgsco = codes.code_for("authority", D(2026, 4, 1))
    assert lgsco is not None
    assert lgsco.key == "lgsco-2026"
    assert not lgsco.statutory


def test_a_complaint_keeps_the_ombudsman_and_code_of_its_date(world):
    complaint = receive(world, D(2026, 5, 1))
    assert (complaint.ombudsman, complaint.code) == ("lgsco", "lgsco-2026")
    assert complaint.ombudsman_name == "Local Government and Social Care Ombudsman"
    assert complaint.provider == world["service"].provider
    older = receive(world, D(2010, 5, 4))
    assert (older.ombudsman, older.code) == ("lgsco", "")


def test_the_complainants_details_stay_out_of_the_chain(world):
    complaint = receive(world, D(2026, 5, 1))
    event = AuditEvent.objects.get(action="complaint.receive", object_id=str(complaint.pk))
    assert "complainant_name" not in event.changes
    assert "summary" not in event.changes
    kept = AuditPersonal.objects.get(event=event)
    assert kept.fields["complainant_name"] == [None, "Imogen Invented"]


def test_a_service_request_is_routed_without_a_stage(world):
    request = receive(world, D(2026, 5, 1), kind="service_request", routed_to="The provider")
    assert not Stage.objects.filter(complaint=request).exists()
    with pytest.raises(ValidationError) as caught:
        receive(world, D(2026, 5, 1), kind="service_request")
    assert "routed_to" in caught.value.message_dict


# ---------------------------------------------------------------- clocks


@pytest.mark.parametrize(
    ("received", "acknowledge_by", "why"),
    [
        (D(2026, 3, 6), D(2026, 3, 13), "a Friday: day 1 is the Monday"),
        (D(2026, 5, 1), D(2026, 5, 11), "before the early May bank holiday"),
        (D(2026, 12, 21), D(2026, 12, 30), "over Christmas and the substitute Boxing Day"),
        (D(2026, 4, 2), D(2026, 4, 13), "over Good Friday and Easter Monday"),
    ],
)
def test_due_dates_agree_with_accord_working_days(world, received, acknowledge_by, why):
    complaint = receive(world, received)
    times = clock(stage(complaint), today=received)
    assert times.acknowledge_by == acknowledge_by, why
    assert times.acknowledge_by == working_days_add(received, 5)
    assert times.respond_by == working_days_add(acknowledge_by, 10)


def test_the_response_is_due_ten_working_days_after_the_acknowledgement(world):
    complaint = receive(world, D(2026, 12, 18))  # a Friday before Christmas
    first = services.stage_acknowledge(
        actor=world["officer"], stage=stage(complaint), acknowledged_on=D(2026, 12, 22)
    )
    times = clock(first, today=D(2026, 12, 23))
    assert times.respond_by == D(2027, 1, 8) == working_days_add(D(2026, 12, 22), 10)
    assert times.days_left == 9  # 24, 29, 30, 31 December and 4 to 8 January
    assert not times.overdue


def test_an_extension_needs_a_reason_a_date_within_the_limit_and_a_written_notice(world):
    complaint = receive(world, D(2026, 3, 6))
    first = services.stage_acknowledge(
        actor=world["officer"], stage=stage(complaint), acknowledged_on=D(2026, 3, 9)
    )
    due = clock(first, today=D(2026, 3, 9)).respond_by
    assert due == D(2026, 3, 23)
    limit = working_days_add(due, 10)
    assert limit == D(2026, 4, 8)  # over Good Friday and Easter Monday 2026

    def extend(**changes: Any) -> Any:
        values = {
            "actor": world["officer"],
            "stage": first,
            "extended_to": limit,
            "reason": "Waiting for the provider's records",
            "told_on": D(2026, 3, 20),
            **changes,
        }
        return lambda: services.stage_extend(**values)

    refused(extend(reason=" "), "extension_reason")
    refused(extend(extended_to=None), "extended_to")
    refused(extend(extended_to=limit + datetime.timedelta(days=1)), "extended_to")
    refused(extend(extended_to=due), "extended_to")
    refused(extend(told_on=None), "extension_told_on")
    extend()()
    times = clock(stage(complaint), today=D(2026, 3, 24))
    assert times.respond_by == limit
    assert times.extended
    assert not times.overdue


def test_stage_two_has_its_own_clock_of_five_and_twenty_days(world):
    complaint = answered(world, D(2026, 3, 6))
    second = services.complaint_escalate(
        actor=world["officer"],
        complaint=complaint,
        requested_on=D(2026, 3, 20),
        handler=world["second"],
    )
    times = clock(second, today=D(2026, 3, 20))
    assert times.acknowledge_by == D(2026, 3, 27) == working_days_add(D(2026, 3, 20), 5)
    assert times.respond_by == working_days_add(D(2026, 3, 27), 20)
    assert times.extension_limit == working_days_add(times.respond_by, 20)


def test_the_partnerships_own_timescales_apply_to_new_stages(world):
    services.complaint_settings_set(
        actor=world["officer"], partnership=world["partnership"], stage1_acknowledge_days=2
    )
    complaint = receive(world, D(2026, 3, 6))
    assert clock(stage(complaint), today=D(2026, 3, 6)).acknowledge_by == D(2026, 3, 10)


# ---------------------------------------------------------------- stages, response, closing


def answered(w: dict[str, Any], received: D, **response: Any) -> Complaint:
    complaint = receive(w, received)
    first = services.stage_acknowledge(
        actor=w["officer"], stage=stage(complaint), acknowledged_on=received
    )
    services.stage_respond(
        actor=w["officer"],
        stage=first,
        responded_on=received + datetime.timedelta(days=7),
        **{"outcome": "partly_upheld", "classifications": ["service_failure"], **response},
    )
    return complaint


def test_stage_two_by_the_stage_one_handler_is_refused(world):
    complaint = answered(world, D(2026, 3, 6))
    error = refused(
        lambda: services.complaint_escalate(
            actor=world["officer"],
            complaint=complaint,
            requested_on=D(2026, 3, 20),
            handler=world["first"],
        ),
        "handler",
    )
    assert "someone other than" in error.message
    assert not Stage.objects.filter(complaint=complaint, number=2).exists()


def test_a_response_needs_an_outcome(world):
    complaint = receive(world, D(2026, 3, 6))
    first = services.stage_acknowledge(
        actor=world["officer"], stage=stage(complaint), acknowledged_on=D(2026, 3, 9)
    )
    refused(
        lambda: services.stage_respond(
            actor=world["officer"], stage=first, responded_on=D(2026, 3, 12), outcome=""
        ),
        "outcome",
    )


def test_closing_without_an_outcome_or_a_classification_is_refused(world):
    complaint = receive(world, D(2026, 3, 6))
    close = lambda: services.complaint_close(  # noqa: E731
        actor=world["officer"], complaint=complaint, closed_on=D(2026, 3, 30)
    )
    refused(close, "outcome")
    unclassified = answered(world, D(2026, 3, 6), classifications=[])
    refused(
        lambda: services.complaint_close(
            actor=world["officer"], complaint=unclassified, closed_on=D(2026, 3, 30)
        ),
        "classifications",
    )
    assert Complaint.objects.filter(closed_on__isnull=False).count() == 0
    several = answered(
        world, D(2026, 3, 6), classifications=["policy_issue", "communications_issue"]
    )
    services.complaint_close(actor=world["officer"], complaint=several, closed_on=D(2026, 3, 30))
    assert stage(several).classifications == ["policy_issue", "communications_issue"]


def test_a_referral_before_the_last_stage_ends_is_refused(world):
    complaint = answered(world, D(2026, 3, 6))
    refer = lambda: services.referral_record(  # noqa: E731
        actor=world["officer"], complaint=complaint, referred_on=D(2026, 6, 1)
    )
    refused(refer, "referred_on")  # only stage 1 answered
    second = services.complaint_escalate(
        actor=world["officer"],
        complaint=complaint,
        requested_on=D(2026, 3, 20),
        handler=world["second"],
    )
    services.stage_acknowledge(actor=world["officer"], stage=second, acknowledged_on=D(2026, 3, 23))
    refused(refer, "referred_on")  # stage 2 not answered
    services.stage_respond(
        actor=world["second"],
        stage=second,
        responded_on=D(2026, 4, 14),
        outcome="not_upheld",
        classifications=["policy_issue"],
    )
    referral = refer()
    assert referral.ombudsman == "lgsco"
    determined = services.referral_determine(
        actor=world["officer"],
        referral=referral,
        determination="maladministration",
        determined_on=D(2026, 9, 1),
        remedy_ordered="An apology and £150 (illustrative)",
    )
    services.referral_comply(
        actor=world["officer"], referral=determined, complied_on=D(2026, 9, 20)
    )
    assert Referral.objects.get().complied_on == D(2026, 9, 20)


def test_lessons_and_actions_are_followed_until_done(world):
    complaint = answered(world, D(2026, 3, 6))
    lesson = services.lesson_add(
        actor=world["officer"], complaint=complaint, text="Visits were not rearranged"
    )
    refused(
        lambda: services.lesson_add(actor=world["officer"], complaint=complaint, text=" "), "text"
    )
    action = services.action_add(
        actor=world["officer"],
        lesson=lesson,
        description="Rota cover for sickness",
        owner="Service manager",
        due_on=D(2026, 6, 30),
    )
    done = services.action_complete(actor=world["officer"], action=action, done_on=D(2026, 6, 1))
    assert done.status == "done"
    refused(
        lambda: services.action_complete(
            actor=world["officer"], action=done, done_on=D(2026, 6, 2)
        ),
        "status",
    )


# ---------------------------------------------------------------- personal data


def test_erasing_keeps_the_anonymised_complaint_and_the_chain(world):
    complaint = answered(world, D(2018, 3, 6))
    services.complaint_close(actor=world["officer"], complaint=complaint, closed_on=D(2018, 4, 1))
    assert services.expired(world["partnership"], today=D(2024, 3, 31)) == []
    assert services.expired(world["partnership"], today=D(2024, 4, 1)) == [complaint]
    erased = services.complaint_erase_personal(actor=None, complaint=complaint, on=D(2024, 4, 1))
    assert erased.complainant_name == ""
    assert erased.summary == ""
    assert erased.personal_erased_on == D(2024, 4, 1)
    assert stage(erased).outcome == "partly_upheld"
    receipt = AuditEvent.objects.get(action="complaint.receive", object_id=str(complaint.pk))
    assert AuditPersonal.objects.get(event=receipt).fields == {}
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact" in out.getvalue()


def test_the_subject_access_export_holds_one_complainants_complaints(world):
    mine = answered(world, D(2026, 3, 6))
    receive(world, D(2026, 3, 9), complainant_email="someone@example.org")
    export = services.subject_access_export(
        actor=world["officer"], partnership=world["partnership"], email="IMOGEN@example.org"
    )
    assert [c["id"] for c in export["complaints"]] == [mine.pk]
    assert export["complaints"][0]["complainant_name"] == "Imogen Invented"
    assert AuditEvent.objects.filter(action="complaint.subject_access").count() == 1


def test_erase_expired_lists_and_then_erases(world):
    complaint = answered(world, D(2018, 3, 6))
    services.complaint_close(actor=world["officer"], complaint=complaint, closed_on=D(2018, 4, 1))
    out = io.StringIO()
    call_command("complaints", "erase-expired", "--today", "2024-04-01", stdout=out)
    assert f"complaint {complaint.pk}" in out.getvalue()
    assert "1 complainants' details would be erased" in out.getvalue()
    assert Complaint.objects.get(pk=complaint.pk).complainant_name == "Imogen Invented"
    call_command("complaints", "erase-expired", "--today", "2024-04-01", "--apply", stdout=out)
    assert Complaint.objects.get(pk=complaint.pk).complainant_name == ""
    assert AuditEvent.objects.filter(action="complaint.erase_personal").count() == 1
    assert AuditEvent.objects.filter(action="audit.personal_erase").count() == 1
