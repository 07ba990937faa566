"""Charts drawn on the server as SVG: a line chart of values over time and a bar chart of
values by label, each to be shown with its data table beside it.

Every chart is one ``<svg role="img">`` whose accessible name and description are its own
``<title>`` and ``<desc>`` (``aria-labelledby``), so a screen reader announces the chart
and then reads the table beside it. It is drawn with presentation attributes only
(``fill``, ``stroke``, ``font-size``...): no ``style`` attribute, no ``<style>`` element
and no script, since the Content-Security-Policy refuses inline styles and scripts. Series
differ by colour and by dash pattern or marker, not by colour alone.

Use::

    from accord.core.charts import Series, bar_chart, line_chart

    svg = line_chart(
        title="Homelessness acceptances, 2003/04 to 2010/11",
        description="Acceptances fell from 1,450 in 2003/04 to 610 in 2010/11.",
        labels=["2003/04", "2004/05"],
        series=[Series("Whole area", (Decimal(1450), Decimal(1200)))],
        unit="households",
    )

and in a template ``{{ svg }}`` (the result is already safe HTML). ``bar_chart`` takes the
same arguments and draws horizontal bars, one band per label and one bar per series.

Why not a library: pygal, the best-known Python SVG charting library, always writes a
``<style>`` element into its SVG (its series are coloured by CSS classes) and a
``<script>`` setting ``window.config``, both of which the CSP refuses; stripping them
leaves every series black. The drawing here is a few hundred lines of ElementTree, whose
serialiser escapes every label.
"""

import hashlib
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
Number = Decimal | int | float

# GOV.UK Frontend's colours (blue, red, green, purple, pink, dark grey, brown, black):
# each at least 3:1 against white for graphics (WCAG 2.2 1.4.11).
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#912b88", "#505a5f", "#7a5a1e", "#0b0c0c")
# Line patterns, so that series differ without colour (stroke-dasharray values).
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "12 4 4 4", "1 5", "6 2")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
FONT = "arial, sans-serif"


@dataclass(frozen=True)
class Series:
    """A named run of values, one per label of the chart (None where there is none)."""

    name: str
    values: Sequence[Number | None]


def plain_number(value: Number) -> str:
    """1234567 -> "1,234,567"; 12.5 -> "12.5"; pence only where there are any."""
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.normalize():,f}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round-numbered ticks (1, 2 or 5 times a power of ten apart) covering low to high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    tick = start
    while tick < high + step / 2:
        ticks.append(round(tick, 10))
        tick += step
        if ticks[-1] >= high:
            break
    return ticks


def short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class Drawing:
    """An SVG document being drawn: its root, and a helper to add elements with
    presentation attributes (numbers rounded, names with dashes)."""

    def __init__(self, *, title: str, description: str, width: int, height: int, ident: str):
        self.root = ET.Element(
            "svg",
            {
                "xmlns": SVG_NAMESPACE,
                "viewBox": f"0 0 {width} {height}",
                "width": "100%",
                "role": "img",
                "aria-labelledby": f"{ident}-title {ident}-desc",
                "font-family": FONT,
                "font-size": "14",
                "fill": TEXT,
                "class": "accord-chart",
            },
        )
        ET.SubElement(self.root, "title", {"id": f"{ident}-title"}).text = title
        ET.SubElement(self.root, "desc", {"id": f"{ident}-desc"}).text = description
        ET.SubElement(
            self.root, "rect", {"width": str(width), "height": str(height), "fill": "#ffffff"}
        )

    def add(
        self, parent: ET.Element | None, tag: str, text: str = "", **attributes: object
    ) -> ET.Element:
        values = {
            name.rstrip("_").replace("_", "-"): (
                f"{value:.1f}" if isinstance(value, float) else str(value)
            )
            for name, value in attributes.items()
            if value not in (None, "")
        }
        element = ET.SubElement(self.root if parent is None else parent, tag, values)
        if text:
            element.text = text
        return element

    def svg(self) -> SafeString:
        # ElementTree escapes every text and attribute: the labels are data, never markup.
        return mark_safe(ET.tostring(self.root, encoding="unicode"))  # noqa: S308


