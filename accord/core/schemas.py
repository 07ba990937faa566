"""What the API's input schemas are made of (issue 13, defect 7), so that the API refuses
what the pages refuse, with a 422 naming the field, and the OpenAPI document says so:

- ``Annotated[str, Text(TITLE)]``: text stripped of surrounding spaces as the forms strip
  it, at most so many characters (``maxLength``; the lengths are ``accord.core.text``'s);
  ``Text(NAME, blank=False)`` also refuses text that is empty once stripped (``minLength``
  and a ``pattern`` asking for one character that is not a space), as a required form
  field does;
- ``PlausibleDate``: a date from 1 January 1990 to 31 December 2100 (``accord.core.dates``;
  the document gives the range as ``formatMinimum`` and ``formatMaximum``, the keywords
  JSON Schema validators such as Ajv read for a bounded date).

``tests/test_api_document.py`` holds every request body to these: a string without
``maxLength``, or a date without its range, fails it.
"""

import datetime
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from .dates import EARLIEST, LATEST, date_problem


def refuse_blank(value: str) -> str:
    if not value:
        raise PydanticCustomError("blank", "Must not be empty (or only spaces)")
    return value


@dataclass(frozen=True)
class Text:
    """A string field's limits: ``Annotated[str, Text(NOTE)]``."""

    max_length: int
    blank: bool = True

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        text = core_schema.str_schema(strip_whitespace=True, max_length=self.max_length)
        if self.blank:
            return text
        return core_schema.no_info_after_validator_function(refuse_blank, text)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        if not self.blank:
            found.update(minLength=1, pattern=r"\S")
        return found


def refuse_implausible(value: datetime.date) -> datetime.date:
    problem = date_problem(value)
    if problem:
        raise PydanticCustomError("implausible_date", f"The date {problem}")
    return value


class Plausible:
    """A date field's range (``PlausibleDate``)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(refuse_implausible, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        found.update(formatMinimum=EARLIEST.isoformat(), formatMaximum=LATEST.isoformat())
        return found


PlausibleDate = Annotated[datetime.date, Plausible()]
