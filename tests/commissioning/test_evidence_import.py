"""Importing a CSV file of needs evidence: a good file is stored at once, with one audit
event; a file with any bad cell is refused with every problem named by row and column,
and nothing from it is stored (issue 15 item 4)."""

from decimal import Decimal
from typing import Any

import pytest

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.evidence import MAX_BYTES, MAX_ROWS, FileRefused
from accord.commissioning.models import Figure
from tests import factories
from tests.governance.register_data import partnership_with_officer

HEADINGS = "financial_year,district,client_group,category,value\n"
# Gloucestershire's districts (seed 004 names Cheltenham Borough Council; the others are
# the demo's).
CHELTENHAM = "Cheltenham Borough Council"
STROUD = "Stroud District Council"


@pytest.fixture
def wychwood(db):
    partnership = partnership_with_officer()
    factories.PartnerFactory(partnership=partnership, name=CHELTENHAM)
    factories.PartnerFactory(partnership=partnership, name=STROUD)
    factories.PartnerFactory(
        partnership=partnership, name="Gloucestershire County Council", kind="county_council"
    )
    return partnership


@pytest.fixture
def acceptances(wychwood):
    return services.dataset_create(
        actor=None,
        partnership=wychwood,
        kind="homelessness",
        title="Statutory homelessness acceptances",
        source="The districts' P1E returns",
        unit="households",
    )


@pytest.fixture
def usage(wychwood):
    return services.dataset_create(
        actor=None,
        partnership=wychwood,
        kind="usage",
        title="People supported by client group",
        source="Client Record",
        unit="people",
    )


def run(dataset, text: str | bytes):
    content = text.encode() if isinstance(text, str) else text
    return services.dataset_import(actor=None, dataset=dataset, content=content, name="f.csv")


def problems_of(dataset, text: str | bytes) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(FileRefused) as refused:
        run(dataset, text)
    return [(p.row, p.column, p.message) for p in refused.value.problems]


GOOD = (
    HEADINGS
    + f"2009/10,{CHELTENHAM},,Acceptances,84\n"
    + f"2009/10,{STROUD},,Acceptances,71\n"
    + "2009/10,,,Acceptances,0\n"
    + f"2010/11,{CHELTENHAM.upper()},,Acceptances,91\n"
)


def test_a_good_file_is_stored_with_one_audit_event(acceptances):
    imported = run(acceptances, GOOD)
    assert (imported.figures, imported.years, imported.replaced) == (4, (2009, 2010), 0)
    figures = Figure.objects.filter(dataset=acceptances).order_by("financial_year", "value")
    assert [(f.financial_year, f.district and f.district.name, f.value) for f in figures] == [
        (2009, None, Decimal("0.00")),
        (2009, STROUD, Decimal("71.00")),
        (2009, CHELTENHAM, Decimal("84.00")),
        (2010, CHELTENHAM, Decimal("91.00")),  # the district's name in any case
    ]
    event = AuditEvent.objects.get(action="dataset.import")
    assert event.changes["figures"] == [0, 4]
    assert event.changes["years"] == [None, ["2009/10", "2010/11"]]
    assert figures[0].illustrative == []


def test_a_file_replaces_only_the_years_it_covers(acceptances):
    run(acceptances, GOOD)
    imported = run(acceptances, HEADINGS + f"2010/11,{STROUD},,Acceptances,60\n")
    assert imported.replaced == 1
    assert sorted(
        Figure.objects.filter(dataset=acceptances).values_list("financial_year", "value")
    ) == [
        (2009, Decimal("0.00")),
        (2009, Decimal("71.00")),
        (2009, Decimal("84.00")),
        (2010, Decimal("60.00")),
    ]


