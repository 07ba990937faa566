"""No input is unbounded (issue 13, defect 7): every text has a maximum length and every
date a plausible range (1 January 1990 to 31 December 2100), and a required name must hold
more than spaces, refused naming the field by the API (422), the pages' forms and the
services alike (``accord.core.text``, ``accord.core.dates``, ``accord.core.schemas``).

The API's cases come from its OpenAPI document: every operation, every string and date
its request body takes, so an operation added later is held to the same limits."""

import datetime
import importlib
import importlib.util
import inspect
import re
from types import ModuleType
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.api import api
from accord.core.dates import EARLIEST, LATEST
from accord.core.models import BoundedTextField
from accord.core.text import LONG_TEXT, NAME, NOTE
from accord.governance import services as governance
from accord.governance.models import Body, Membership, Partner
from accord.meetings import services as meetings
from accord.meetings.models import AgendaItem, Meeting
from tests.governance.register_data import START, build_register, partnership_with_officer

SLUG = "wychwood"
RANGE = "The date must be between 1 January 1990 and 31 December 2100"


@pytest.fixture
def wychwood(db, sign_in):
    partnership = partnership_with_officer(SLUG)
    sign_in("wychwood-officer")
    return partnership


# ---------------------------------------------------------------- the API, from its document

DOCUMENT = api.get_openapi_schema()
SCHEMAS = DOCUMENT["components"]["schemas"]


