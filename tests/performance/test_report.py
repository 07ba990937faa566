"""The quarterly performance report (page, PDF, API), attaching it to a meeting as a
paper, and a service's trend over the last eight quarters with its direction of travel:
Gloucestershire's services (seed 004) benchmarked beside Oxfordshire's, whose services are
never named in Gloucestershire's report."""

import datetime
import io
import json
import re
from fractions import Fraction
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accord.audit.models import AuditEvent
from accord.cli import main
from accord.meetings.models import Paper
from accord.performance import services
from accord.performance.periods import Quarter
from accord.performance.report import (
    DECLINING,
    IMPROVING,
    STEADY,
    last_quarters,
    quarterly_report,
    travel,
)
from tests import factories

Q2 = Quarter(2009, 2)  # due 21 October 2009
PERIOD = "2009/10 Q2"
API = "/api/performance/partnerships"
SVG = re.compile(r'<svg [^>]*role="img"')


def sheltered(partnership: Any, reference: str, **figures: Any) -> Any:
    """A validated 2009/10 Q2 return of a new sheltered scheme (long-term, with units)."""
    provider = factories.ProviderFactory(partnership=partnership)
    service = factories.ServiceFactory(
        provider=provider,
        reference=reference,
        name=f"{reference} scheme",
        service_type="sheltered",
        start_date=datetime.date(2004, 4, 1),
    )
    return factories.QuarterlyReturnFactory(service=service, **figures)


@pytest.fixture
def people(gloucestershire, oxfordshire):
    """Gloucestershire's programme officer, a member of its Core Strategy Group, and
    Oxfordshire's programme officer."""
    factories.ProgrammeOfficerFactory(partnership=gloucestershire, user__username="officer")
    factories.ProgrammeOfficerFactory(partnership=oxfordshire, user__username="other-officer")
    group = factories.BodyFactory(
        partnership=gloucestershire, name="Core Strategy Group", kind="officers_group"
    )
    member = factories.UserFactory(username="member")
    factories.MembershipFactory(
        body=group, person=factories.PersonFactory(partnership=gloucestershire, user=member)
    )
    return group


@pytest.fixture
def quarter(gloucestershire, oxfordshire):
    """Gloucestershire: a red, an amber and a green scheme (SPI 1 80%, 87%, 99%); one
    validated late, one submitted, one with no return. Oxfordshire: three schemes to
    compare with, so the quartiles are computed."""
    sheltered(gloucestershire, "GLOS-0003", unit_days_contracted=100, unit_days_available=99)
    sheltered(gloucestershire, "GLOS-0001", unit_days_contracted=100, unit_days_available=80)
    sheltered(
        gloucestershire,
        "GLOS-0002",
        unit_days_contracted=100,
        unit_days_available=87,
        validated_on=datetime.date(2009, 10, 22),  # the day after the due day
    )
    sheltered(gloucestershire, "GLOS-0004", status="submitted", validated_on=None)
    factories.ServiceFactory(
        provider=factories.ProviderFactory(partnership=gloucestershire),
        reference="GLOS-0005",
        start_date=datetime.date(2004, 4, 1),
    )
    for n, available in enumerate([90, 95, 97]):
        sheltered(
            oxfordshire, f"OXON-000{n + 1}", unit_days_contracted=100, unit_days_available=available
        )


# ---------------------------------------------------------------- direction of travel


@pytest.mark.parametrize(
    ("earlier", "later", "polarity", "expected"),
    [
        (Fraction(90, 100), Fraction(91, 100), "higher", IMPROVING),  # one point: moved
        (Fraction(90, 100), Fraction(9099, 10000), "higher", STEADY),  # under one point
        (Fraction(90, 100), Fraction(89, 100), "higher", DECLINING),
        (Fraction(90, 100), Fraction(89, 100), "lower", IMPROVING),  # lower is better
        (Fraction(90, 100), Fraction(90, 100), "higher", STEADY),
        (None, Fraction(90, 100), "higher", None),
        (Fraction(90, 100), None, "higher", None),
    ],
)
def test_direction_of_travel_is_a_move_of_at_least_one_point_by_polarity(
    earlier, later, polarity, expected
):
    assert travel(earlier, later, polarity=polarity) == expected


def test_the_trend_covers_the_eight_quarters_to_the_period():
    quarters = last_quarters(Q2)
    assert [str(one) for one in (quarters[0], quarters[-1])] == ["2007/08 Q3", PERIOD]
    assert len(quarters) == 8