def test_a_spreadsheets_byte_order_mark_and_crlf_lines_are_read(acceptances):
    content = ("\ufeff" + GOOD).replace("\n", "\r\n").encode()
    assert run(acceptances, content).figures == 4


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("2009/10,Swindon Borough Council,,Acceptances,5", "district", "not a district"),
        # The county council is a partner but not a district.
        ("2009/10,Gloucestershire County Council,,Acceptances,5", "district", "not a district"),
        (f"2009/11,{STROUD},,Acceptances,5", "financial_year", "not a financial year"),
        (f"last year,{STROUD},,Acceptances,5", "financial_year", "not a financial year"),
        (f",{STROUD},,Acceptances,5", "financial_year", "Enter the financial year"),
        (f"2009/10,{STROUD},,Acceptances,many", "value", "is not a number"),
        (f"2009/10,{STROUD},,Acceptances,NaN", "value", "is not a number"),
        (f"2009/10,{STROUD},,Acceptances,-3", "value", "cannot be negative"),
        (f"2009/10,{STROUD},,Acceptances,3.5", "value", "enter a whole number"),
        (f"2009/10,{STROUD},,Acceptances,", "value", "Enter a value"),
        (f"2009/10,{STROUD},,Acceptances,1e20", "value", "too large"),
        (f"2009/10,{STROUD},22,Acceptances,5", "client_group", "not a client group code"),
        (f"2009/10,{STROUD},older,Acceptances,5", "client_group", "not a client group code"),
        (f"2009/10,{STROUD},,,5", "category", "Enter the category"),
        (f"2009/10,{STROUD},,{'x' * 101},5", "category", "at most 100 characters"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_stored(
    acceptances, line, column, message
):
    text = HEADINGS + f"2008/09,{CHELTENHAM},,Acceptances,90\n" + line + "\n"
    problems = problems_of(acceptances, text)
    assert len(problems) == 1
    row, named, said = problems[0]
    assert (row, named) == (3, column)  # the headings are row 1
    assert message in said
    assert not Figure.objects.exists()
    assert not AuditEvent.objects.filter(action="dataset.import").exists()


def test_every_bad_cell_of_every_row_is_reported(acceptances):
    text = (
        HEADINGS
        + "2008/09,Swindon,,Acceptances,-1\n"
        + f"2008/09,{STROUD},,Acceptances,4\n"
        + "2008/9,,0,Acceptances,x\n"
    )
    assert problems_of(acceptances, text) == [
        (2, "district", "'Swindon' is not a district of this partnership"),
        (2, "value", "A value cannot be negative"),
        (4, "financial_year", "'2008/9' is not a financial year: write it as 2004/05"),
        (4, "client_group", "'0' is not a client group code (1 to 21)"),
        (4, "value", "'x' is not a number"),
    ]


def test_a_duplicate_row_names_the_row_it_repeats(acceptances):
    text = (
        HEADINGS
        + f"2008/09,{STROUD},,Acceptances,4\n"
        + f"2008/09,{CHELTENHAM},,Acceptances,4\n"
        + f"2008-09,{STROUD.lower()},,acceptances,5\n"
    )
    assert problems_of(acceptances, text) == [
        (4, None, "The same year, district, client group and category as row 2")
    ]


def test_usage_needs_a_client_group_and_a_whole_number_of_people(usage):
    text = HEADINGS + "2008/09,,,,4\n" + "2008/09,,7,,4.25\n"
    assert problems_of(usage, text) == [
        (2, "client_group", "Enter the client group code: usage is counted by client group"),
        (3, "value", "This dataset counts people, households or units: enter a whole number"),
    ]


def test_missing_and_unknown_headings_are_refused(acceptances):
    text = "year,district,client_group,category,value,notes\n2008/09,,,Acceptances,4\n"
    assert problems_of(acceptances, text) == [
        (
            1,
            None,
            "The headings lack financial_year: the first row must name the columns "
            "financial_year, district, client_group, category, value",
        ),
        (1, None, "Unknown column headings: year, notes"),
    ]


def test_a_row_with_too_many_or_too_few_cells_is_refused(acceptances):
    text = HEADINGS + "2008/09,,,Acceptances,4,extra\n2008/09,,,Acceptances\n"
    assert [row for row, _, _ in problems_of(acceptances, text)] == [2, 3]


LATIN_1 = "financial_year,district,client_group,category,value\n2008/09,Ch\xe2teau,,A,4\n".encode(
    "latin-1"
)


LATIN_1 = (HEADINGS + "2008/09,Ch\xe2teau,,A,4\n").encode("latin-1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (LATIN_1, "not UTF-8 text"),
        (b"%PDF-1.4\x00\x01\x02binary", "not a CSV file"),
        (b"", "The file is empty"),
        (HEADINGS.encode(), "no figures"),
        (b'financial_year,district,client_group,category,value\n"2008/09,,,A,4\n', "not a CSV"),
        (b"x" * (MAX_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_a_file_that_is_not_utf8_csv_or_too_large_is_refused(acceptances, content, message):
    problems = problems_of(acceptances, content)
    assert len(problems) == 1
    assert message in problems[0][2]
    assert not Figure.objects.exists()


def test_a_file_of_too_many_rows_is_refused(acceptances):
    text = HEADINGS + "2008/09,,,Acceptances,4\n" * (MAX_ROWS + 1)
    assert problems_of(acceptances, text) == [
        (None, None, "The file has more than 20,000 rows: split it by year")
    ]


def test_a_refused_file_leaves_the_figures_held_as_they_were(acceptances):
    run(acceptances, GOOD)
    before = list(Figure.objects.values_list("pk", "value"))
    problems_of(acceptances, HEADINGS + f"2009/10,{STROUD},,Acceptances,-1\n")
    assert list(Figure.objects.values_list("pk", "value")) == before
    assert AuditEvent.objects.filter(action="dataset.import").count() == 1


def test_a_dataset_holding_figures_keeps_its_kind_and_unit(acceptances):
    from django.core.exceptions import ValidationError

    run(acceptances, GOOD)
    values: dict[str, Any] = {
        "kind": "homelessness",
        "title": "Acceptances",
        "source": "P1E",
        "unit": "people",
    }
    with pytest.raises(ValidationError) as refused:
        services.dataset_update(actor=None, dataset=acceptances, **values)
    assert "unit" in refused.value.message_dict
    services.dataset_update(actor=None, dataset=acceptances, **{**values, "unit": "households"})
    acceptances.refresh_from_db()
    assert acceptances.title == "Acceptances"


def test_two_datasets_of_one_partnership_cannot_share_a_title(wychwood, acceptances):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.dataset_create(
            actor=None,
            partnership=wychwood,
            kind="projection",
            title="statutory homelessness acceptances",
            source="x",
            unit="people",
        )
    assert "title" in refused.value.message_dict