def resolved(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def string_of(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The string a property takes (itself, or the string of a "string or null")."""
    spec = resolved(spec)
    if spec.get("type") == "string":
        return spec
    return next(
        (s for s in map(resolved, spec.get("anyOf", [])) if s.get("type") == "string"), None
    )


def bad_values(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """What the property must refuse, each with the case's name."""
    if spec.get("format") == "date":
        day_before, day_after = EARLIEST - datetime.timedelta(days=1), LATEST.replace(year=2101)
        return [("before-1990", day_before.isoformat()), ("after-2100", day_after.isoformat())]
    values = []
    if "maxLength" in spec:
        values.append(("too-long", "x" * (spec["maxLength"] + 1)))
    if spec.get("minLength"):
        values.append(("only-spaces", " \t "))
    return values


def api_cases() -> list[Any]:
    cases = []
    for template, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            contents = operation.get("requestBody", {}).get("content", {})
            for content_type, content in contents.items():
                body = resolved(content["schema"])
                for name, prop in body.get("properties", {}).items():
                    spec = string_of(prop)
                    for case, value in bad_values(spec) if spec else []:
                        cases.append(
                            pytest.param(
                                method, template, content_type, body, name, value,
                                id=f"{operation['operationId']}.{name}-{case}",
                            )
                        )  # fmt: skip
    return cases


def valid_body(body: dict[str, Any]) -> dict[str, Any]:
    """A body the schema accepts: its example (every JSON body has one), or for a form, a
    title and a file."""
    examples = body.get("examples")
    if examples:
        return dict(examples[0])
    return {
        name: SimpleUploadedFile("paper.pdf", b"%PDF-1.4")
        if prop.get("format") == "binary"
        else "x"
        for name, prop in body["properties"].items()
        if name in body.get("required", [])
    }


@pytest.mark.parametrize(
    ("method", "template", "content_type", "body", "field", "value"), api_cases()
)
def test_the_api_refuses_text_too_long_blank_names_and_implausible_dates_naming_the_field(
    client, wychwood, method, template, content_type, body, field, value
):
    address = re.sub(r"\{slug\}", SLUG, template)
    address = re.sub(r"\{\w+\}", "1", address)
    data = {**valid_body(body), field: value}
    if content_type == "application/json":
        response = getattr(client, method)(address, data, content_type="application/json")
    else:
        response = getattr(client, method)(address, data)

    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field
    assert response.json()["error"]["message"].startswith(f"{field}: ")


def test_every_date_and_most_texts_of_the_api_are_covered():
    """The cases above are not vacuous: they reach the operations that matter."""
    names = {case.id for case in api_cases()}
    assert "agenda_item_create.summary-too-long" in names
    assert "partner_create.name-only-spaces" in names
    assert "meeting_create.date-before-1990" in names
    assert "membership_create.end_date-after-2100" in names
    assert "paper_create.title-too-long" in names  # a form (multipart) body


def test_a_4_mb_agenda_summary_is_refused_with_422_naming_the_field_and_adds_nothing(
    client, wychwood, settings
):
    board = build_register(wychwood).board
    meeting = meetings.meeting_schedule(
        actor=None, body=board, date=datetime.date(2010, 2, 5), place="Oxford"
    )
    summary = "The plan. " * 400_000  # 4 MB: under the 5 MB a body may be, over 20,000 characters
    body = {"title": "Annual Plan 2010/11", "summary": summary}
    assert len(summary) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = client.post(
        f"/api/meetings/partnerships/{SLUG}/meetings/{meeting.pk}/items",
        body,
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid",
        "message": f"summary: String should have at most {LONG_TEXT} characters",
        "field": "summary",
    }
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_a_date_asked_about_in_an_address_is_bounded_too(client, wychwood):
    board = build_register(wychwood).board
    address = f"/api/governance/partnerships/{SLUG}/bodies/{board.pk}/seats"

    refused = client.get(address, {"on": "0201-04-01"})

    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "on"
    assert client.get(address, {"on": "2010-04-01"}).status_code == 200


def test_the_api_strips_names_as_the_forms_do(client, wychwood):
    response = client.post(
        f"/api/governance/partnerships/{SLUG}/partners",
        {"name": "  Wychwood District Council\n", "kind": "district_council"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Partner.objects.get(partnership=wychwood).name == "Wychwood District Council"


def test_a_name_of_spaces_is_refused_by_the_api_as_by_the_form(client, wychwood):
    api_answer = client.post(
        f"/api/governance/partnerships/{SLUG}/partners",
        {"name": "   ", "kind": "district_council"},
        content_type="application/json",
    )
    page = client.post(
        reverse("governance:partner-create", args=[SLUG]),
        {"name": "   ", "kind": "district_council"},
    )

    assert api_answer.status_code == 422
    assert api_answer.json()["error"]["field"] == "name"
    assert api_answer.json()["error"]["message"] == "name: Must not be empty (or only spaces)"
    assert page.status_code == 200
    assert "Enter the partner&#x27;s name" in page.content.decode()
    assert not Partner.objects.filter(partnership=wychwood).exists()


# ---------------------------------------------------------------- the pages' forms


def form_classes() -> list[type[forms.Form]]:
    """Every form of Accord's pages: each app's ``forms`` module."""
    from django.apps import apps

    modules: list[ModuleType] = []
    for app in apps.get_app_configs():
        if app.name.startswith("accord.") and importlib.util.find_spec(f"{app.name}.forms"):
            modules.append(importlib.import_module(f"{app.name}.forms"))
    return [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.Form) and cls.__module__ == module.__name__
    ]


# Django's own sign-in form: it gives the username its maximum (the user model's 150) when
# the form is made; the password is Django's field (the accounts app's to limit).
NOT_OURS = {"SignInForm.username", "SignInForm.password"}


def test_every_text_field_of_every_form_has_a_maximum_length():
    assert len(form_classes()) > 20
    unbounded = [
        f"{cls.__name__}.{name}"
        for cls in form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert sorted(set(unbounded) - NOT_OURS) == []


def test_a_page_refuses_text_too_long_naming_the_field_and_saves_nothing(client, wychwood):
    response = client.post(
        reverse("governance:body-create", args=[SLUG]),
        {"name": "Wychwood Board", "kind": "deciding_board", "purpose": "x" * (NOTE + 1)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    purpose = html.split('id="div_id_purpose"')[1]
    assert f"Ensure this value has at most {NOTE} characters (it has {NOTE + 1})" in purpose
    assert not Body.objects.filter(partnership=wychwood).exists()


@pytest.mark.parametrize("date", ["1989-12-31", "2101-01-01"])
def test_a_page_refuses_an_implausible_date_naming_the_field(client, wychwood, date):
    board = build_register(wychwood).board
    response = client.post(
        reverse("meetings:meeting-create", args=[SLUG]),
        {"body": board.pk, "date": date, "is_public": "on"},
    )
    assert response.status_code == 200
    assert "Date must be between 1 January 1990 and 31 December 2100" in response.content.decode()
    assert not Meeting.objects.filter(partnership=wychwood).exists()


# ---------------------------------------------------------------- the models, through services


def test_every_text_column_of_every_model_keeps_a_maximum_length():
    from django.apps import apps
    from django.db import models

    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("accord.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and not isinstance(field, BoundedTextField)
    ]
    assert unbounded == []


def test_a_service_refuses_text_too_long_naming_the_field(wychwood):
    with pytest.raises(ValidationError) as refused:
        governance.body_create(
            actor=None, partnership=wychwood, name="Wychwood Board", kind="deciding_board",
            purpose="x" * (NOTE + 1),
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"purpose"}
    with pytest.raises(ValidationError) as refused:
        governance.partner_create(
            actor=None, partnership=wychwood, name="x" * (NAME + 1), kind="district_council"
        )
    assert set(refused.value.message_dict) == {"name"}
    assert not Body.objects.filter(partnership=wychwood).exists()


def test_a_service_refuses_an_implausible_date_naming_the_field(wychwood):
    register = build_register(wychwood)
    with pytest.raises(ValidationError) as refused:
        meetings.meeting_schedule(
            actor=None, body=register.board, date=datetime.date(210, 2, 5), place="Oxford"
        )
    assert refused.value.message_dict == {"date": [RANGE]}
    with pytest.raises(ValidationError) as refused:
        governance.membership_create(
            actor=None, partnership=wychwood, body=register.board, person=register.people[0],
            partner=register.partners[0], role="voting_representative",
            start_date=START, end_date=datetime.date(2201, 3, 31),
        )  # fmt: skip
    assert refused.value.message_dict == {"end_date": [RANGE]}
    assert Membership.objects.filter(partnership=wychwood).count() == len(register.memberships)
