"""A file of returns uploaded on the returns page or through the API, CSV or XLSX, checked
and stored as `accord performance import` does (validated, all or nothing, every problem
by row and column), the partnership's services only; and the template as a workbook."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accord.audit.models import AuditEvent
from accord.performance.imports import HEADER, UPLOAD_MAX_BYTES
from accord.performance.models import QuarterlyReturn, ReturnStatus
from tests import factories

Q2 = "2009/10 Q2"
SHELTERED = ["GLOS-0001", Q2, 2760.0, 2738.0, 2760, 2590, 27, 28, "n/a", "n/a"]
FLOATING = ["GLOS-0002", Q2, None, None, 4600, 4301, None, None, 9, 12]
API = "/api/performance/partnerships/gloucestershire/return-imports"


@pytest.fixture
def officers(gloucestershire, oxfordshire):
    factories.ProgrammeOfficerFactory(partnership=gloucestershire, user__username="officer")
    factories.ProgrammeOfficerFactory(partnership=oxfordshire, user__username="other-officer")


def xlsx(*rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(*rows) -> bytes:
    lines = [",".join(HEADER)] + [",".join("" if c is None else str(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def upload_page(client, content: bytes, name: str):
    return client.post(
        reverse("performance:return-import", args=["gloucestershire"]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("returns.xlsx", xlsx(SHELTERED, FLOATING)),
        (
            "returns.csv",
            csv_bytes(["GLOS-0001", Q2, 2760, 2738, 2760, 2590, 27, 28, "n/a", "n/a"], FLOATING),
        ),
    ],
)
def test_the_officer_uploads_a_file_of_returns_on_the_page(
    client, sign_in, officers, glos_services, name, content
):
    sign_in("officer")
    answer = upload_page(client, content, name)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("performance:return-list", args=["gloucestershire"])
    assert sorted(QuarterlyReturn.objects.values_list("status", flat=True)) == [
        ReturnStatus.VALIDATED,
        ReturnStatus.VALIDATED,
    ]
    events = AuditEvent.objects.filter(action="return.import")
    assert events.count() == 2
    assert {event.actor_id for event in events} != {None}  # the officer, by name
    assert "2 returns stored, validated" in client.get(answer["Location"]).text


def test_a_bad_workbook_on_the_page_lists_every_problem_and_stores_nothing(
    client, sign_in, officers, glos_services
):
    sign_in("officer")
    bad = list(SHELTERED)
    bad[HEADER.index("unit_days_available")] = 2737.5
    worse = list(FLOATING)
    worse[HEADER.index("support_days_used")] = "lots"
    answer = upload_page(client, xlsx(bad, worse), "returns.xlsx")
    assert answer.status_code == 200
    page = answer.text
    assert "The file was not imported: 2 problems" in page
    assert "Row 2, column unit_days_available: &#x27;2737.5&#x27; is not a whole number" in page
    assert "Row 3, column support_days_used: &#x27;lots&#x27; is not a whole number" in page
    assert not QuarterlyReturn.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="return.").exists()


def test_a_damaged_workbook_on_the_page_says_so_in_one_line(
    client, sign_in, officers, glos_services
):
    sign_in("officer")
    answer = upload_page(client, b"PK\x03\x04 broken", "returns.xlsx")
    assert answer.status_code == 200
    assert "not an XLSX workbook, or a damaged one" in answer.text
    assert not QuarterlyReturn.objects.exists()


def test_the_api_imports_a_workbook(client, sign_in, officers, glos_services):
    sign_in("officer")
    answer = client.post(API, {"file": SimpleUploadedFile("q2.xlsx", xlsx(SHELTERED, FLOATING))})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["stored"] == 2
    assert [(r["service"], r["status"]) for r in body["returns"]] == [
        ("GLOS-0001", "validated"),
        ("GLOS-0002", "validated"),
    ]


def test_the_api_answers_422_listing_every_problem(client, sign_in, officers, glos_services):
    sign_in("officer")
    factories.ServiceFactory(
        provider=factories.ProviderFactory(partnership__slug="elsewhere"), reference="OXON-0001"
    )
    other = ["OXON-0001", Q2, 1, 1, 1, 1, 1, 1, None, None]
    repeated = list(SHELTERED)
    answer = client.post(
        API, {"file": SimpleUploadedFile("q2.xlsx", xlsx(SHELTERED, other, repeated))}
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert (error["code"], error["field"]) == ("invalid_file", "file")
    assert error["problems"] == [
        # Another partnership's service is not this partnership's to import.
        {"row": 3, "column": "service", "message": "no service has the reference 'OXON-0001'"},
        {"row": 4, "column": "service", "message": "GLOS-0001 2009/10 Q2 is also in row 2"},
    ]
    assert not QuarterlyReturn.objects.exists()


def test_the_api_refuses_a_wrong_header_and_a_return_that_exists(
    client, sign_in, officers, glos_services
):
    sign_in("officer")
    wrong = client.post(API, {"file": SimpleUploadedFile("q2.xlsx", xlsx(header=HEADER[:-1]))})
    assert wrong.status_code == 422
    assert "the header row is not the format's" in wrong.json()["error"]["message"]
    assert wrong.json()["error"]["problems"] == []
    assert (
        client.post(API, {"file": SimpleUploadedFile("a.csv", csv_bytes(FLOATING))}).status_code
        == 201
    )
    again = client.post(API, {"file": SimpleUploadedFile("a.csv", csv_bytes(FLOATING))})
    assert again.status_code == 422
    assert again.json()["error"]["problems"] == [
        {
            "row": 2,
            "column": "service",
            "message": "GLOS-0002 already has a return for 2009/10 Q2 "
            "(to replace it, replace that return on its page)",
        }
    ]


def test_a_file_over_the_limit_is_refused(client, sign_in, officers, glos_services):
    sign_in("officer")
    big = csv_bytes(FLOATING) + b" " * UPLOAD_MAX_BYTES
    answer = client.post(API, {"file": SimpleUploadedFile("big.csv", big)})
    assert answer.status_code == 422
    assert "larger than 5 MB" in answer.json()["error"]["message"]


def test_another_partnerships_officer_cannot_upload(client, sign_in, officers, glos_services):
    sign_in("other-officer")
    answer = client.post(API, {"file": SimpleUploadedFile("q2.xlsx", xlsx(SHELTERED))})
    assert answer.status_code in (403, 404)
    assert upload_page(client, xlsx(SHELTERED), "q2.xlsx").status_code in (403, 404)
    assert not QuarterlyReturn.objects.exists()


def test_the_template_as_a_workbook_has_the_csvs_rows_and_reads_back(
    client, sign_in, officers, glos_services
):
    sign_in("officer")
    query = "?period=2009/10 Q2"
    csv_answer = client.get(
        reverse("performance:return-template", args=["gloucestershire"]) + query
    )
    answer = client.get(
        reverse("performance:return-template-xlsx", args=["gloucestershire"]) + query
    )
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "accord-gloucestershire-returns-2009-q2.xlsx" in answer["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    rows = [[cell or "" for cell in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    csv_rows = [line.split(",") for line in csv_answer.content.decode("utf-8-sig").splitlines()]
    assert rows == csv_rows
    assert rows[0] == list(HEADER)
    assert rows[2][:4] == ["GLOS-0002", Q2, "n/a", "n/a"]
    # Filled in, the workbook imports.
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book.worksheets[0]
    for column, value in zip("CDEFGH", [2760, 2738, 2760, 2590, 27, 28], strict=True):
        sheet[f"{column}2"] = value
    for column, value in zip("EFIJ", [4600, 4301, 9, 12], strict=True):
        sheet[f"{column}3"] = value
    for column, value in zip("CDEFIJ", [1380, 1200, 1380, 1150, 7, 10], strict=True):
        sheet[f"{column}4"] = value
    out = io.BytesIO()
    book.save(out)
    imported = client.post(API, {"file": SimpleUploadedFile("filled.xlsx", out.getvalue())})
    assert imported.status_code == 201, imported.text
    assert imported.json()["stored"] == 3