def identifier(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """A stable id for the chart's title and description (the same chart, the same id),
    different for charts of different content on one page."""
    content = repr((title, list(labels), [(s.name, [str(v) for v in s.values]) for s in series]))
    return "chart-" + hashlib.sha256(content.encode()).hexdigest()[:10]


def value_range(series: Sequence[Series]) -> tuple[float, float]:
    values = [float(v) for s in series for v in s.values if v is not None]
    if not values:
        return 0.0, 1.0
    return min(0.0, min(values)), max(values)


def legend(
    drawing: Drawing, series: Sequence[Series], *, x: float, y: float, width: float, line: bool
) -> float:
    """The series' names with their colour and pattern, in rows; the height it takes."""
    if len(series) < 2:
        return 0
    column = x
    row = y
    for index, each in enumerate(series):
        label = short(each.name, 32)
        item_width = 34 + 7.5 * len(label) + 20
        if column + item_width > x + width and column > x:
            column = x
            row += 22
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        if line:
            drawing.add(None, "line", x1=column, y1=row + 7.0, x2=column + 26.0, y2=row + 7.0,
                        stroke=colour, stroke_width=3, stroke_dasharray=dash)  # fmt: skip
        else:
            drawing.add(None, "rect", x=column, y=row, width=26, height=14, fill=colour)
        drawing.add(None, "text", label, x=column + 32.0, y=row + 12.0)
        column += item_width
    return row - y + 30


def line_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    number: Callable[[Number], str] = plain_number,
    width: int = 720,
    height: int = 360,
    ident: str = "",
) -> SafeString:
    """Values over ``labels`` (years, usually) as lines, one per series, with a legend when
    there are two or more. ``unit`` names the vertical axis; ``number`` writes its ticks."""
    ident = ident or identifier(title, labels, series)
    drawing = Drawing(title=title, description=description, width=width, height=height, ident=ident)
    left, right, bottom = 80.0, 40.0, 50.0
    top = 20.0 + legend(drawing, series, x=left, y=10.0, width=width - left - right, line=True)
    if unit:
        drawing.add(None, "text", unit, x=10.0, y=top - 6, font_size=12)
    plot_width, plot_height = width - left - right, height - top - bottom
    low, high = value_range(series)
    ticks = nice_ticks(low, high)
    floor, ceiling = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return top + plot_height - (value - floor) / (ceiling - floor) * plot_height

    for tick in ticks:
        y = y_of(tick)
        drawing.add(
            None, "line", x1=left, y1=y, x2=left + plot_width, y2=y, stroke=GRID, stroke_width=1
        )
        drawing.add(
            None,
            "text",
            number(Decimal(str(tick))),
            x=left - 8,
            y=y + 5,
            text_anchor="end",
            font_size=12,
        )
    count = max(len(labels), 1)
    step = plot_width / max(count - 1, 1)

    def x_of(index: int) -> float:
        return left + (index * step if count > 1 else plot_width / 2)

    for index, label in enumerate(labels):
        drawing.add(
            None,
            "text",
            label,
            x=x_of(index),
            y=top + plot_height + 22,
            text_anchor="middle",
            font_size=12,
        )
    drawing.add(
        None,
        "line",
        x1=left,
        y1=top + plot_height,
        x2=left + plot_width,
        y2=top + plot_height,
        stroke=TEXT,
        stroke_width=1,
    )
    for index, each in enumerate(series):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        group = drawing.add(None, "g", stroke=colour, fill=colour)
        path: list[str] = []
        for position, value in enumerate(each.values[: len(labels)]):
            if value is None:
                path.append("")  # a gap: the line breaks here
                continue
            command = "M" if not path or path[-1] == "" else "L"
            path.append(f"{command}{x_of(position):.1f} {y_of(float(value)):.1f}")
        d = " ".join(part for part in path if part)
        if d:
            drawing.add(group, "path", d=d, fill="none", stroke_width=3, stroke_dasharray=dash)
        for position, value in enumerate(each.values[: len(labels)]):
            if value is not None:
                point = drawing.add(group, "circle", cx=x_of(position), cy=y_of(float(value)), r=4)
                drawing.add(point, "title", f"{each.name}, {labels[position]}: {number(value)}")
    return drawing.svg()


def bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    number: Callable[[Number], str] = plain_number,
    width: int = 720,
    ident: str = "",
) -> SafeString:
    """Values by label as horizontal bars: one band per label (its name on the left), one
    bar per series in it, each bar's value written at its end. The height follows the
    number of labels and series."""
    ident = ident or identifier(title, labels, series)
    bar, gap = 16.0, 10.0
    band = bar * max(len(series), 1) + gap
    left, right = 270.0, 90.0
    legend_height = 30.0 * math.ceil(len(series) / 3) if len(series) > 1 else 0.0
    top = 20.0 + legend_height + (16.0 if unit else 0.0)
    height = int(top + band * max(len(labels), 1) + 40)
    drawing = Drawing(title=title, description=description, width=width, height=height, ident=ident)
    legend(drawing, series, x=left, y=10.0, width=width - left - right, line=False)
    if unit:
        drawing.add(None, "text", unit, x=left, y=top - 6, font_size=12)
    plot_width = width - left - right
    low, high = value_range(series)
    ticks = nice_ticks(low, high, count=4)
    floor, ceiling = ticks[0], ticks[-1]

    def x_of(value: float) -> float:
        return left + (value - floor) / (ceiling - floor) * plot_width

    bottom = top + band * max(len(labels), 1)
    for tick in ticks:
        x = x_of(tick)
        drawing.add(None, "line", x1=x, y1=top, x2=x, y2=bottom, stroke=GRID, stroke_width=1)
        drawing.add(
            None,
            "text",
            number(Decimal(str(tick))),
            x=x,
            y=bottom + 18,
            text_anchor="middle",
            font_size=12,
        )
    for row, label in enumerate(labels):
        y = top + row * band
        name = drawing.add(
            None,
            "text",
            short(label, 36),
            x=left - 8,
            y=y + band / 2 + 4,
            text_anchor="end",
            font_size=12,
        )
        if len(label) > 36:
            drawing.add(name, "title", label)
        for index, each in enumerate(series):
            values = list(each.values)
            value = values[row] if row < len(values) else None
            if value is None:
                continue
            colour = COLOURS[index % len(COLOURS)]
            start, end = sorted((x_of(0.0 if floor <= 0 else floor), x_of(float(value))))
            top_of_bar = y + gap / 2 + index * bar
            rect = drawing.add(
                None,
                "rect",
                x=start,
                y=top_of_bar,
                width=max(end - start, 1.0),
                height=bar - 2,
                fill=colour,
            )
            drawing.add(rect, "title", f"{each.name}, {label}: {number(value)}")
            drawing.add(
                None, "text", number(value), x=end + 6, y=top_of_bar + bar - 5, font_size=12
            )
    drawing.add(
        None,
        "line",
        x1=x_of(0.0 if floor <= 0 else floor),
        y1=top,
        x2=x_of(0.0 if floor <= 0 else floor),
        y2=bottom,
        stroke=TEXT,
        stroke_width=1,
    )
    return drawing.svg()
