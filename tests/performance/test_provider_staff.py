"""A provider's own sign-in (issue 18): the people who sign in for a provider see and submit
the returns of its services only, never another provider's; a return they submit waits for
the programme team to validate; querying and validating stay the team's; and they see
nothing else of the partnership that is not public. Gloucestershire's services (seed 004)
with Keystone, one of its providers (illustrative, as in the demo)."""

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accord.audit.models import AuditEvent
from accord.commissioning import services as commissioning
from accord.performance import services
from accord.performance.imports import HEADER
from accord.performance.models import QuarterlyReturn, ReturnStatus
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
RETURNS = "/api/performance/partnerships/gloucestershire/returns"


@pytest.fixture
def keystone(gloucestershire, glos_services):
    """Keystone's mental health scheme in Gloucestershire, and the person who signs in for
    Keystone there; Gloucestershire's programme officer."""
    factories.ProgrammeOfficerFactory(partnership=gloucestershire, user__username="officer")
    provider: Any = factories.ProviderFactory(
        partnership=gloucestershire, name="Keystone Care and Support Ltd"
    )
    scheme = factories.ServiceFactory(
        provider=provider, reference="GLOS-0018", service_type="sheltered", term="long"
    )
    factories.UserFactory(username="keystone")
    commissioning.provider_staff_add(
        actor=None, provider=provider, username="keystone", start_date=datetime.date(2003, 4, 1)
    )
    return scheme


def submit(service: Any) -> QuarterlyReturn:
    return services.return_submit(
        actor=None, service=service, period=Q2, figures=SHELTERED, today=NOVEMBER
    )


def test_a_providers_people_see_their_own_services_returns_only(
    client, sign_in, keystone, glos_services
):
    own, other = submit(keystone), submit(glos_services["sheltered"])
    sign_in("keystone")
    listed = client.get(
        reverse("performance:return-list", args=["gloucestershire"]) + "?period=2009/10 Q2"
    )
    assert listed.status_code == 200
    assert "GLOS-0018" in listed.text
    assert "GLOS-0001" not in listed.text
    assert "GLOS-0002" not in listed.text
    assert "the providers you sign in for" in listed.text
    detail = reverse("performance:return-detail", args=["gloucestershire", own.pk])
    page = client.get(detail)
    assert page.status_code == 200
    assert "Validate the return" not in page.text
    assert "Query the return" not in page.text
    assert (
        client.get(reverse("performance:return-detail", args=["gloucestershire", other.pk]))
    ).status_code == 404
    assert client.get(f"{RETURNS}/{other.pk}").status_code == 404
    assert [row["service"] for row in client.get(RETURNS).json()["items"]] == ["GLOS-0018"]
    outstanding = client.get(
        "/api/performance/partnerships/gloucestershire/outstanding-returns?period=2009/10 Q3"
    )
    assert [row["service"] for row in outstanding.json()["items"]] == ["GLOS-0018"]
    template = client.get(
        reverse("performance:return-template", args=["gloucestershire"]) + "?period=2009/10 Q3"
    )
    assert "GLOS-0018" in template.text
    assert "GLOS-0001" not in template.text


def test_querying_and_validating_stay_the_programme_teams(client, sign_in, keystone):
    own = submit(keystone)
    sign_in("keystone")
    query = reverse("performance:return-query", args=["gloucestershire", own.pk])
    assert client.get(query).status_code == 403
    version = client.get(f"{RETURNS}/{own.pk}")["ETag"]
    assert client.post(f"{RETURNS}/{own.pk}/validate", HTTP_IF_MATCH=version).status_code == 403
    own.refresh_from_db()
    assert own.status == ReturnStatus.SUBMITTED


