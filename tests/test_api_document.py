"""The OpenAPI document describes the API exactly (docs/api.md): every status each
operation answers with what it means and the one error shape, If-Match with its 412 and
428, and every choice as an enumeration of the values the pages store."""

import pytest


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").json()


def test_every_operation_describes_each_status_it_answers_with_the_error_shape(document):
    missing = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            errors = {status for status in responses if status.startswith(("4", "5"))}
            if not errors:
                missing.append(f"{method.upper()} {path}: no error status")
            for status in errors:
                schema = responses[status]["content"]["application/json"]["schema"]
                if schema != {"$ref": "#/components/schemas/ErrorOut"}:
                    missing.append(f"{method.upper()} {path} {status}: {schema}")
            for status, response in responses.items():
                if response["description"] in {"Unknown Status Code", ""}:
                    missing.append(f"{method.upper()} {path} {status}: not described")
            versioned = method != "get" and "If-Match" in str(operation.get("parameters", []))
            if versioned and not {"412", "428"} <= set(responses):
                missing.append(f"{method.upper()} {path}: If-Match without 412 and 428")
    assert missing == []


# Fields named like choices that are an open set: the kind of record an agenda item
# concerns is named by whichever app plugs into the agenda (meetings.hooks), e.g. proposal.
# A figure of needs evidence is a value that is a number, exact, written as a string.
# Not choices: a figure's number, an indicator's value (a percentage string, "93.50").
OPEN_SETS = {
    "AboutOut.kind",
    "ExpectedOut.kind",
    "FigureOut.value",
    "IndicatorResultOut.value",
    "ReportCellOut.value",  # the quarterly report's cell: an indicator's value, as above
}


def test_every_choice_is_an_enumeration_in_the_document(document):
    schemas = document["components"]["schemas"]
    loose = [
        f"{name}.{field}"
        for name, schema in schemas.items()
        for field, spec in schema.get("properties", {}).items()
        if field in {"kind", "role", "status", "state", "value", "stance", "outcome", "access"}
        for each in [spec, *spec.get("anyOf", [])]  # a choice that may be null
        if each.get("type") == "string" and "enum" not in each
    ]
    assert sorted(set(loose) - OPEN_SETS) == []


def test_every_json_request_body_has_an_example_that_its_schema_accepts(document):
    import jsonschema

    schemas = document["components"]["schemas"]
    wrong = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            schema = body["schema"]
            # A list body (the whole body's attendance): each element is one of the schema;
            # an optional body (publishing, with a reason when late): the schema or null.
            schema = schema.get("items", schema)
            schema = next((s for s in schema.get("anyOf", []) if "$ref" in s), schema)
            name = schema["$ref"].rsplit("/", 1)[-1]
            examples = schemas[name].get("examples", [])
            if not examples:
                wrong.append(f"{method.upper()} {path}: {name} has no example")
            validator = jsonschema.Draft202012Validator(
                {**schemas[name], "components": document["components"]}
            )
            wrong += [
                f"{name}: {error.message}" for example in examples
                for error in validator.iter_errors(example)
            ]  # fmt: skip
    assert wrong == []


def strings_and_dates(schema: dict, schemas: dict, path: str = "") -> list[tuple[str, dict]]:
    """Every string and date a request body holds, with where it is (``items[].status``)."""
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    found = []
    for each in schema.get("anyOf", []):
        found += strings_and_dates(each, schemas, path)
    for name, spec in schema.get("properties", {}).items():
        found += strings_and_dates(spec, schemas, f"{path}.{name}" if path else name)
    if "items" in schema:
        found += strings_and_dates(schema["items"], schemas, f"{path}[]")
    if schema.get("type") == "string":
        found.append((path, schema))
    return found


def request_bodies(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (operation["operationId"], content_type, content["schema"])
        for methods in document["paths"].values()
        for operation in methods.values()
        for content_type, content in operation.get("requestBody", {}).get("content", {}).items()
    ]


def test_every_string_a_request_body_takes_has_a_maximum_length(document):
    """Issue 13, defect 7: no text is unbounded. A string is an enumeration, a file (up to
    the upload limit) or has ``maxLength`` (a date is bounded by its range, below)."""
    schemas = document["components"]["schemas"]
    unbounded = [
        f"{operation} ({content_type}): {path}"
        for operation, content_type, body in request_bodies(document)
        for path, spec in strings_and_dates(body, schemas)
        if "maxLength" not in spec
        and "enum" not in spec
        and "const" not in spec
        and spec.get("format") not in {"date", "binary"}
    ]
    assert unbounded == []


def test_every_date_a_request_body_takes_is_bounded_to_the_plausible_range(document):
    schemas = document["components"]["schemas"]
    dates = [
        (f"{operation}: {path}", spec.get("formatMinimum"), spec.get("formatMaximum"))
        for operation, _, body in request_bodies(document)
        for path, spec in strings_and_dates(body, schemas)
        if spec.get("format") == "date"
    ]
    assert dates  # meetings, memberships, decisions...
    unbounded = [where for where, low, high in dates if (low, high) != ("1990-01-01", "2100-12-31")]
    assert unbounded == []


# Required strings that may be empty: the discussion of an item's minute (the page's
# field is optional too; only the resolution, or nothing, may be recorded).
MAY_BE_EMPTY = {"minutes_write: minutes"}


def test_every_text_a_request_body_requires_must_hold_more_than_spaces(document):
    """Issue 13, defect 7: a name of spaces is refused by the API as by the forms."""
    schemas = document["components"]["schemas"]
    blank = []
    for operation, _, body in request_bodies(document):
        while "$ref" in body:
            body = schemas[body["$ref"].rsplit("/", 1)[-1]]
        for name in body.get("required", []):
            for path, spec in strings_and_dates(body["properties"][name], schemas, name):
                if path == name and not {"enum", "const", "format", "minLength"} & set(spec):
                    blank.append(f"{operation}: {name}")
    assert sorted(blank) == sorted(MAY_BE_EMPTY)


def all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


def test_no_two_schemas_the_document_describes_share_a_name(document):
    """The document keeps one schema a name: a second class of the same name (two apps'
    'EscalateIn') would be described as the first, and its clients would send the wrong
    fields."""
    from ninja import Schema

    import accord.api  # noqa: F401  (every router, so every schema, is imported)

    described = set(document["components"]["schemas"])
    by_name: dict[str, set[str]] = {}
    for cls in all_subclasses(Schema):
        if cls.__module__.startswith("accord.") and cls.__name__ in described:
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}
