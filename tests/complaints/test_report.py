"""Monitoring (issue 19): complaints per 100 service users (from the services' contracted
capacity) and per 1,000 homes (from a recorded figure with its source), "not available"
where the denominator is not held; the per-provider analysis; the annual report and the
Code's self-assessment as pages, PDF and API; counts and redacted text only; queries
constant."""

import datetime
import io
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.urls import reverse

from accord.complaints import services
from accord.complaints.models import Complaint, ProvisionAnswer, Stage
from accord.complaints.report import redact
from accord.core.errors import AccordError
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
NAME = "Imogen Invented"
EMAIL = "imogen.invented@example.org"
API = "/api/complaints/partnerships/wychwood"


@pytest.fixture
def world() -> dict[str, Any]:
    """Wychwood: a provider running two services of 30 units and 20 places (50 service
    users), another provider with a floating support service counted in hours; three
    complaints received in 2025/26 Q1 about the first provider, one about the authority,
    one about the second provider."""
    partnership: Any = factories.PartnershipFactory(slug="wychwood")
    officer = factories.ProgrammeOfficerFactory(partnership=partnership, user__username="officer")
    other = factories.PartnershipFactory(slug="elsewhere")
    factories.ProgrammeOfficerFactory(partnership=other, user__username="other-officer")
    handler = factories.UserFactory(username="handler")
    second = factories.UserFactory(username="second-handler")
    first: Any = factories.ProviderFactory(partnership=partnership, name="Wychwood Housing")
    hours: Any = factories.ProviderFactory(
        partnership=partnership, name="Evenlode Floating Support"
    )
    factories.ServiceFactory(provider=first, capacity=30, capacity_unit="units")
    factories.ServiceFactory(provider=first, capacity=20, capacity_unit="places")
    factories.ServiceFactory(provider=hours, capacity=400, capacity_unit="hours")
    made = []
    for day, provider in ((7, first), (8, first), (9, first), (10, None), (11, hours)):
        made.append(
            services.complaint_receive(
                actor=None,
                partnership=partnership,
                handler=handler,
                subject_kind="provider" if provider else "authority",
                provider=provider,
                received_on=D(2025, 5, day),
                channel="email",
                complainant_name=NAME,
                complainant_email=EMAIL,
                summary="Nobody called back about the move.",
            )
        )
    # The first: acknowledged in time, answered in time, escalated to another handler,
    # with a lesson that (wrongly) names the complainant.
    stage = Stage.objects.get(complaint=made[0], number=1)
    stage = services.stage_acknowledge(actor=None, stage=stage, acknowledged_on=D(2025, 5, 8))
    services.stage_respond(
        actor=None,
        stage=stage,
        responded_on=D(2025, 5, 20),
        outcome="upheld",
        classifications=["service_failure"],
    )
    two = services.complaint_escalate(
        actor=None, complaint=made[0], requested_on=D(2025, 5, 27), handler=second
    )
    services.stage_acknowledge(actor=None, stage=two, acknowledged_on=D(2025, 6, 10))
    lesson = services.lesson_add(
        actor=None, complaint=made[0], text=f"Call {NAME} back ({EMAIL}) within a day"
    )
    services.action_add(
        actor=None, lesson=lesson, description="Call-back rota", owner="Team leader",
        due_on=D(2025, 9, 1),
    )  # fmt: skip
    return {
        "partnership": partnership,
        "officer": officer.user,
        "first": first,
        "hours": hours,
        "complaints": made,
        "other": other,
    }


def analysis(client: Any, **query: object) -> Any:
    return client.get(reverse("complaints:complaint-analysis", args=["wychwood"]), query)


def test_complaints_per_100_service_users_of_a_provider(client, sign_in, world):
    sign_in("officer")
    api = client.get(f"{API}/complaints-analysis", {"provider_id": world["first"].pk}).json()
    rates = api["rates"][0]  # then Q2, where the improvement action is due
    # 3 complaints about the provider, 30 units + 20 places = 50 service users: 6.00.
    assert rates["quarter"] == "2025-26 Q1"
    assert rates["service_users"] == {
        "complaints": 3,
        "base": 50,
        "per": 100,
        "measure": "service users",
        "rate": "6.00",
        "missing": "",
    }
    assert rates["homes"] is None
    assert [q["received"] for q in api["quarters"]] == [3, 0]
    page = analysis(client, provider=world["first"].pk)
    assert page.status_code == 200
    assert "of Wychwood Housing" in page.text
    assert "6.00 per 100 service users" in page.text
    assert "Complaints per 100 service users each quarter</title>" in page.text
    assert "Rates each quarter" in page.text  # the table beside the chart


