"""The needs evidence pages: members and the programme team read every dataset, the public
the public ones; the programme team adds datasets and imports files, a bad file refused
with each problem listed by row and column and nothing stored; charts with the table
beside them; list and dataset pages whose queries do not grow with the data."""

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import Dataset, Figure
from tests import factories
from tests.governance.register_data import partnership_with_officer

HEADINGS = "financial_year,district,client_group,category,value\n"
CHELTENHAM = "Cheltenham Borough Council"
STROUD = "Stroud District Council"
GOOD = (
    HEADINGS
    + f"2008/09,{CHELTENHAM},,Acceptances,94\n"
    + f"2008/09,{STROUD},,Acceptances,80\n"
    + f"2009/10,{CHELTENHAM},,Acceptances,84\n"
    + f"2009/10,{STROUD},,Acceptances,71\n"
)
FORM: dict[str, Any] = {
    "kind": "homelessness",
    "title": "Statutory homelessness acceptances",
    "source": "The districts' P1E returns",
    "unit": "households",
    "description": "",
}


@pytest.fixture
def wychwood(db):
    partnership = partnership_with_officer()
    factories.PartnerFactory(partnership=partnership, name=CHELTENHAM)
    factories.PartnerFactory(partnership=partnership, name=STROUD)
    return partnership


def dataset_of(partnership, *, public: bool = False, title: str = FORM["title"]) -> Dataset:
    dataset = services.dataset_create(
        actor=None, partnership=partnership, **{**FORM, "title": title, "is_public": public}
    )
    services.dataset_import(actor=None, dataset=dataset, content=GOOD.encode())
    return dataset