# ---------------------------------------------------------------- the report


def test_the_report_puts_exceptions_first_and_names_no_other_partnerships_service(
    client, sign_in, people, quarter
):
    sign_in("officer")
    url = reverse("performance:report-detail", args=["gloucestershire"])
    response = client.get(url, {"period": PERIOD})
    assert response.status_code == 200
    html = response.content.decode()
    matrix = html[html.index('id="matrix"') :]
    # Red (80%), then amber (87%), then green (99%).
    assert matrix.index("GLOS-0001") < matrix.index("GLOS-0002") < matrix.index("GLOS-0003")
    assert "OXON-" not in html
    # The quartile with the group it was taken in: six sheltered schemes compare.
    assert "bottom quartile of 6" in html
    # Charts drawn on the server, with their title and description, tables beside them.
    assert len(SVG.findall(html)) == 2
    assert "<title id=" in html
    assert "<desc id=" in html
    assert "The chart's figures: services by RAG rating" in html
    assert "Attach the report to a meeting" in html


def test_the_authoritys_own_measures_count_returns_validated_by_the_due_day(
    gloucestershire, quarter
):
    built = quarterly_report(gloucestershire, Q2, today=datetime.date(2009, 11, 2))
    measures = built.returns
    assert measures.due_on == datetime.date(2009, 10, 21)
    assert (measures.due, measures.validated_on_time, measures.validated_late) == (5, 2, 1)
    assert measures.awaiting_validation == 1
    assert [each.service.reference for each in measures.outstanding] == ["GLOS-0005"]
    assert measures.on_time_percentage == "40.00"
    assert built.reviews.due == 0  # no quality review was due


def test_reviews_done_on_schedule_are_the_quality_reviews_due_in_the_quarter(
    client, sign_in, people, quarter
):
    """The administering authority's own measure: of the service quality reviews due in
    the quarter, those validated by their due date (here one planned, not done)."""
    scheme: Any = factories.ServiceFactory(
        provider=factories.ProviderFactory(partnership=people.partnership),
        reference="GLOS-0006",
        start_date=datetime.date(2004, 4, 1),
    )
    services.review_plan(actor=None, service=scheme, due_on=datetime.date(2009, 9, 30))
    sign_in("officer")
    response = client.get(
        reverse("performance:report-detail", args=["gloucestershire"]), {"period": PERIOD}
    )
    assert "0 of 1 due in the quarter (0.00%); 0 validated late, 1 not validated yet" in (
        response.content.decode()
    )
    body = client.get(f"{API}/gloucestershire/report", {"period": PERIOD}).json()
    assert body["reviews_on_schedule"] == {
        "due": 1, "on_schedule": 0, "late": 0, "not_done": 1, "percent": "0.00"
    }  # fmt: skip


def test_the_reports_figures_agree_with_the_export_command(
    client, sign_in, capsys, people, quarter
):
    assert main(["performance", "export", "gloucestershire", "--period", PERIOD]) == 0
    exported = {entry["service"]: entry for entry in json.loads(capsys.readouterr().out)}
    sign_in("officer")
    body = client.get(f"{API}/gloucestershire/report", {"period": PERIOD}).json()
    assert [row["service"] for row in body["rows"]] == ["GLOS-0001", "GLOS-0002", "GLOS-0003"]
    assert [row["exception"] for row in body["rows"]] == ["red", "amber", None]
    for row in body["rows"]:
        for code in ("spi1", "spi2", "kpi1", "kpi2"):
            cell = dict(row[code])
            cell.pop("group")
            assert cell == exported[row["service"]][code]
    assert body["returns"]["validated_on_time"] == 2
    assert body["returns"]["outstanding"][0]["service"] == "GLOS-0005"
    assert body["reviews_on_schedule"] == {
        "due": 0, "on_schedule": 0, "late": 0, "not_done": 0, "percent": None
    }  # fmt: skip