def test_a_rate_is_not_available_when_the_services_count_hours(client, sign_in, world):
    sign_in("officer")
    api = client.get(f"{API}/complaints-analysis", {"provider_id": world["hours"].pk}).json()
    rate = api["rates"][0]["service_users"]
    assert rate["rate"] is None
    assert rate["base"] is None
    assert "hours of support" in rate["missing"]
    # The whole programme includes that service, so its rate is not available either.
    whole = client.get(f"{API}/complaints-analysis").json()["rates"][0]["service_users"]
    assert whole["complaints"] == 5
    assert whole["rate"] is None
    page = analysis(client, provider=world["hours"].pk)
    assert "not available: 1 of the 1 services that ran count their capacity in hours" in (
        page.text
    )


def test_the_programme_rate_counts_every_service_that_ran(client, sign_in, world):
    sign_in("officer")
    Complaint.objects.filter(provider=world["hours"]).delete()
    world["hours"].services.all().delete()
    rate = client.get(f"{API}/complaints-analysis").json()["rates"][0]["service_users"]
    assert (rate["complaints"], rate["base"], rate["rate"]) == (4, 50, "8.00")


def test_a_provider_of_another_partnership_is_not_found(client, sign_in, world):
    sign_in("officer")
    stranger: Any = factories.ProviderFactory(partnership=world["other"])
    assert analysis(client, provider=stranger.pk).status_code == 404
    assert analysis(client, provider="x").status_code == 404
    answer = client.get(f"{API}/complaints-analysis", {"provider_id": stranger.pk})
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "provider_id"


def test_complaints_per_1000_homes_need_a_recorded_figure(client, sign_in, world):
    sign_in("officer")
    handler = factories.UserFactory(username="almo-handler")
    for day in (12, 13):
        services.complaint_receive(
            actor=None, partnership=world["partnership"], handler=handler,
            subject_kind="almo", received_on=D(2025, 5, day), channel="letter",
        )  # fmt: skip
    homes = client.get(f"{API}/complaints-analysis").json()["rates"][0]["homes"]
    assert homes["rate"] is None
    assert "no figure of the homes the ALMO manages is recorded for 2025/26" in homes["missing"]
    missing = client.post(
        f"{API}/complaints-homes",
        {"financial_year": 2025, "homes": 4000, "source": "  "},
        content_type="application/json",
    )
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "source"
    page = client.post(
        reverse("complaints:homes-managed-record", args=["wychwood"]),
        {"financial_year": 2025, "homes": 4000, "source": "The ALMO's return for 2025/26"},
    )
    assert page.status_code == 302
    homes = client.get(f"{API}/complaints-analysis").json()["rates"][0]["homes"]
    assert (homes["complaints"], homes["base"], homes["rate"]) == (2, 4000, "0.50")
    listed = client.get(f"{API}/complaints-homes").json()
    assert listed["items"][0]["source"] == "The ALMO's return for 2025/26"


def test_the_annual_report_as_page_pdf_and_api(client, sign_in, world):
    sign_in("officer")
    page = client.get(reverse("complaints:complaint-report-detail", args=["wychwood", 2025]))
    assert page.status_code == 200
    assert "Annual complaints performance report 2025/26" in page.text
    assert "Wychwood Housing" in page.text
    assert "Call-back rota" in page.text
    api = client.get(f"{API}/complaints-reports/2025").json()
    assert api["received"] == 5
    assert api["closed_stage_1"] == 0
    assert [p["name"] for p in api["providers"]] == [
        "Evenlode Floating Support",
        "Wychwood Housing",
    ]
    assert api["providers"][1]["rate"]["rate"] == "6.00"
    assert api["codes"] == []  # the LGSCO's Code applies from April 2026
    pdf = client.get(reverse("complaints:complaint-report-pdf", args=["wychwood", 2025]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content).split())
    assert "Annual complaints performance report 2025/26" in text
    assert "Call-back rota" in text
    listing = client.get(reverse("complaints:complaint-report-list", args=["wychwood"]))
    assert listing.status_code == 200


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages)


