"""The server-drawn charts: valid SVG that an XML parser reads, named and described for
assistive technology by its own <title> and <desc>, drawn with presentation attributes
only (the CSP refuses inline styles and scripts), every label escaped."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from accord.core.charts import Series, bar_chart, line_chart, nice_ticks, plain_number

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """An XML parser's reading of the chart: our own output, not input from anyone."""
    return ET.fromstring(svg)  # noqa: S314


YEARS = ["2003/04", "2004/05", "2005/06", "2006/07"]
SERIES = [
    Series("Cheltenham Borough Council", (Decimal(236), Decimal(218), None, Decimal(144))),
    Series("Stroud <District> & Council", (Decimal(201), Decimal(186), Decimal(159), 0)),
]


def line() -> str:
    return line_chart(
        title="Acceptances, 2003/04 to 2006/07",
        description="Acceptances fell in both districts.",
        labels=YEARS,
        series=SERIES,
        unit="Households",
    )


def bar() -> str:
    return bar_chart(
        title="Acceptances in 2006/07 by district",
        description="Cheltenham accepted the most.",
        labels=[s.name for s in SERIES],
        series=[Series("2006/07", (Decimal(144), Decimal("159.50")))],
        unit="Households",
    )


@pytest.mark.parametrize("draw", [line, bar])
def test_a_chart_is_valid_svg_with_its_title_and_description_as_its_name(draw):
    svg = parse(draw())
    assert svg.tag == f"{NS}svg"
    assert svg.get("role") == "img"
    title, desc = svg[0], svg[1]
    assert (title.tag, desc.tag) == (f"{NS}title", f"{NS}desc")
    assert title.text
    assert desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert svg.get("viewBox")


@pytest.mark.parametrize("draw", [line, bar])
def test_a_chart_has_no_style_and_no_script(draw):
    svg = parse(draw())
    elements = list(svg.iter())
    assert not [e.tag for e in elements if e.tag in {f"{NS}style", f"{NS}script"}]
    assert not [e.tag for e in elements if "style" in e.attrib]
    assert not [
        (e.tag, name) for e in elements for name in e.attrib if name.lower().startswith("on")
    ]
    assert "href" not in draw()


def test_labels_are_escaped_not_markup():
    text = line()
    assert "Stroud &lt;District&gt; &amp; Council" in text
    assert "<District>" not in text


def test_a_missing_value_breaks_the_line_and_has_no_point():
    svg = parse(line())
    paths = [p.get("d", "") for p in svg.iter(f"{NS}path")]
    first = paths[0]
    assert first.count("M") == 2  # the line starts again after 2005/06's gap
    points = list(svg.iter(f"{NS}circle"))
    assert len(points) == 3 + 4
    tips = [c.findtext(f"{NS}title") for c in points]
    assert "Cheltenham Borough Council, 2006/07: 144" in tips
    assert "Stroud <District> & Council, 2006/07: 0" in tips


def test_series_differ_by_pattern_as_well_as_colour():
    svg = parse(line())
    paths = list(svg.iter(f"{NS}path"))
    assert paths[0].get("stroke-dasharray") is None
    assert paths[1].get("stroke-dasharray") == "8 4"
    legend = [t.text for t in svg.iter(f"{NS}text")]
    assert "Cheltenham Borough Council" in legend


def test_a_bar_is_drawn_for_each_value_with_the_value_written_beside_it():
    svg = parse(bar())
    bars = [r for r in svg.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert [b.findtext(f"{NS}title") for b in bars] == [
        "2006/07, Cheltenham Borough Council: 144",
        "2006/07, Stroud <District> & Council: 159.5",
    ]
    assert float(bars[1].get("width", "0")) > float(bars[0].get("width", "0"))
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert "159.5" in texts


def test_the_same_chart_has_the_same_ids_and_another_chart_others():
    assert line() == line()
    first = parse(line())[0].get("id")
    second = parse(bar())[0].get("id")
    assert first != second


def test_a_chart_of_nothing_still_draws():
    svg = parse(line_chart(title="Nothing", description="No figures yet.", labels=[], series=[]))
    assert svg[0].text == "Nothing"


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 236, [0, 50, 100, 150, 200, 250]),
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0, 29_200_000, [0, 10e6, 20e6, 30e6]),
    ],
)
def test_ticks_are_round_numbers_covering_the_values(low, high, expected):
    assert nice_ticks(low, high) == pytest.approx(expected)


def test_numbers_are_written_as_people_read_them():
    assert plain_number(Decimal("29200000.00")) == "29,200,000"
    assert plain_number(Decimal("12.50")) == "12.5"
    assert plain_number(0) == "0"
