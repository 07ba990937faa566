"""The two form fields every date and time of Accord's forms is entered with, decided once.

- ``DateInput``: the GOV.UK Design System's date input (day, month and year in three
  boxes, https://design-system.service.gov.uk/components/date-input/), with its error
  messages, each naming the part that is wrong ("Date must include a month", "Date must be
  a real date") and marking that box, so the error summary links to it; a date outside
  the plausible range (``accord.core.dates``) is refused there too, the year marked.
- ``TimeInput``: a time as people write it: "10am", "2.30pm", "2:30 pm", "14:30", "1430",
  "noon", "midday", "midnight". A bare hour from 1 to 7 is ambiguous ("at 2"): it is
  refused and the message asks for am or pm.
"""

import datetime
import re
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError

from accord.core.dates import date_problem

PARTS = ("day", "month", "year")


class DateWidget(DateInputWidget):
    """The three boxes; a posted ISO date under the field's own name (a script, a bookmark
    of a filter) is read as well."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = super().value_from_datadict(data, files, name)
        if not any(parts) and data.get(name):
            try:
                day = datetime.date.fromisoformat(str(data.get(name)).strip())
            except ValueError:
                return [str(data.get(name))] * 3  # not a date: "must be a real date"
            return [str(day.day), str(day.month), str(day.year)]
        return parts


def _refuse(field: DateInputField, wrong: list[int], message: str, code: str) -> ValidationError:
    """The error for ``message``, tied to the first wrong box (the error summary links to
    it and it is outlined in red); with no box named, all three are outlined."""
    if wrong:
        field.fields[wrong[0]].widget.errors.append(message)
    return ValidationError(message, code=code)


class DateInput(DateInputField):
    """A date typed as day, month and year, with GOV.UK's messages for ``label``."""

    widget = DateWidget

    def __init__(self, *, label: str, required: bool = True, help_text: str = "") -> None:
        super().__init__(label=label, required=required, help_text=help_text)
        self.require_all_fields = False
        self.name = label[:1].upper() + label[1:]

    def clean(self, value: Any) -> datetime.date | None:
        for box in self.fields:
            box.widget.errors = []
        if self.disabled and not isinstance(value, list):
            value = self.widget.decompress(value)
        parts = [str(part).strip() if part is not None else "" for part in (value or [])]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            if self.required:
                raise _refuse(self, [], f"Enter the {self.name.lower()}", "required")
            return None
        missing = [index for index, part in enumerate(parts) if not part]
        if missing:
            named = " and ".join(PARTS[index] for index in missing)
            raise _refuse(self, missing, f"{self.name} must include a {named}", "incomplete")
        day, month, year = parts
        not_numbers = [index for index, part in enumerate(parts) if not part.isdigit()]
        if not_numbers:
            raise _refuse(self, not_numbers, f"{self.name} must be a real date", "invalid")
        if len(year) != 4:
            raise _refuse(self, [2], "Year must include 4 numbers", "invalid")
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            wrong = [1] if not 1 <= int(month) <= 12 else [0]
            raise _refuse(self, wrong, f"{self.name} must be a real date", "invalid") from None
        problem = date_problem(date)  # as the API and the models refuse it
        if problem:
            raise _refuse(self, [2], f"{self.name} {problem}", "implausible_date")
        self.validate(date)
        self.run_validators(date)
        return date


TIME = re.compile(
    r"""^(?P<hour>\d{1,2})(?:[:.\s]?(?P<minute>\d{2}))?\s*(?P<half>a\.?m\.?|p\.?m\.?)?$""",
    re.IGNORECASE,
)
NAMED_TIMES = {
    "noon": datetime.time(12, 0),
    "midday": datetime.time(12, 0),
    "12 noon": datetime.time(12, 0),
    "midnight": datetime.time(0, 0),
}


def parse_time(text: str) -> datetime.time:
    """A time as people write it; ``ValueError`` saying why not."""
    written = " ".join(text.strip().lower().split())
    if written in NAMED_TIMES:
        return NAMED_TIMES[written]
    found = TIME.match(written)
    if found is None:
        raise ValueError("not a time")
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    half = (found["half"] or "").replace(".", "")
    if minute > 59:
        raise ValueError("not a time")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError("not a time")
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour > 23:
        raise ValueError("not a time")
    elif found["minute"] is None and 1 <= hour <= 7:
        raise ValueError("am or pm")
    return datetime.time(hour, minute)


class TimeInput(forms.TimeField):
    """A time as people write it ("10am", "2.30pm", "14:30", "noon"); shown back as 10:00."""

    def __init__(self, *, label: str, required: bool = False, help_text: str = "") -> None:
        super().__init__(
            label=label,
            required=required,
            help_text=help_text or "For example, 10am, 2.30pm or 14:30",
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
            error_messages={"required": f"Enter the {label.lower()}"},
        )
        self.label_text = label.lower()

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value

    def to_python(self, value: Any) -> datetime.time | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        try:
            return parse_time(str(value))
        except ValueError as error:
            if str(error) == "am or pm":
                raise ValidationError(
                    f"Enter the {self.label_text} with am or pm, like 2pm, or as 14:00",
                    code="invalid",
                ) from None
            raise ValidationError(
                f"Enter the {self.label_text} like 10am, 2.30pm or 14:30", code="invalid"
            ) from None
