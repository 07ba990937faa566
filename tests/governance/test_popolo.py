"""`accord export popolo`: the register as Popolo 1.0.1, valid against the official schemas.

The schemas are the shared standards folder's unchanged copies (README there: draft-03,
every file registered under its id, a registry that refuses to fetch). A stricter copy
derived here also closes the objects to Popolo's properties and Accord's one extension
(``illustrative``, the properties whose values are not from the source documents), and
requires the fields Accord always writes.
"""

import copy
import datetime
import json
import os
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from accord.audit.models import AuditEvent
from accord.cli import main
from accord.demo import oxfordshire as oxon
from accord.governance.models import BodyKind, Membership, MembershipRole, Partner, PartnerKind
from accord.governance.popolo import popolo_export
from accord.governance.services import (
    body_create,
    membership_create,
    partner_create,
    partnership_create,
    person_create,
)
from accord.partnerships.models import Partnership

# The official schemas, copied unchanged into tests/standards/ (see its README).
STANDARDS = Path(
    os.environ.get("ACCORD_STANDARDS_DIR", Path(__file__).resolve().parents[1] / "standards")
)
POPOLO = STANDARDS / "popolo" / "schemas"

# Each list of the export, the schema its objects follow, and the fields Accord always writes.
LISTS = {
    "organizations": ("organization", ["id", "name", "classification"]),
    "persons": ("person", ["id", "name"]),
    "posts": ("post", ["id", "label", "role", "organization_id"]),
    "memberships": (
        "membership",
        ["id", "person_id", "organization_id", "post_id", "role", "start_date"],
    ),
}


# Accord's extension: the object's own properties whose values are illustrative.
ILLUSTRATIVE = {"type": "array", "items": {"type": "string"}, "minItems": 1}


def refuse(uri: str) -> Any:
    raise LookupError(f"schema not stored locally: {uri}")


@pytest.fixture(scope="module")
def validators() -> dict[str, list[Draft3Validator]]:
    """For each list: the official schema, then the stricter copy."""
    if not POPOLO.is_dir():
        pytest.fail(f"the Popolo schemas are not at {POPOLO} (see tests/standards/README.md)")
    schemas = {path.stem: json.loads(path.read_text()) for path in POPOLO.glob("*.json")}
    assert len(schemas) == 16
    # attrs spells the private field _retrieve; mypy does not see its public alias.
    registry: Registry = Registry(retrieve=refuse)  # type: ignore[call-arg]
    for schema in schemas.values():
        registry = registry.with_resource(
            schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)
        )
    found = {}
    for key, (name, required) in LISTS.items():
        strict = copy.deepcopy(schemas[name])
        del strict["id"]  # not the registered schema: its own references still resolve there
        strict["additionalProperties"] = False
        strict["properties"]["illustrative"] = ILLUSTRATIVE
        for field in required:
            strict["properties"][field]["required"] = True
        found[key] = [
            Draft3Validator(
                schema, registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER
            )
            for schema in (schemas[name], strict)
        ]
    return found


@pytest.fixture
def oxfordshire(db) -> Partnership:
    """Oxfordshire as the Commissioning Body report of 11 December 2009 describes it, in part."""
    partnership = partnership_create(
        actor=None,
        slug="oxfordshire",
        name="Oxfordshire Supporting People",
        description="Eight commissioning partners pooling a budget",
    )
    cherwell, county, west = (
        partner_create(actor=None, partnership=partnership, name=name, kind=kind)
        for name, kind in [
            ("Cherwell District Council", PartnerKind.DISTRICT_COUNCIL),
            ("Oxfordshire County Council", PartnerKind.COUNTY_COUNCIL),
            ("West Oxfordshire District Council", PartnerKind.DISTRICT_COUNCIL),
        ]
    )
    board = body_create(
        actor=None,
        partnership=partnership,
        name="Commissioning Body",
        kind=BodyKind.DECIDING_BOARD,
        purpose="Decides the strategy and the spending of the pooled budget",
    )
    body_create(
        actor=None,
        partnership=partnership,
        name="Core Strategy Group",
        kind=BodyKind.OFFICERS_GROUP,
    )

    def seat(name: str, role: str, partner: Partner | None, **term: Any) -> Membership:
        person = person_create(actor=None, partnership=partnership, name=name)
        return membership_create(
            actor=None,
            partnership=partnership,
            body=board,
            person=person,
            role=role,
            partner=partner,
            start_date=term.pop("start_date", datetime.date(2009, 4, 1)),
            **term,
        )

    representative = MembershipRole.VOTING_REPRESENTATIVE
    seat("Lead Member, Cherwell District Council", representative, cherwell, seat="Lead Member")
    seat("Substitute, Cherwell District Council", MembershipRole.SUBSTITUTE, cherwell)
    seat(
        "Cabinet Member, West Oxfordshire District Council",
        representative,
        west,
        seat="Cabinet Member",
    )
    # One seat, two terms: the earlier holder's membership has ended.
    seat(
        "Cabinet Member for Adult Services, Oxfordshire County Council",
        representative,
        county,
        seat="Cabinet Member",
        end_date=datetime.date(2009, 6, 30),
    )
    seat(
        "Siân Lloyd-Jones",  # a name beyond ASCII, written as UTF-8
        representative,
        county,
        seat="Cabinet Member",
        start_date=datetime.date(2009, 7, 1),
    )
    seat("Co-opted adviser, Oxfordshire Probation Area", MembershipRole.ADVISER, None)
    person_create(actor=None, partnership=partnership, name="Secretary to the Body")
    return partnership