def test_the_report_pdf_is_a_pdf_with_the_matrix_in_its_text(client, sign_in, people, quarter):
    sign_in("officer")
    response = client.get(
        reverse("performance:report-pdf", args=["gloucestershire"]), {"period": PERIOD}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 0
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Quarterly performance report, 2009/10 Q2" in text
    assert "GLOS-0001" in text
    assert "OXON-" not in text
    api = client.get(f"{API}/gloucestershire/report.pdf", {"period": PERIOD})
    assert api.status_code == 200
    assert api.content.startswith(b"%PDF")


def test_the_partnerships_members_read_the_report_other_partnerships_do_not(
    client, sign_in, people, quarter
):
    page = reverse("performance:report-detail", args=["gloucestershire"])
    sign_in("member")
    assert client.get(page, {"period": PERIOD}).status_code == 200
    assert "Attach the report" not in client.get(page, {"period": PERIOD}).content.decode()
    # A member reads it but does not attach it.
    attach = reverse("performance:report-attach", args=["gloucestershire"])
    assert client.get(attach).status_code == 403
    sign_in("other-officer")
    assert client.get(page, {"period": PERIOD}).status_code == 403
    assert client.get(f"{API}/gloucestershire/report").status_code == 403
    client.logout()
    assert client.get(page).status_code in (302, 403)


def test_a_bad_period_in_the_api_names_the_field(client, sign_in, people):
    sign_in("officer")
    response = client.get(f"{API}/gloucestershire/report", {"period": "2009-10 Q2"})
    assert response.status_code == 422
    assert "period" in response.content.decode()


def test_the_report_reads_in_a_constant_number_of_queries(
    client, sign_in, people, quarter, gloucestershire, oxfordshire, django_assert_max_num_queries
):
    sign_in("officer")
    urls = [
        reverse("performance:report-detail", args=["gloucestershire"]) + f"?period={PERIOD}",
        f"{API}/gloucestershire/report?period={PERIOD}",
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(30) as small:
            assert client.get(url).status_code == 200
        counts.append(len(small.captured_queries))
    for n in range(10, 22):
        sheltered(gloucestershire, f"GLOS-00{n}", unit_days_available=2000 + n)
        sheltered(oxfordshire, f"OXON-00{n}", unit_days_available=2000 + n)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


# ---------------------------------------------------------------- attaching it to a meeting


@pytest.fixture
def item(people):
    meeting = factories.MeetingFactory(body=people, date=datetime.date(2009, 11, 20))
    return factories.AgendaItemFactory(meeting=meeting, title="Performance, 2009/10 Q2")


def test_the_officer_attaches_the_report_to_a_meeting_as_a_paper(
    client, sign_in, people, quarter, item
):
    sign_in("officer")
    url = reverse("performance:report-attach", args=["gloucestershire"])
    form = client.get(url, {"period": PERIOD})
    assert "Performance, 2009/10 Q2" in form.content.decode()
    response = client.post(url, {"period": PERIOD, "item": item.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "meetings:meeting-detail", args=["gloucestershire", item.meeting_id]
    )
    paper = Paper.objects.get(item=item)
    assert paper.title == "Quarterly performance report, 2009/10 Q2"
    assert paper.content_type == "application/pdf"
    event = AuditEvent.objects.get(action="performance_report.attach")
    assert event.object_id == str(paper.pk)
    assert event.changes["period"] == [None, PERIOD]
    assert AuditEvent.objects.filter(action="paper.upload", object_id=str(paper.pk)).exists()


def test_the_api_attaches_the_report_and_refuses_what_the_page_refuses(
    client, sign_in, people, quarter, item, oxfordshire
):
    sign_in("officer")
    url = f"{API}/gloucestershire/report/papers"
    made = client.post(url, {"period": PERIOD, "item_id": item.pk}, content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    assert (body["item_id"], body["meeting_id"]) == (item.pk, item.meeting_id)
    stored = b"".join(client.get(body["url"]).streaming_content)
    assert stored.startswith(b"%PDF")
    # A quarter not yet over (a domain refusal: 409); another partnership's item (bad
    # input: 422): refused, naming the field.
    future = Quarter.of(timezone.localdate())
    refused = client.post(
        url, {"period": str(future), "item_id": item.pk}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert "period" in refused.content.decode()
    other_meeting = factories.MeetingFactory(body=factories.BodyFactory(partnership=oxfordshire))
    other: Any = factories.AgendaItemFactory(meeting=other_meeting)
    refused = client.post(
        url, {"period": PERIOD, "item_id": other.pk}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert "item_id" in refused.content.decode()
    assert Paper.objects.count() == 1
    sign_in("member")
    assert (
        client.post(
            url, {"period": PERIOD, "item_id": item.pk}, content_type="application/json"
        ).status_code
        == 403
    )


# ---------------------------------------------------------------- a service's trend


def trend_service(gloucestershire: Any, values: list[int | None]) -> Any:
    """A sheltered scheme with a validated return each quarter to 2009/10 Q2 (SPI 1 =
    value/100), none where the value is None."""
    service = factories.ServiceFactory(
        provider=factories.ProviderFactory(partnership=gloucestershire),
        reference="GLOS-0100",
        service_type="sheltered",
        start_date=datetime.date(2004, 4, 1),
    )
    for period, value in zip(last_quarters(Q2), values, strict=True):
        if value is not None:
            factories.QuarterlyReturnFactory(
                service=service,
                financial_year=period.year,
                quarter=period.number,
                unit_days_contracted=100,
                unit_days_available=value,
            )
    return service


def test_a_services_trend_shows_eight_quarters_and_the_direction_of_travel(
    client, sign_in, people, gloucestershire
):
    service = trend_service(gloucestershire, [90, 91, None, 93, 88, 90, 95, 95])
    # A submitted return does not count.
    factories.QuarterlyReturnFactory(
        service=service, financial_year=2006, quarter=4, status="submitted"
    )
    sign_in("member")
    page = client.get(
        reverse("performance:service-trend", args=["gloucestershire", service.pk]),
        {"period": PERIOD},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert len(SVG.findall(html)) == 1
    assert "<desc id=" in html
    trend = html[html.index('id="trend"') :]
    assert "2007/08 Q3" in trend
    assert "93.00" in trend
    body = client.get(
        f"{API}/gloucestershire/services/{service.pk}/trend", {"period": PERIOD}
    ).json()
    assert body["quarters"][0] == "2007/08 Q3"
    spi1 = next(line for line in body["indicators"] if line["indicator"] == "spi1")
    assert spi1["values"] == [
        "90.00", "91.00", None, "93.00", "88.00", "90.00", "95.00", "95.00"
    ]  # fmt: skip
    # 95 against 88 a year before: improving; against 95 the quarter before: steady.
    assert (spi1["direction"], spi1["direction_short"]) == ("improving", "steady")
    # KPI 2 is for short-term services: not shown for a long-term one.
    assert [line["indicator"] for line in body["indicators"]] == ["spi1", "spi2", "kpi1"]


def test_another_partnerships_officer_cannot_read_a_services_trend(
    client, sign_in, people, gloucestershire
):
    service = trend_service(gloucestershire, [90] * 8)
    sign_in("other-officer")
    url = reverse("performance:service-trend", args=["gloucestershire", service.pk])
    assert client.get(url).status_code == 403
    assert (
        client.get(
            reverse("performance:service-trend", args=["oxfordshire", service.pk])
        ).status_code
        == 404
    )


def test_a_services_trend_reads_in_a_constant_number_of_queries(
    client, sign_in, people, gloucestershire, django_assert_max_num_queries
):
    service = trend_service(gloucestershire, [90, None, None, None, None, None, None, 91])
    sign_in("officer")
    urls = [
        reverse("performance:service-trend", args=["gloucestershire", service.pk])
        + f"?period={PERIOD}",
        f"{API}/gloucestershire/services/{service.pk}/trend?period={PERIOD}",
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(20) as small:
            assert client.get(url).status_code == 200
        counts.append(len(small.captured_queries))
    # Every quarter filled, and more services in the partnership.
    for period in last_quarters(Q2)[1:-1]:
        factories.QuarterlyReturnFactory(
            service=service, financial_year=period.year, quarter=period.number
        )
    for n in range(5):
        sheltered(gloucestershire, f"GLOS-02{n:02d}")
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_the_attach_form_refuses_a_quarter_not_yet_over_and_stores_nothing(
    client, sign_in, people, item
):
    sign_in("officer")
    url = reverse("performance:report-attach", args=["gloucestershire"])
    future = Quarter.of(timezone.localdate())
    response = client.post(url, {"period": str(future), "item": item.pk})
    assert response.status_code == 200
    assert f"{future} has not ended yet" in response.content.decode()
    response = client.post(url, {"period": "2009-10 Q2", "item": item.pk})
    assert "Enter a financial-year quarter" in response.content.decode()
    assert not Paper.objects.exists()
    assert not AuditEvent.objects.filter(action="performance_report.attach").exists()
