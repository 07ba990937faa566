"""Quarterly returns on the pages and the API: the programme team records a return for a
service and a quarter that has ended, queries it (the provider answers by submitting it
again) or validates it; a replaced return keeps its earlier figures and the reason; another
partnership's officer is refused; the lists' queries do not grow with the data."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.performance import services
from accord.performance.models import QuarterlyReturn, ReturnRevision, ReturnStatus
from accord.performance.periods import Quarter
from tests import factories

Q2 = Quarter(2009, 2)
NOVEMBER = datetime.date(2009, 11, 2)
SHELTERED = {
    "unit_days_contracted": 2760,
    "unit_days_available": 2738,
    "support_days_contracted": 2760,
    "support_days_used": 2590,
    "kpi1_numerator": 27,
    "kpi1_denominator": 28,
}


@pytest.fixture
def officers(gloucestershire, oxfordshire):
    factories.ProgrammeOfficerFactory(partnership=gloucestershire, user__username="officer")
    factories.ProgrammeOfficerFactory(partnership=oxfordshire, user__username="other-officer")


def submit(service: Any, **changes: Any) -> QuarterlyReturn:
    return services.return_submit(
        actor=None, service=service, period=Q2, figures={**SHELTERED, **changes}, today=NOVEMBER
    )


def test_a_return_is_queried_answered_and_validated(glos_services):
    made = submit(glos_services["sheltered"], unit_days_available=2000)
    queried = services.return_query(
        actor=None, quarterly_return=made, question="Were 760 unit days really void?"
    )
    assert queried.status == ReturnStatus.QUERIED
    with pytest.raises(AccordError, match="Only a submitted return can be queried"):
        services.return_query(actor=None, quarterly_return=queried, question="Again?")
    answered = services.return_resubmit(
        actor=None, quarterly_return=queried, figures=SHELTERED, today=NOVEMBER
    )
    assert (answered.status, answered.unit_days_available) == (ReturnStatus.SUBMITTED, 2738)
    validated = services.return_validate(actor=None, quarterly_return=answered, today=NOVEMBER)
    assert (validated.status, validated.validated_on) == (ReturnStatus.VALIDATED, NOVEMBER)
    with pytest.raises(AccordError, match="validated already"):
        services.return_validate(actor=None, quarterly_return=validated, today=NOVEMBER)
    actions = list(
        AuditEvent.objects.filter(object_id=str(made.pk), action__startswith="return.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["return.submit", "return.query", "return.resubmit", "return.validate"]


def test_a_return_refuses_figures_that_do_not_fit_its_service_naming_the_field(glos_services):
    with pytest.raises(AccordError) as refused:
        submit(glos_services["floating"])  # support only: no unit days; short-term: no KPI 1
    assert refused.value.field == "unit_days_contracted"
    with pytest.raises(AccordError) as refused:
        submit(glos_services["sheltered"], kpi1_numerator=29)
    assert refused.value.field == "kpi1_numerator"
    with pytest.raises(AccordError) as refused:
        services.return_submit(
            actor=None,
            service=glos_services["sheltered"],
            period=Quarter(2009, 3),
            figures=SHELTERED,
            today=NOVEMBER,
        )
    assert (refused.value.field, refused.value.message) == (
        "period",
        "2009/10 Q3 has not ended yet",
    )
    submit(glos_services["sheltered"])
    with pytest.raises(AccordError, match="already has a return for 2009/10 Q2"):
        submit(glos_services["sheltered"])


def test_replacing_a_return_keeps_the_earlier_figures_and_the_reason(glos_services):
    made = submit(glos_services["sheltered"])
    services.return_validate(actor=None, quarterly_return=made, today=NOVEMBER)
    replaced = services.return_replace(
        actor=None,
        quarterly_return=made,
        figures={**SHELTERED, "support_days_used": 2600},
        reason="September's support days were miscounted",
        today=NOVEMBER,
    )
    # The corrected return is submitted again, for validation.
    assert (replaced.status, replaced.support_days_used) == (ReturnStatus.SUBMITTED, 2600)
    revision = ReturnRevision.objects.get()
    assert revision.status == ReturnStatus.VALIDATED
    assert revision.figures["support_days_used"] == 2590
    assert revision.reason == "September's support days were miscounted"


def test_the_officer_records_queries_and_validates_on_the_pages(
    client, sign_in, officers, glos_services
):
    sign_in("officer")
    add = reverse("performance:return-submit", args=["gloucestershire"])
    posted = client.post(
        add,
        {
            "service": glos_services["sheltered"].pk,
            "period": "2009/10 Q2",
            **{name: str(value) for name, value in SHELTERED.items()},
        },
    )
    made = QuarterlyReturn.objects.get()
    assert posted.status_code == 302
    assert posted["Location"] == reverse(
        "performance:return-detail", args=["gloucestershire", made.pk]
    )
    page = client.get(posted["Location"]).text
    assert "99.20%" in page  # SPI 1: 2738 / 2760
    assert "Validate the return" in page
    query = reverse("performance:return-query", args=["gloucestershire", made.pk])
    assert client.post(query, {"question": "Please check the voids"}).status_code == 302
    made.refresh_from_db()
    assert (made.status, made.query) == (ReturnStatus.QUERIED, "Please check the voids")
    validate = reverse("performance:return-validate", args=["gloucestershire", made.pk])
    assert client.post(validate).status_code == 302
    made.refresh_from_db()
    assert made.status == ReturnStatus.VALIDATED


def test_a_refused_return_on_the_page_names_the_field(client, sign_in, officers, glos_services):
    sign_in("officer")
    add = reverse("performance:return-submit", args=["gloucestershire"])
    answer = client.post(
        add,
        {
            "service": glos_services["sheltered"].pk,
            "period": "2009/10 Q2",
            **{name: str(value) for name, value in SHELTERED.items()},
            "kpi1_numerator": "30",
        },
    )
    assert answer.status_code == 200
    assert "kpi1_numerator: 30 is more than kpi1_denominator (28)" in answer.text
    assert not QuarterlyReturn.objects.exists()


def test_the_api_submits_queries_and_validates_with_the_version_read(
    client, sign_in, officers, glos_services
):
    sign_in("officer")
    base = "/api/performance/partnerships/gloucestershire/returns"
    made = client.post(
        base,
        {"service_id": glos_services["sheltered"].pk, "period": "2009/10 Q2", **SHELTERED},
        content_type="application/json",
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["service"], body["period"], body["status"]) == (
        "GLOS-0001",
        "2009/10 Q2",
        "submitted",
    )
    address = f"{base}/{body['id']}"
    version = client.get(address)["ETag"]
    assert client.post(f"{address}/validate").status_code == 428
    done = client.post(f"{address}/validate", HTTP_IF_MATCH=version)
    assert done.status_code == 200
    assert done.json()["status"] == "validated"
    stale = client.post(
        f"{address}/query",
        {"question": "Why?"},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert stale.status_code == 412
    benchmark = client.get(
        "/api/performance/partnerships/gloucestershire/benchmarks?period=2009/10 Q2"
    )
    assert benchmark.status_code == 200
    first = benchmark.json()["items"][0]
    assert (first["spi1"]["value"], first["spi1"]["quartile"]) == ("99.20", "too_few")


def test_the_api_refuses_figures_naming_the_field(client, sign_in, officers, glos_services):
    sign_in("officer")
    answer = client.post(
        "/api/performance/partnerships/gloucestershire/returns",
        {"service_id": glos_services["floating"].pk, "period": "2009/10 Q2", **SHELTERED},
        content_type="application/json",
    )
    assert answer.status_code in (409, 422)
    assert answer.json()["error"]["field"] == "unit_days_contracted"


def test_the_api_sets_a_partnerships_own_target(client, sign_in, officers, glos_services):
    sign_in("officer")
    answer = client.post(
        "/api/performance/partnerships/gloucestershire/indicator-targets",
        {"indicator": "kpi2", "target": "78"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"indicator": "kpi2", "target": "78.00"}


def test_another_partnerships_officer_is_refused(client, sign_in, officers, glos_services):
    made = submit(glos_services["sheltered"])
    sign_in("other-officer")
    detail = reverse("performance:return-detail", args=["gloucestershire", made.pk])
    assert client.get(detail).status_code in (403, 404)
    listed = reverse("performance:return-list", args=["gloucestershire"])
    assert client.get(listed).status_code == 403
    api = f"/api/performance/partnerships/gloucestershire/returns/{made.pk}"
    assert client.get(api).status_code in (403, 404)
    # Nor may a return be fetched through the officer's own partnership's address.
    assert (
        client.get(reverse("performance:return-detail", args=["oxfordshire", made.pk])).status_code
        == 404
    )


def test_the_lists_ask_the_same_number_of_queries_whatever_their_length(
    client, sign_in, officers, glos_services, django_assert_max_num_queries
):
    sign_in("officer")
    submit(glos_services["sheltered"])
    pages = [
        reverse("performance:return-list", args=["gloucestershire"]) + "?period=2009/10 Q2",
        reverse("performance:benchmark", args=["gloucestershire"]) + "?period=2009/10 Q2",
        reverse("performance:return-template", args=["gloucestershire"]) + "?period=2009/10 Q2",
        "/api/performance/partnerships/gloucestershire/returns?period=2009/10 Q2",
        "/api/performance/partnerships/gloucestershire/outstanding-returns?period=2009/10 Q2",
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(16) as small:
            assert client.get(url).status_code == 200
        counts.append(len(small.captured_queries))
    provider = glos_services["sheltered"].provider
    for n in range(4, 16):
        made = submit(factories.ServiceFactory(provider=provider, reference=f"GLOS-{n:04d}"))
        services.return_validate(actor=None, quarterly_return=made, today=NOVEMBER)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_a_quarters_returns_are_due_15_working_days_after_it_and_late_after(
    client, sign_in, officers, glos_services
):
    from accord.performance.selectors import due_on, returns_outstanding

    # 2009/10 Q2 ends Wednesday 30 September 2009; no bank holiday in October 2009.
    assert due_on(Q2) == datetime.date(2009, 10, 21)
    submit(glos_services["sheltered"])
    glos = glos_services["sheltered"].partnership
    on_time = returns_outstanding(glos, Q2, today=datetime.date(2009, 10, 21))
    assert [(row.service.reference, row.late) for row in on_time] == [
        ("GLOS-0002", False),
        ("GLOS-0003", False),
    ]
    late = returns_outstanding(glos, Q2, today=datetime.date(2009, 10, 22))
    assert [row.late for row in late] == [True, True]
    sign_in("officer")
    page = client.get(
        reverse("performance:return-list", args=["gloucestershire"]) + "?period=2009/10 Q2"
    ).text
    assert "Wednesday 21 October 2009" in page
    api = client.get(
        "/api/performance/partnerships/gloucestershire/outstanding-returns?period=2009/10 Q2"
    ).json()
    assert [row["service"] for row in api["items"]] == ["GLOS-0002", "GLOS-0003"]


def test_the_benchmark_page_shows_the_group_size_and_the_direction_of_travel(
    client, sign_in, officers, glos_services
):
    sheltered = glos_services["sheltered"]
    for period, available in ((Quarter(2009, 1), 2700), (Q2, 2738)):
        made = services.return_submit(
            actor=None,
            service=sheltered,
            period=period,
            figures={**SHELTERED, "unit_days_available": available},
            today=NOVEMBER,
        )
        services.return_validate(actor=None, quarterly_return=made, today=NOVEMBER)
    sign_in("officer")
    page = client.get(
        reverse("performance:benchmark", args=["gloucestershire"]) + "?period=2009/10 Q2"
    ).text
    assert "statistics.quantiles(values, n=4, method=&quot;inclusive&quot;)" in page
    assert "compared with 1 service" in page
    assert "97.83" in page  # 2700 / 2760 in 2009/10 Q1's column
    assert "improving" in page  # SPI 1 rose from 97.83% to 99.20%


def test_the_partnerships_page_links_the_officer_to_the_returns(client, sign_in, officers):
    returns = reverse("performance:return-list", args=["gloucestershire"])
    page = reverse("governance:partnership-detail", args=["gloucestershire"])
    assert returns not in client.get(page).text  # not for the public
    sign_in("officer")
    assert returns in client.get(page).text


def test_a_malformed_period_is_bad_input_naming_it_in_a_query_and_a_body(
    client, sign_in, officers, glos_services
):
    sign_in("officer")
    base = "/api/performance/partnerships/gloucestershire/returns"
    listed = client.get(base, {"period": "2009 Q5"})
    assert listed.status_code == 422, listed.text
    assert listed.json()["error"]["field"] == "period"
    made = client.post(
        base,
        {"service_id": glos_services["sheltered"].pk, "period": "Q2 2009", **SHELTERED},
        content_type="application/json",
    )
    assert made.status_code == 422, made.text
    assert made.json()["error"]["field"] == "period"
