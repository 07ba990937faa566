"""Every date of Accord's forms is a GOV.UK date input, and every time is typed as people
write it (accord.partnerships.fields): the messages name the part that is wrong."""

import datetime

import pytest
from django import forms

from accord.partnerships.web import date_field, time_field


class MeetingDate(forms.Form):
    date = date_field("Date")
    start_time = time_field("Start time")


def errors(data: dict[str, str]) -> dict[str, list[str]]:
    form = MeetingDate(data)
    form.is_valid()
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def day(d: str, m: str, y: str) -> dict[str, str]:
    return {"date_0": d, "date_1": m, "date_2": y}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # The GOV.UK Design System's date input messages.
        (day("", "", ""), "Enter the date"),
        (day("11", "", "2009"), "Date must include a month"),
        (day("", "", "2009"), "Date must include a day and month"),
        (day("31", "2", "2010"), "Date must be a real date"),
        (day("11", "13", "2009"), "Date must be a real date"),
        (day("eleven", "12", "2009"), "Date must be a real date"),
        (day("11", "12", "09"), "Year must include 4 numbers"),
        ({"date": "11/12/2009"}, "Date must be a real date"),
    ],
)
def test_a_wrong_date_is_named_in_govuk_words(data, message):
    assert errors(data)["date"] == [message]


def test_a_date_is_read_from_its_three_boxes_or_from_an_iso_date():
    for data in (day("11", "12", "2009"), day(" 11 ", "12", "2009"), {"date": "2009-12-11"}):
        form = MeetingDate(data)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["date"] == datetime.date(2009, 12, 11)


def test_the_wrong_box_is_the_one_the_error_summary_links_to():
    form = MeetingDate(day("11", "", "2009"))
    form.is_valid()
    boxes = form.fields["date"].fields  # type: ignore[attr-defined]
    assert [box.widget.errors for box in boxes] == [[], ["Date must include a month"], []]


@pytest.mark.parametrize(
    ("written", "time"),
    [
        ("10am", datetime.time(10)),
        ("10 AM", datetime.time(10)),
        ("2.30pm", datetime.time(14, 30)),
        ("2:30 p.m.", datetime.time(14, 30)),
        ("14:30", datetime.time(14, 30)),
        ("1430", datetime.time(14, 30)),
        ("9.15", datetime.time(9, 15)),
        ("noon", datetime.time(12)),
        ("Midday", datetime.time(12)),
        ("12pm", datetime.time(12)),
        ("12am", datetime.time(0)),
        ("midnight", datetime.time(0)),
        ("18", datetime.time(18)),
    ],
)
def test_a_time_is_read_as_people_write_it(written, time):
    form = MeetingDate({**day("11", "12", "2009"), "start_time": written})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_time"] == time


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2", "Enter the start time with am or pm, like 2pm, or as 14:00"),
        ("25:00", "Enter the start time like 10am, 2.30pm or 14:30"),
        ("13pm", "Enter the start time like 10am, 2.30pm or 14:30"),
        ("10:75", "Enter the start time like 10am, 2.30pm or 14:30"),
        ("teatime", "Enter the start time like 10am, 2.30pm or 14:30"),
    ],
)
def test_a_time_that_cannot_be_read_says_how_to_write_it(written, message):
    assert errors({**day("11", "12", "2009"), "start_time": written})["start_time"] == [message]


def test_a_time_is_shown_back_on_the_24_hour_clock():
    form = MeetingDate(initial={"start_time": datetime.time(14, 30)})
    assert 'value="14:30"' in str(form["start_time"])