def every_output(client: Any) -> list[str]:
    """The analysis, the report and the self-assessment: pages, PDFs and API answers."""
    found = []
    for route, args in (
        ("complaints:complaint-analysis", []),
        ("complaints:complaint-report-list", []),
        ("complaints:complaint-report-detail", [2025]),
        ("complaints:assessment-detail", ["lgsco-2026", 2026]),
        ("complaints:assessment-detail", ["hos-2024", 2025]),
    ):
        found.append(client.get(reverse(route, args=["wychwood", *args])).text)
    for route, args in (
        ("complaints:complaint-report-pdf", [2025]),
        ("complaints:assessment-pdf", ["lgsco-2026", 2026]),
    ):
        found.append(pdf_text(client.get(reverse(route, args=["wychwood", *args])).content))
    for path in (
        "/complaints-analysis",
        "/complaints-reports/2025",
        "/complaints-self-assessment/lgsco-2026/2026",
        "/complaints-homes",
    ):
        found.append(client.get(f"{API}{path}").text)
    return found


def test_no_complainant_is_named_in_the_report_pdf_analysis_or_api(client, sign_in, world):
    # Even the complaint's handler, who may see the details on the complaint's own page.
    sign_in("handler")
    factories.ProgrammeOfficerFactory(
        partnership=world["partnership"], user=factories.UserFactory(username="handler")
    )
    outputs = every_output(client)
    assert all(outputs)
    for text in outputs:
        assert NAME not in text
        assert EMAIL not in text
        assert "imogen" not in text.lower()
        assert "Nobody called back" not in text
    report = client.get(f"{API}/complaints-reports/2025").json()
    assert report["lessons"][0]["text"] == "Call [redacted] back ([redacted]) within a day"


def test_redact_blanks_names_and_any_email_whatever_the_case():
    assert redact("Met IMOGEN invented; wrote to a.b@example.com", {"Imogen Invented"}) == (
        "Met [redacted]; wrote to [redacted]"
    )


def test_the_self_assessment_computes_what_the_complaints_say(client, sign_in, world):
    sign_in("officer")
    handler = factories.UserFactory(username="code-handler")
    complaint = services.complaint_receive(
        actor=None, partnership=world["partnership"], handler=handler,
        subject_kind="authority", received_on=D(2026, 4, 6), channel="letter",
    )  # fmt: skip
    assert complaint.code == "lgsco-2026"
    stage = Stage.objects.get(complaint=complaint)
    # Received Monday 6 April 2026 (after Easter Monday): acknowledged on the 14th, the
    # sixth working day, late.
    services.stage_acknowledge(actor=None, stage=stage, acknowledged_on=D(2026, 4, 14))
    api = client.get(f"{API}/complaints-self-assessment/lgsco-2026/2026").json()
    rows = {row["key"]: row for row in api["provisions"]}
    assert rows["stage1-acknowledge"]["computed"] is True
    assert rows["stage1-acknowledge"]["met"] == "no"
    assert rows["stage1-acknowledge"]["evidence"][0].startswith("0 of 1 stage 1 complaints")
    assert rows["stage2-handler"]["met"] is None  # nothing to compute from
    assert rows["annual-report"]["met"] is None
    assert rows["annual-report"]["requirement"] == ""  # for the partnership to fill in
    page = client.get(
        reverse("complaints:assessment-detail", args=["wychwood", "lgsco-2026", 2026])
    )
    assert "To be filled in by the partnership" in page.text


def test_the_housing_ombudsmans_code_quotes_only_what_the_sources_quote(client, sign_in, world):
    sign_in("officer")
    api = client.get(f"{API}/complaints-self-assessment/hos-2024/2025").json()
    rows = {row["key"]: row for row in api["provisions"]}
    assert rows["6.2"]["requirement"].startswith("Complaints must be acknowledged, defined")
    assert rows["6.2"]["requirement_sourced"] is True
    assert rows["6.13"]["requirement"] == ""  # only summarised in the sources
    assert rows["2"]["requirement"] == ""  # a section named, its provisions not given
    assert len([r for r in rows.values() if r["requirement_sourced"]]) == 2


def test_officers_answer_a_provision_through_the_page_and_the_api(client, sign_in, world):
    sign_in("officer")
    url = reverse(
        "complaints:provision-assess", args=["wychwood", "lgsco-2026", 2026, "annual-report"]
    )
    assert client.get(url).status_code == 200
    answer = client.post(
        url, {"met": "yes", "evidence": "Report to the board, 1 July 2027", "actions": ""}
    )
    assert answer.status_code == 302
    saved = ProvisionAnswer.objects.get(provision="annual-report")
    assert (saved.met, saved.evidence) == ("yes", "Report to the board, 1 July 2027")
    put = client.put(
        f"{API}/complaints-self-assessment/lgsco-2026/2026/other",
        {"met": "partly", "requirement": "As the board states it", "actions": "Review"},
        content_type="application/json",
    )
    assert put.status_code == 200
    assert put.json()["requirement"] == "As the board states it"
    assert put.json()["met"] == "partly"


