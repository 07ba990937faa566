"""Needs evidence in the JSON API: datasets and their figures (paged), read as the pages
read them (the public ones by anyone); the programme team adds, changes (If-Match) and
imports a CSV file, a bad file answered 422 with each problem's row and column in the
error shape, and nothing stored."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import Figure
from tests import factories
from tests.governance.register_data import partnership_with_officer

BASE = "/api/commissioning/partnerships/wychwood/evidence"
STROUD = "Stroud District Council"
GOOD = (
    "financial_year,district,client_group,category,value\n"
    f"2008/09,{STROUD},,Acceptances,80\n"
    f"2009/10,{STROUD},,Acceptances,71\n"
    "2009/10,,,Acceptances,12\n"
)
PAYLOAD: dict[str, Any] = {
    "kind": "homelessness",
    "title": "Statutory homelessness acceptances",
    "source": "The districts' P1E returns",
    "unit": "households",
    "description": "",
    "is_public": False,
}


@pytest.fixture
def wychwood(db):
    partnership = partnership_with_officer()
    factories.PartnerFactory(partnership=partnership, name=STROUD)
    return partnership


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


def upload(text: str | bytes) -> SimpleUploadedFile:
    content = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile("figures.csv", content, content_type="text/csv")


def created(client) -> dict[str, Any]:
    response = client.post(BASE, PAYLOAD, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_an_officer_adds_a_dataset_imports_a_file_and_reads_the_figures(officer):
    dataset = created(officer)
    assert dataset["figure_count"] == 0
    assert dataset["first_year"] is None
    response = officer.post(f"{BASE}/{dataset['id']}/figures", {"file": upload(GOOD)})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "dataset_id": dataset["id"],
        "figures": 3,
        "years": ["2008/09", "2009/10"],
        "replaced": 0,
    }
    read = officer.get(f"{BASE}/{dataset['id']}")
    assert read["ETag"]
    assert (read.json()["figure_count"], read.json()["last_year"]) == (3, "2009/10")
    figures = officer.get(f"{BASE}/{dataset['id']}/figures").json()
    assert figures["count"] == 3
    assert figures["items"][0] == {
        "id": figures["items"][0]["id"],
        "financial_year": "2008/09",
        "district_id": figures["items"][0]["district_id"],
        "district": STROUD,
        "client_group": None,
        "category": "Acceptances",
        "value": "80.00",
        "illustrative": [],
    }
    assert figures["items"][1]["district"] is None  # the whole area first in its year
    assert AuditEvent.objects.filter(action="dataset.import", actor_name="wychwood-officer")


def test_a_bad_file_is_answered_422_with_each_problem_and_nothing_is_stored(officer):
    dataset = created(officer)
    bad = GOOD + "2009/10,Swindon,,Acceptances,5\n2010/11,,99,,-4\n"
    response = officer.post(f"{BASE}/{dataset['id']}/figures", {"file": upload(bad)})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid_file", "file")
    assert error["problems"] == [
        {"row": 5, "column": "district", "message": "'Swindon' is not a district of this "
         "partnership"},
        {"row": 6, "column": "client_group", "message": "'99' is not a client group code (1 to "
         "21)"},
        {"row": 6, "column": "category", "message": "Enter the category, for example "
         "Acceptances or a priority need"},
        {"row": 6, "column": "value", "message": "A value cannot be negative"},
    ]  # fmt: skip
    assert not Figure.objects.exists()
    assert not AuditEvent.objects.filter(action="dataset.import").exists()


def test_an_import_without_a_file_names_the_field(officer):
    dataset = created(officer)
    response = officer.post(f"{BASE}/{dataset['id']}/figures", {})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "file"


def test_a_change_needs_the_version_read(officer):
    dataset = created(officer)
    address = f"{BASE}/{dataset['id']}"
    changed = {**PAYLOAD, "title": "Acceptances", "is_public": True}
    assert officer.put(address, changed, content_type="application/json").status_code == 428
    stale = officer.put(
        address, changed, content_type="application/json", headers={"If-Match": '"stale"'}
    )
    assert stale.status_code == 412
    etag = officer.get(address)["ETag"]
    response = officer.put(
        address, changed, content_type="application/json", headers={"If-Match": etag}
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["is_public"]) == ("Acceptances", True)


def test_bad_input_is_refused_naming_the_field(officer):
    response = officer.post(BASE, {**PAYLOAD, "unit": "hectares"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "unit"


def test_the_public_reads_public_datasets_and_changes_nothing(client, wychwood):
    private = services.dataset_create(actor=None, partnership=wychwood, **PAYLOAD)
    public = services.dataset_create(
        actor=None, partnership=wychwood, **{**PAYLOAD, "title": "Public", "is_public": True}
    )
    listed = client.get(BASE).json()
    assert [item["title"] for item in listed["items"]] == ["Public"]
    assert client.get(f"{BASE}/{public.pk}/figures").status_code == 200
    assert client.get(f"{BASE}/{private.pk}").status_code == 404
    assert client.get(f"{BASE}/{private.pk}/figures").status_code == 404
    assert client.post(f"{BASE}/{public.pk}/figures", {"file": upload(GOOD)}).status_code == 401
    assert client.post(BASE, PAYLOAD, content_type="application/json").status_code == 401


def test_the_figures_are_paged_in_constant_queries(client, wychwood, django_assert_max_num_queries):
    dataset: Any = factories.DatasetFactory(partnership=wychwood, is_public=True)
    factories.FigureFactory.create_batch(2, dataset=dataset)
    with django_assert_max_num_queries(20) as few:
        client.get(f"{BASE}/{dataset.pk}/figures")
    factories.FigureFactory.create_batch(60, dataset=dataset)
    with django_assert_max_num_queries(len(few)):
        page = client.get(f"{BASE}/{dataset.pk}/figures", {"limit": 200}).json()
    assert page["count"] == 62
    assert len(page["items"]) == 62