def exported(capsysbinary, slug: str = "oxfordshire") -> dict[str, list[dict[str, Any]]]:
    assert main(["export", "popolo", slug]) == 0
    captured = capsysbinary.readouterr()
    assert captured.err == b""
    data = json.loads(captured.out)  # the bytes printed, not the dict built
    assert isinstance(data, dict)
    return data


@pytest.mark.django_db
def test_every_exported_object_is_valid_popolo(oxfordshire, capsysbinary, validators):
    data = exported(capsysbinary)
    assert sorted(data) == sorted(LISTS)
    for key, objects in data.items():
        assert objects, f"{key} is empty"
        for obj in objects:
            for validator in validators[key]:
                errors = [e.message for e in validator.iter_errors(obj)]
                assert errors == [], f"{key}: {obj}"


def test_the_demo_register_marks_what_the_source_documents_do_not_give(
    demo, capsysbinary, validators
):
    data = exported(capsysbinary)
    for key, objects in data.items():
        for obj in objects:
            for validator in validators[key]:
                assert [e.message for e in validator.iter_errors(obj)] == [], f"{key}: {obj}"
            # an object names only properties it has
            assert set(obj.get("illustrative", [])) <= set(obj), obj
    persons = {p["name"]: p for p in data["persons"]}
    organizations = {o["name"]: o for o in data["organizations"]}
    # officer titles are the demo's; the partners the seed names are not marked
    assert persons[oxon.REPRESENTATIVES[oxon.WEST]]["illustrative"] == ["name"]
    assert organizations[oxon.PROBATION]["illustrative"] == ["name"]
    assert "illustrative" not in organizations[oxon.WEST]
    # seat start dates are the demo's, except the service users' (2 September 2009)
    west = next(
        m
        for m in data["memberships"]
        if m["person_id"] == persons[oxon.REPRESENTATIVES[oxon.WEST]]["id"]
    )
    assert west["illustrative"] == ["start_date"]
    service_users = [m for m in data["memberships"] if m["role"] == "Service user representative"]
    assert service_users
    assert all("illustrative" not in m for m in service_users)


@pytest.mark.django_db
def test_the_stricter_schema_refuses_what_popolo_does_not_define(validators):
    official, strict = validators["memberships"]
    member = {
        "id": "m",
        "person_id": "p",
        "organization_id": "o",
        "post_id": "s",
        "role": "Voting representative",
        "start_date": "2009-04-01",
        "partner_id": "x",
    }
    assert official.is_valid(member)
    assert not strict.is_valid(member)
    assert not official.is_valid({**member, "start_date": "1 April 2009"})


@pytest.mark.django_db
def test_ids_are_unique_and_every_reference_resolves(oxfordshire, capsysbinary):
    data = exported(capsysbinary)
    ids = [obj["id"] for objects in data.values() for obj in objects]
    assert len(ids) == len(set(ids))
    organizations = {o["id"]: o for o in data["organizations"]}
    persons = {p["id"] for p in data["persons"]}
    posts = {p["id"]: p for p in data["posts"]}
    bodies = {i for i, o in organizations.items() if o["classification"] in BodyKind.values}
    for organization in organizations.values():
        assert organization.get("parent_id", "accord:oxfordshire") in organizations
    for post in posts.values():
        assert post["organization_id"] in bodies
    for membership in data["memberships"]:
        assert membership["person_id"] in persons
        assert membership["organization_id"] in bodies
        assert posts[membership["post_id"]]["organization_id"] == membership["organization_id"]
        if "on_behalf_of_id" in membership:
            partner = organizations[membership["on_behalf_of_id"]]
            assert partner["classification"] in PartnerKind.values