def test_a_providers_people_submit_for_their_own_services_only(
    client, sign_in, keystone, glos_services
):
    sign_in("keystone")
    refused = client.post(
        RETURNS,
        {"service_id": glos_services["sheltered"].pk, "period": "2009/10 Q2", **SHELTERED},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    page = reverse("performance:return-submit", args=["gloucestershire"])
    form = client.get(page)
    assert "GLOS-0018" in form.text
    assert "GLOS-0001" not in form.text
    chosen = client.post(
        page, {"service": glos_services["sheltered"].pk, "period": "2009/10 Q2", **SHELTERED}
    )
    assert chosen.status_code == 200  # the form again, naming the field
    assert "Select a valid choice" in chosen.text
    assert not QuarterlyReturn.objects.exists()
    made = client.post(
        RETURNS,
        {"service_id": keystone.pk, "period": "2009/10 Q2", **SHELTERED},
        content_type="application/json",
    )
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "submitted"  # the team validates it


def test_a_queried_return_is_answered_by_its_providers_people(
    client, sign_in, keystone, glos_services
):
    own = services.return_query(
        actor=None, quarterly_return=submit(keystone), question="Were 22 unit days void?"
    )
    other = services.return_query(
        actor=None, quarterly_return=submit(glos_services["sheltered"]), question="Why?"
    )
    sign_in("keystone")
    detail = client.get(reverse("performance:return-detail", args=["gloucestershire", own.pk]))
    assert "Answer the query and submit again" in detail.text
    page = reverse("performance:return-resubmit", args=["gloucestershire", own.pk])
    assert "Were 22 unit days void?" in client.get(page).text
    answered = client.post(page, {**SHELTERED, "unit_days_available": 2760})
    assert answered.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.unit_days_available) == (ReturnStatus.SUBMITTED, 2760)
    other_page = reverse("performance:return-resubmit", args=["gloucestershire", other.pk])
    assert client.get(other_page).status_code == 404
    version = "*"
    refused = client.post(
        f"{RETURNS}/{other.pk}/resubmit",
        SHELTERED,
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert refused.status_code == 404
    other.refresh_from_db()
    assert other.status == ReturnStatus.QUERIED


def test_the_benchmark_shows_a_provider_its_own_services_with_their_quartiles(
    client, sign_in, keystone, glos_services
):
    for service in (keystone, glos_services["sheltered"]):
        services.return_validate(actor=None, quarterly_return=submit(service), today=NOVEMBER)
    sign_in("keystone")
    rows = client.get(
        "/api/performance/partnerships/gloucestershire/benchmarks?period=2009/10 Q2"
    ).json()["items"]
    assert [row["service"] for row in rows] == ["GLOS-0018"]
    assert rows[0]["spi1"]["quartile"] == "too_few"  # two services of its type compare
    page = client.get(
        reverse("performance:benchmark", args=["gloucestershire"]) + "?period=2009/10 Q2"
    )
    assert page.status_code == 200
    assert "GLOS-0018" in page.text
    assert "GLOS-0001" not in page.text


def test_a_providers_people_see_nothing_else_of_the_partnership(
    client, sign_in, keystone, oxfordshire
):
    sign_in("keystone")
    for route in (
        "governance:partner-list",
        "governance:body-list",
        "commissioning:contract-list",
        "budget:pool-list",
        "complaints:complaint-list",
        "procurement:procurement-list",
    ):
        assert client.get(reverse(route, args=["gloucestershire"])).status_code == 403, route
    assert client.get("/api/performance/partnerships/gloucestershire/returns").status_code == 200
    # Nor another partnership's returns, where it is no provider's.
    assert client.get(reverse("performance:return-list", args=["oxfordshire"])).status_code == 403
    page = client.get(reverse("governance:partnership-detail", args=["gloucestershire"]))
    assert reverse("performance:return-list", args=["gloucestershire"]) in page.text
    assert reverse("governance:partner-list", args=["gloucestershire"]) not in page.text


def test_the_home_page_lists_the_providers_returns(client, sign_in, keystone):
    services.return_query(actor=None, quarterly_return=submit(keystone), question="Why?")
    sign_in("keystone")
    home = client.get(reverse("core:home"))
    assert "Your services&#x27; returns" in home.text or "Your services' returns" in home.text
    assert "1 queried: answer and submit again" in home.text


def test_a_term_that_ended_signs_in_for_the_provider_no_more(client, sign_in, keystone):
    from accord.commissioning.models import ProviderStaff

    term = ProviderStaff.objects.get(user__username="keystone")
    commissioning.provider_staff_end(actor=None, term=term, end_date=datetime.date(2009, 3, 31))
    sign_in("keystone")
    assert client.get(RETURNS).status_code == 403


def test_a_providers_lists_ask_the_same_number_of_queries_whatever_their_length(
    client, sign_in, keystone, django_assert_max_num_queries
):
    submit(keystone)
    sign_in("keystone")
    pages = [
        reverse("performance:return-list", args=["gloucestershire"]) + "?period=2009/10 Q2",
        reverse("performance:benchmark", args=["gloucestershire"]) + "?period=2009/10 Q2",
        f"{RETURNS}?period=2009/10 Q2",
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(20) as small:
            assert client.get(url).status_code == 200
        counts.append(len(small.captured_queries))
    for n in range(30, 40):
        made = submit(
            factories.ServiceFactory(provider=keystone.provider, reference=f"GLOS-{n:04d}")
        )
        services.return_validate(actor=None, quarterly_return=made, today=NOVEMBER)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def returns_file(*references: str) -> bytes:
    """A CSV of 2009/10 Q2 returns for those sheltered schemes, as the template is filled."""
    figures = ",".join(str(SHELTERED[name]) for name in list(SHELTERED))
    lines = [",".join(HEADER)]
    lines += [f"{reference},2009/10 Q2,{figures},n/a,n/a" for reference in references]
    return ("\n".join(lines) + "\n").encode()


def test_a_providers_people_upload_a_file_of_their_own_services_returns_submitted(
    client, sign_in, keystone, glos_services
):
    """For many services at once, a provider sends the template filled in (issue 18): a row
    for a service it does not provide is a problem of that row and nothing is stored; its
    own rows are submitted, for the programme team to query or validate."""
    sign_in("keystone")
    upload = "/api/performance/partnerships/gloucestershire/return-imports"
    refused = client.post(
        upload, {"file": SimpleUploadedFile("q2.csv", returns_file("GLOS-0018", "GLOS-0001"))}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["problems"] == [
        {
            "row": 3,
            "column": "service",
            "message": "GLOS-0001 is not one of your services: you may send returns only for "
            "the services your organisation provides",
        }
    ]
    assert not QuarterlyReturn.objects.exists()
    page = reverse("performance:return-import", args=["gloucestershire"])
    assert "the services your organisation provides" in client.get(page).text
    answer = client.post(
        page, {"file": SimpleUploadedFile("q2.csv", returns_file("GLOS-0018"))}, follow=True
    )
    assert "1 return submitted: the programme team will query or validate them" in answer.text
    stored = QuarterlyReturn.objects.get()
    assert (stored.service, stored.status, stored.validated_on) == (
        keystone,
        ReturnStatus.SUBMITTED,
        None,
    )
    event = AuditEvent.objects.get(
        object_type="performance.quarterlyreturn", object_id=str(stored.pk)
    )
    assert (event.action, event.actor_name) == ("return.submit", "keystone")


def test_a_providers_workbook_template_holds_its_own_services_only(client, sign_in, keystone):
    sign_in("keystone")
    answer = client.get(
        reverse("performance:return-template-xlsx", args=["gloucestershire"]),
        {"period": "2009/10 Q2"},
    )
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["GLOS-0018"]