def test_a_computed_provision_refuses_a_typed_answer(client, sign_in, world):
    sign_in("officer")
    put = client.put(
        f"{API}/complaints-self-assessment/lgsco-2026/2026/stage1-acknowledge",
        {"met": "yes"},
        content_type="application/json",
    )
    assert put.status_code == 409  # a domain refusal, naming the field
    assert put.json()["error"]["field"] == "met"
    with pytest.raises(AccordError) as refused:
        services.provision_assess(
            actor=None, partnership=world["partnership"], code="hos-2024",
            financial_year=2025, provision="6.2", requirement="Other words",
        )  # fmt: skip
    assert refused.value.field == "requirement"
    assert (
        client.put(
            f"{API}/complaints-self-assessment/lgsco-2026/2026/invented",
            {},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert ProvisionAnswer.objects.count() == 0


def test_another_partnerships_officer_cannot_read_or_answer(client, sign_in, world):
    sign_in("other-officer")
    assert client.get(f"{API}/complaints-reports/2025").status_code in (403, 404)
    assert (
        client.get(reverse("complaints:complaint-report-pdf", args=["wychwood", 2025])).status_code
        == 403
    )
    assert client.put(
        f"{API}/complaints-self-assessment/lgsco-2026/2026/other",
        {"actions": "x"},
        content_type="application/json",
    ).status_code in (403, 404)


def test_the_reports_queries_do_not_grow_with_the_complaints(
    client, sign_in, world, django_assert_max_num_queries
):
    sign_in("officer")
    urls = [
        f"{API}/complaints-reports/2025",
        f"{API}/complaints-analysis",
        f"{API}/complaints-self-assessment/hos-2024/2025",
        reverse("complaints:complaint-report-detail", args=["wychwood", 2025]),
        reverse("complaints:complaint-analysis", args=["wychwood"]),
        reverse("complaints:complaint-report-list", args=["wychwood"]),
        reverse("complaints:assessment-detail", args=["wychwood", "lgsco-2026", 2026]),
        f"{API}/complaints-self-assessment/lgsco-2026/2026",
    ]
    handler = factories.UserFactory(username="more")

    def add(days: range) -> None:
        for day in days:
            year = 2025 + day % 2  # 2025/26 and 2026/27, under the LGSCO's Code
            made = services.complaint_receive(
                actor=None, partnership=world["partnership"], handler=handler,
                subject_kind="provider", provider=world["first"],
                received_on=D(year, 7, day), channel="letter",
            )  # fmt: skip
            stage = Stage.objects.get(complaint=made)
            services.stage_acknowledge(actor=None, stage=stage, acknowledged_on=D(year, 7, 20))
            lesson = services.lesson_add(actor=None, complaint=made, text="Lesson")
            services.action_add(
                actor=None, lesson=lesson, description="Act", owner="Lead", due_on=D(2025, 9, 1)
            )

    add(range(1, 3))
    counts = []
    for url in urls:
        with django_assert_max_num_queries(30) as captured:
            client.get(url)
        counts.append(len(captured))
    add(range(3, 17))
    for url, before in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(before):
            assert client.get(url).status_code == 200


def test_rates_are_exact_decimals():
    from accord.complaints.rates import Rate

    assert Rate(1, 3, 100, "service users").value == Decimal("33.33")
    assert Rate(2, 3, 100, "service users").value == Decimal("66.67")
    assert Rate(2, None, 100, "service users", "none ran").text == "not available: none ran"
    assert Rate(0, 0, 100, "service users").value is None


def test_the_demo_reports_name_no_complainant(client, sign_in, demo):
    """Every demo complainant of Oxfordshire (fictional, with example.org addresses) is
    absent from the analysis, each year's report and self-assessment, their PDFs and API."""
    from accord.complaints.report import report_years
    from accord.partnerships.models import Partnership

    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    people = Complaint.objects.filter(partnership=oxfordshire).values_list(
        "complainant_name", "complainant_email"
    )
    secrets = {value for row in people for value in row if value}
    assert len(secrets) >= 10
    sign_in("officer")
    api = "/api/complaints/partnerships/oxfordshire"
    outputs = [
        client.get(reverse("complaints:complaint-analysis", args=["oxfordshire"])).text,
        client.get(f"{api}/complaints-analysis").text,
    ]
    years = report_years(oxfordshire, today=D(2026, 12, 7))
    for year in years:
        outputs.append(
            client.get(
                reverse("complaints:complaint-report-detail", args=["oxfordshire", year])
            ).text
        )
        outputs.append(client.get(f"{api}/complaints-reports/{year}").text)
    outputs.append(
        client.get(
            reverse("complaints:assessment-detail", args=["oxfordshire", "lgsco-2026", 2026])
        ).text
    )
    busiest = max(
        years, key=lambda y: client.get(f"{api}/complaints-reports/{y}").json()["received"]
    )
    outputs.append(
        pdf_text(
            client.get(
                reverse("complaints:complaint-report-pdf", args=["oxfordshire", busiest])
            ).content
        )
    )
    assert any("Lessons learnt" in text for text in outputs)
    for text in outputs:
        for secret in secrets:
            assert secret not in text


def test_a_provider_running_no_service_has_no_rate(client, sign_in, world):
    sign_in("officer")
    bare: Any = factories.ProviderFactory(partnership=world["partnership"], name="Windrush")
    services.complaint_receive(
        actor=None, partnership=world["partnership"], handler=factories.UserFactory(),
        subject_kind="provider", provider=bare, received_on=D(2025, 5, 12), channel="letter",
    )  # fmt: skip
    rate = client.get(f"{API}/complaints-analysis", {"provider_id": bare.pk}).json()
    assert rate["rates"][0]["service_users"] == {
        "complaints": 1,
        "base": None,
        "per": 100,
        "measure": "service users",
        "rate": None,
        "missing": "no commissioned service ran in the period",
    }


def test_the_stage_2_handler_and_timescales_computed_as_met(client, sign_in, world):
    """Received Tuesday 7 April 2026 (the day after Easter Monday), under the LGSCO's
    Code: acknowledged the next day, answered within 10 working days, escalated and
    handled at stage 2 by someone else, acknowledged within 5 working days."""
    sign_in("officer")
    first_handler = factories.UserFactory(username="first")
    complaint = services.complaint_receive(
        actor=None, partnership=world["partnership"], handler=first_handler,
        subject_kind="authority", received_on=D(2026, 4, 7), channel="letter",
    )  # fmt: skip
    one = Stage.objects.get(complaint=complaint)
    one = services.stage_acknowledge(actor=None, stage=one, acknowledged_on=D(2026, 4, 8))
    services.stage_respond(
        actor=None, stage=one, responded_on=D(2026, 4, 22), outcome="not_upheld",
        classifications=["policy_issue"],
    )  # fmt: skip
    two = services.complaint_escalate(
        actor=None, complaint=complaint, requested_on=D(2026, 4, 24),
        handler=factories.UserFactory(username="second"),
    )  # fmt: skip
    services.stage_acknowledge(actor=None, stage=two, acknowledged_on=D(2026, 4, 30))
    api = client.get(f"{API}/complaints-self-assessment/lgsco-2026/2026").json()
    met = {row["key"]: row["met"] for row in api["provisions"]}
    assert met["stage1-acknowledge"] == "yes"
    assert met["stage1-response"] == "yes"
    assert met["stage2-acknowledge"] == "yes"
    assert met["stage2-handler"] == "yes"


def test_service_users_recorded_for_an_hours_service_complete_the_rate(client, sign_in, world):
    sign_in("officer")
    service = world["hours"].services.get()
    stranger: Any = factories.ServiceFactory(
        provider=factories.ProviderFactory(partnership=world["other"])
    )
    refused = client.post(
        f"{API}/complaints-service-users",
        {"service_id": stranger.pk, "financial_year": 2025, "people": 10, "source": "Returns"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "service_id"
    page = client.post(
        reverse("complaints:service-users-record", args=["wychwood"]),
        {"service": service.pk, "financial_year": 2025, "people": 150, "source": "Returns"},
    )
    assert page.status_code == 302
    # 5 complaints; 30 units + 20 places + 150 people recorded = 200 service users.
    whole = client.get(f"{API}/complaints-analysis").json()["rates"][0]["service_users"]
    assert (whole["complaints"], whole["base"], whole["rate"]) == (5, 200, "2.50")
    # Another year's figure is not this year's: 2026/27 has none.
    later = services.complaint_receive(
        actor=None, partnership=world["partnership"], handler=factories.UserFactory(),
        subject_kind="provider", provider=world["hours"], received_on=D(2026, 5, 5),
        channel="letter",
    )  # fmt: skip
    assert later.pk
    rates = client.get(f"{API}/complaints-analysis").json()["rates"]
    last = next(r for r in rates if r["quarter"] == "2026-27 Q1")["service_users"]
    assert last["rate"] is None
    assert "no number of service users recorded for 2026/27" in last["missing"]
    listed = client.get(f"{API}/complaints-service-users").json()
    assert listed["items"] == [
        {"service_id": service.pk, "financial_year": 2025, "people": 150, "source": "Returns"}
    ]