@pytest.mark.django_db
def test_the_register_maps_to_organizations_posts_and_memberships(oxfordshire, capsysbinary):
    data = exported(capsysbinary)
    organizations = {o["name"]: o for o in data["organizations"]}
    persons = {p["name"]: p["id"] for p in data["persons"]}
    by_person = {m["person_id"]: m for m in data["memberships"]}
    posts = {p["id"]: p for p in data["posts"]}
    partnership = organizations["Oxfordshire Supporting People"]
    assert partnership["classification"] == "partnership"
    assert "parent_id" not in partnership
    cherwell = organizations["Cherwell District Council"]
    assert cherwell["classification"] == "district_council"
    assert cherwell["parent_id"] == partnership["id"]
    board = organizations["Commissioning Body"]
    assert board["classification"] == "deciding_board"
    assert board["parent_id"] == partnership["id"]

    lead = by_person[persons["Lead Member, Cherwell District Council"]]
    assert lead["on_behalf_of_id"] == cherwell["id"]
    assert lead["organization_id"] == board["id"]
    assert lead["role"] == "Voting representative"
    assert lead["start_date"] == "2009-04-01"
    assert "end_date" not in lead
    assert posts[lead["post_id"]] == {
        "id": lead["post_id"],
        "label": "Voting representative for Cherwell District Council (Lead Member)",
        "other_label": ["Lead Member, Cherwell District Council"],
        "role": "Voting representative",
        "organization_id": board["id"],
    }

    ended = by_person[persons["Cabinet Member for Adult Services, Oxfordshire County Council"]]
    assert ended["end_date"] == "2009-06-30"
    successor = by_person[persons["Siân Lloyd-Jones"]]
    assert successor["post_id"] == ended["post_id"]
    assert successor["on_behalf_of_id"] == organizations["Oxfordshire County Council"]["id"]
    assert "end_date" not in successor

    adviser = by_person[persons["Co-opted adviser, Oxfordshire Probation Area"]]
    assert "on_behalf_of_id" not in adviser
    assert posts[adviser["post_id"]]["label"] == "Co-opted non-voting adviser"

    # One post per distinct seat: six memberships, five seats.
    assert len(data["memberships"]) == 6
    assert len(data["posts"]) == 5
    assert "Secretary to the Body" in persons


@pytest.mark.django_db
def test_the_export_is_utf8_and_the_same_on_every_run(oxfordshire, capsysbinary):
    assert main(["export", "popolo", "oxfordshire"]) == 0
    first = capsysbinary.readouterr().out
    assert "Siân Lloyd-Jones".encode() in first
    assert main(["export", "popolo", "oxfordshire"]) == 0
    assert capsysbinary.readouterr().out == first


@pytest.mark.django_db
def test_the_export_is_recorded_in_the_audit_trail(oxfordshire, capsysbinary):
    exported(capsysbinary)
    event = AuditEvent.objects.get(action="register.export")
    assert event.actor_id is None
    assert event.partnership_id == oxfordshire.pk
    assert event.object_type == "partnerships.partnership"
    assert event.object_id == str(oxfordshire.pk)
    assert event.changes == {"format": [None, "popolo"], "via": [None, "command"]}


@pytest.mark.django_db
def test_an_unknown_partnership_is_one_line_on_stderr_with_status_2(oxfordshire, capsys):
    assert main(["export", "popolo", "atlantis"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "accord: export: no partnership with slug 'atlantis'\n"
    assert not AuditEvent.objects.filter(action="register.export").exists()


def grow(partnership: Partnership, count: int) -> None:
    """Add partners, each with a body, a person and a membership."""
    for n in range(count):
        partner = partner_create(
            actor=None, partnership=partnership, name=f"Partner {n}", kind=PartnerKind.OTHER
        )
        body = body_create(
            actor=None, partnership=partnership, name=f"Body {n}", kind=BodyKind.OTHER
        )
        person = person_create(actor=None, partnership=partnership, name=f"Member {n}")
        membership_create(
            actor=None,
            partnership=partnership,
            body=body,
            person=person,
            partner=partner,
            role=MembershipRole.VOTING_REPRESENTATIVE,
            start_date=datetime.date(2010, 4, 1),
        )


@pytest.mark.django_db
def test_the_export_takes_the_same_few_queries_whatever_the_size(
    oxfordshire, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10) as small:
        small_export = popolo_export(oxfordshire)
    queries_when_small = len(small)
    grow(oxfordshire, 20)
    with django_assert_max_num_queries(queries_when_small) as large:
        large_export = popolo_export(oxfordshire)
    assert len(large) == queries_when_small
    assert len(large_export["memberships"]) == len(small_export["memberships"]) + 20