@pytest.fixture
def member(wychwood):
    """A person sitting on the partnership's board (not on its programme team)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("wychwood-member", password="x" * 16)
    seat: Any = factories.MembershipFactory(body=factories.BodyFactory(partnership=wychwood))
    seat.person.user = user
    seat.person.save()
    return user


def url(name, partnership, *args):
    return reverse(f"commissioning:{name}", args=[partnership.slug, *args])


def upload(text: str | bytes, name: str = "acceptances.csv") -> SimpleUploadedFile:
    content = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_an_officer_adds_a_dataset_and_imports_its_figures(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    response = client.post(url("dataset-create", wychwood), FORM)
    dataset = Dataset.objects.get(partnership=wychwood)
    assert response["Location"] == url("dataset-import", wychwood, dataset.pk)
    form = client.get(response["Location"]).content.decode()
    assert "Download a template CSV file" in form
    assert 'enctype="multipart/form-data"' in form

    response = client.post(url("dataset-import", wychwood, dataset.pk), {"file": upload(GOOD)})
    assert response["Location"] == url("dataset-detail", wychwood, dataset.pk)
    assert Figure.objects.filter(dataset=dataset).count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "4 figures imported for 2008/09, 2009/10" in page
    assert AuditEvent.objects.filter(action="dataset.import", actor_name="wychwood-officer")


def test_a_bad_file_lists_each_problem_by_row_and_column_and_stores_nothing(
    client, sign_in, wychwood
):
    dataset = dataset_of(wychwood)
    before = list(Figure.objects.values_list("pk", flat=True))
    sign_in("wychwood-officer")
    bad = (
        HEADINGS
        + "2010/11,Swindon,,Acceptances,5\n"
        + f"2010/11,{STROUD},,Acceptances,-2\n"
        + f"2010/11,{STROUD},40,Acceptances,lots\n"
    )
    response = client.post(url("dataset-import", wychwood, dataset.pk), {"file": upload(bad)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Import figures" in page
    assert "The file was not imported: 4 problems" in page
    assert "Row 2, column district: &#x27;Swindon&#x27; is not a district" in page
    assert "Row 3, column value: A value cannot be negative" in page
    assert "Row 4, column client_group: &#x27;40&#x27; is not a client group code" in page
    assert "Row 4, column value: &#x27;lots&#x27; is not a number" in page
    assert "Nothing from the file was stored" in page
    assert list(Figure.objects.values_list("pk", flat=True)) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("\u00e9t\u00e9".encode("utf-16"), "not UTF-8 text"),
        ("title,value\n2008/09,4\n", "The headings lack financial_year, district"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(client, sign_in, wychwood, content, message):
    dataset = dataset_of(wychwood)
    sign_in("wychwood-officer")
    page = client.post(
        url("dataset-import", wychwood, dataset.pk), {"file": upload(content)}
    ).content.decode()
    assert message in page
    assert Figure.objects.count() == 4


def test_the_import_form_asks_for_a_file(client, sign_in, wychwood):
    dataset = dataset_of(wychwood)
    sign_in("wychwood-officer")
    page = client.post(url("dataset-import", wychwood, dataset.pk), {}).content.decode()
    assert "Choose the CSV file to import" in page


def test_the_dataset_page_shows_its_chart_with_the_table_beside_it(client, sign_in, wychwood):
    dataset = dataset_of(wychwood)
    sign_in("wychwood-officer")
    page = client.get(url("dataset-detail", wychwood, dataset.pk)).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2  # the line and bars
    assert "<title" in page
    assert "<desc" in page
    assert "The figures in the charts (households), by district and financial year" in page
    # The table: a row a district, a column a year, and the totals.
    assert f'<th scope="row" class="govuk-table__header">{CHELTENHAM}</th>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric"><strong>155</strong>' in page
    assert "Illustrative figures" not in page  # an officer's import is not illustrative


def test_the_dataset_page_breaks_down_by_category_and_one_district(client, sign_in, wychwood):
    dataset = dataset_of(wychwood)
    stroud = wychwood_partner(wychwood, STROUD)
    sign_in("wychwood-officer")
    page = client.get(
        url("dataset-detail", wychwood, dataset.pk), {"by": "category", "district": stroud.pk}
    ).content.decode()
    assert "the whole area" not in page.split("<h2", 1)[1].split("</h2>")[0]
    assert f"{STROUD}, by category" in page
    assert '<th scope="row" class="govuk-table__header">Acceptances</th>' in page
    assert ">80<" in page
    assert ">94<" not in page  # Cheltenham's


def wychwood_partner(partnership, name):
    from accord.governance.models import Partner

    return Partner.objects.get(partnership=partnership, name=name)


def test_the_public_reads_only_public_datasets(client, wychwood):
    private = dataset_of(wychwood, title="Private acceptances")
    public = dataset_of(wychwood, public=True, title="Public acceptances")
    listing = client.get(url("dataset-list", wychwood)).content.decode()
    assert "Public acceptances" in listing
    assert "Private acceptances" not in listing
    assert client.get(url("dataset-detail", wychwood, public.pk)).status_code == 200
    assert client.get(url("dataset-detail", wychwood, private.pk)).status_code == 404
    assert client.get(url("dataset-export", wychwood, private.pk)).status_code == 404
    assert client.get(url("dataset-import", wychwood, public.pk)).status_code == 403


def test_a_member_reads_every_dataset_but_changes_none(client, sign_in, wychwood, member):
    private = dataset_of(wychwood, title="Private acceptances")
    sign_in("wychwood-member")
    assert "Private acceptances" in client.get(url("dataset-list", wychwood)).content.decode()
    assert client.get(url("dataset-detail", wychwood, private.pk)).status_code == 200
    assert client.get(url("dataset-create", wychwood)).status_code == 403
    assert client.get(url("dataset-update", wychwood, private.pk)).status_code == 403
    response = client.post(url("dataset-import", wychwood, private.pk), {"file": upload(GOOD)})
    assert response.status_code == 403


def test_the_csv_download_imports_again_as_it_is(client, sign_in, wychwood):
    dataset = dataset_of(wychwood)
    sign_in("wychwood-officer")
    download = client.get(url("dataset-export", wychwood, dataset.pk))
    assert download["Content-Disposition"].startswith('attachment; filename="accord-wychwood-')
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["financial_year", "district", "client_group", "category", "value",
                       "illustrative"]  # fmt: skip
    assert rows[1] == ["2008/09", CHELTENHAM, "", "Acceptances", "94.00", ""]
    again = services.dataset_import(actor=None, dataset=dataset, content=download.content)
    assert (again.figures, again.replaced) == (4, 4)


def test_the_template_names_the_columns_and_the_districts(client, sign_in, wychwood):
    dataset = dataset_of(wychwood)
    sign_in("wychwood-officer")
    rows = list(
        csv.reader(
            io.StringIO(client.get(url("dataset-template", wychwood, dataset.pk)).content.decode())
        )
    )
    assert rows[0] == ["financial_year", "district", "client_group", "category", "value"]
    assert rows[1] == ["2010/11", CHELTENHAM, "", "Acceptances", "0"]


def test_the_dataset_form_refuses_bad_input_naming_the_field(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    page = client.post(
        url("dataset-create", wychwood), {**FORM, "unit": "hectares", "title": ""}
    ).content.decode()
    assert "Enter the title" in page
    assert "Select a valid choice" in page
    assert not Dataset.objects.exists()


def test_the_list_page_queries_do_not_grow_with_the_datasets(
    client, wychwood, django_assert_max_num_queries
):
    for i in range(2):
        factories.FigureFactory(dataset__partnership=wychwood, dataset__is_public=True)
        factories.DatasetFactory(partnership=wychwood, title=f"Small {i}", is_public=True)
    with django_assert_max_num_queries(40) as few:
        client.get(url("dataset-list", wychwood))
    queries_with_two = len(few)
    for i in range(30):
        factories.FigureFactory(dataset__partnership=wychwood, dataset__is_public=True)
        factories.DatasetFactory(partnership=wychwood, title=f"Large {i}", is_public=True)
    with django_assert_max_num_queries(queries_with_two):
        page = client.get(url("dataset-list", wychwood)).content.decode()
    assert "64 datasets" in page


def test_the_dataset_page_queries_do_not_grow_with_its_figures(
    client, sign_in, wychwood, django_assert_max_num_queries
):
    dataset: Any = factories.DatasetFactory(partnership=wychwood, is_public=True)
    for i in range(2):
        factories.FigureFactory(dataset=dataset, category=f"Small {i}")
    with django_assert_max_num_queries(40) as few:
        client.get(url("dataset-detail", wychwood, dataset.pk), {"by": "category"})
    queries_with_two = len(few)
    for i in range(300):
        factories.FigureFactory(
            dataset=dataset, category=f"Large {i % 30}", financial_year=2003 + i // 30
        )
    with django_assert_max_num_queries(queries_with_two):
        page = client.get(url("dataset-detail", wychwood, dataset.pk), {"by": "category"})
    assert "Large 29" in page.content.decode()
