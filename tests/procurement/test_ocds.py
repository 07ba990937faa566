"""Every published change of a procurement is an OCDS 1.1.5 release, never changed; the
partnership's releases and records, printed by ``accord export ocds`` and offered on the
public pages and in the API, validate offline against the standard's schemas (the bytes
produced) and pass our coherence checks, or are refused. The story is Oxfordshire's
retender of floating support (tests/procurement/test_services.py); figures illustrative."""

import csv
import datetime
import hashlib
import io
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from accord.audit.models import AuditEvent
from accord.cli import main
from accord.commissioning import services as commissioning
from accord.decisions.models import ProposalKind, ProposalState
from accord.procurement import ocds, releases
from accord.procurement.models import Procurement, Release, ReleaseImmutable
from tests import factories

from .test_services import World, in_standstill, opened, sign

pytestmark = pytest.mark.django_db

STANDARDS = Path(
    os.environ.get("ACCORD_STANDARDS_DIR", Path(__file__).resolve().parents[1] / "standards")
)
OCDS = STANDARDS / "ocds"
BASE = "https://standard.open-contracting.org/schema/1__1__5/"
SIGNED = datetime.date(2026, 1, 7)  # the day after the standstill's last day


def refuse(uri: str) -> Resource:
    raise LookupError(f"schema not stored locally: {uri}")


def validator(name: str) -> Draft4Validator:
    """The package schema, its references resolved from the local files only."""
    if not OCDS.exists():
        pytest.fail(f"the OCDS schemas are not under {STANDARDS} (see tests/standards/README.md)")
    registry: Registry = Registry(retrieve=refuse)  # type: ignore[call-arg]
    for part in ("release-schema.json", "versioned-release-validation-schema.json"):
        schema = json.loads((OCDS / part).read_text())
        registry = registry.with_resource(BASE + part, DRAFT4.create_resource(schema))
    schema = json.loads((OCDS / name).read_text())
    return Draft4Validator(schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)


def assert_valid(name: str, content: bytes) -> dict[str, Any]:
    data = json.loads(content)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(data)]
    assert errors == []
    return data


def export(slug: str, *flags: str) -> bytes:
    out = io.StringIO()
    call_command("export", "ocds", slug, *flags, stdout=out)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def w() -> World:
    return World()


@pytest.fixture
def signed(w: World) -> Procurement:
    return sign(w, in_standstill(w), SIGNED)


def tags(procurement: Procurement) -> list[list[str]]:
    return list(Release.objects.filter(procurement=procurement).values_list("tag", flat=True))


# ---------------------------------------------------------------- the releases


def test_each_published_step_is_a_release_with_its_tag_under_one_ocid(w, settings):
    settings.ACCORD_OCID_PREFIX = "ocds-abc123"
    procurement = opened(w)
    assert tags(procurement) == [["planning"], ["tender"]]
    procurement = in_standstill_of(w, procurement)
    assert tags(procurement) == [["planning"], ["tender"], ["award"]]
    sign(w, procurement, SIGNED)
    assert tags(procurement) == [["planning"], ["tender"], ["award"], ["contract"]]
    rows = list(Release.objects.filter(procurement=procurement).order_by("id"))
    assert {row.ocid for row in rows} == {f"ocds-abc123-oxon-{procurement.pk}"}
    assert [row.release_id for row in rows] == [
        f"ocds-abc123-oxon-{procurement.pk}-0{n}-{tag}"
        for n, tag in enumerate(("planning", "tender", "award", "contract"), start=1)
    ]
    # Each written with its own audit event, in the step's transaction.
    assert AuditEvent.objects.filter(action="procurement.release_publish").count() == 4
    # A procurement keeps its ocid when the setting changes later.
    settings.ACCORD_OCID_PREFIX = "ocds-zzz999"
    assert releases.ocid_of(procurement) == f"ocds-abc123-oxon-{procurement.pk}"


def in_standstill_of(w: World, procurement: Procurement) -> Procurement:
    """The rest of test_services.in_standstill, on a procurement already open."""
    from accord.procurement import services

    from .test_services import AFTER, AGREED, NOTICE, panel_member, refresh

    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    criteria = list(procurement.criteria.order_by("id"))[:2]
    bids = list(procurement.bids.order_by("id"))
    for user in (w.anna, w.ben):
        evaluator = panel_member(procurement, user)
        for index, bid in enumerate(bids):
            for criterion, score in zip(criteria, AGREED[index], strict=True):
                services.score_record(
                    actor=user, evaluator=evaluator, bid=bid, criterion=criterion, score=score
                )
        services.scores_submit(actor=user, evaluator=evaluator)
    for index, bid in enumerate(bids):
        for criterion, score in zip(criteria, AGREED[index], strict=True):
            services.moderation_record(
                actor=w.officer, bid=bid, criterion=criterion, score=score, rationale="Agreed"
            )
    services.evaluation_complete(actor=w.officer, procurement=procurement)
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
    return refresh(procurement)


def test_the_award_and_contract_publish_the_winner_and_value_and_no_other_bid_or_score(signed):
    content = export("oxon")
    text = content.decode()
    data = json.loads(content)
    award = next(r for r in data["releases"] if r["tag"] == ["award"])
    assert award["awards"][0]["suppliers"] == [
        {"id": award["awards"][0]["suppliers"][0]["id"], "name": "Oxford Floating Support"}
    ]
    assert award["awards"][0]["value"] == {"amount": 120000, "currency": "GBP"}
    assert award["tender"]["numberOfTenderers"] == 3
    assert {t["name"] for t in award["tender"]["tenderers"]} == {
        "Oxford Floating Support",
        "Cherwell Housing Trust",
        "Vale Support",
    }
    contract = next(r for r in data["releases"] if r["tag"] == ["contract"])["contracts"][0]
    assert contract["dateSigned"].startswith("2026-01-07")
    assert contract["value"] == {"amount": 120000, "currency": "GBP"}
    # The losing bids' prices and the panel's scores and rationales are never published.
    for secret in ("90000", "100000", "Agreed", "moderat"):
        assert secret not in text


def test_amounts_are_exact_json_numbers():
    assert ocds.amount(Decimal("1234567.89")) == 1234567.89
    assert json.dumps(ocds.amount(Decimal("1234567.89"))) == "1234567.89"
    assert json.dumps(ocds.amount(Decimal("999999999999.99"))) == "999999999999.99"
    assert json.dumps(ocds.amount(Decimal("1200000.00"))) == "1200000"
    with pytest.raises(ValueError, match="exactly"):
        ocds.amount(Decimal("0.1234567890123456789"))


# ---------------------------------------------------------------- immutability


def test_a_published_release_cannot_be_changed_or_removed_only_followed(signed):
    release = Release.objects.filter(procurement=signed).order_by("id").first()
    assert release is not None
    original = dict(release.data)
    release.data = {**original, "tag": ["tenderUpdate"]}
    with pytest.raises(ReleaseImmutable, match="cannot be changed"):
        release.save()
    with pytest.raises(ReleaseImmutable, match="cannot be removed"):
        release.delete()
    # Below the model, the database refuses too (a trigger on SQLite and PostgreSQL).
    with (
        pytest.raises(Exception, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE procurement_release SET release_id = 'x' WHERE id = %s", [release.pk]
        )
    release.refresh_from_db()
    assert release.data == original


@pytest.mark.postgresql
def test_on_postgresql_a_published_release_cannot_be_deleted_below_the_model(signed):
    release = Release.objects.filter(procurement=signed).first()
    assert release is not None
    with (
        pytest.raises(Exception, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM procurement_release WHERE id = %s", [release.pk])
    assert Release.objects.filter(pk=release.pk).exists()


# ---------------------------------------------------------------- amendments


def test_a_variation_is_a_new_contract_amendment_release(w, signed):
    contract = signed.contract
    first = releases.contract_amendment_release_publish(
        actor=w.officer, contract=contract, on=datetime.date(2027, 4, 1), amendment_id="V1",
        rationale="The pooled budget fell in 2027/28 (board decision)",
        description="Value reduced", value=Decimal("110000.50"),
    )  # fmt: skip
    assert first is not None
    assert first.tag == ["contractAmendment"]
    second = releases.contract_amendment_release_publish(
        actor=w.officer, contract=contract, on=datetime.date(2028, 4, 1), amendment_id="V2",
        rationale="Extended by a year", description="", end_date=datetime.date(2030, 3, 31),
    )  # fmt: skip
    assert second is not None
    with pytest.raises(Exception, match="already has a variation"):
        releases.contract_amendment_release_publish(
            actor=w.officer, contract=contract, on=datetime.date(2028, 5, 1),
            amendment_id="V2", rationale="Again", description="",
        )  # fmt: skip
    records = assert_valid("record-package-schema.json", export("oxon", "--records"))
    compiled = records["records"][0]["compiledRelease"]
    varied = compiled["contracts"][0]
    assert varied["value"] == {"amount": 110000.5, "currency": "GBP"}
    assert varied["period"]["endDate"].startswith("2030-03-31")
    assert [a["id"] for a in varied["amendments"]] == ["V1", "V2"]
    assert varied["amendments"][1]["amendsReleaseID"] == first.release_id
    assert '"amount": 110000.5,' in export("oxon", "--records").decode()


def test_a_contract_let_without_a_procurement_publishes_no_amendment(w):
    contract: Any = factories.ContractFactory(partnership=w.partnership)
    published = releases.contract_amendment_release_publish(
        actor=w.officer, contract=contract, on=datetime.date(2027, 4, 1), amendment_id="V1",
        rationale="Budget", description="",
    )  # fmt: skip
    assert published is None
    assert Release.objects.count() == 0


def test_a_termination_is_a_contract_termination_release(w, signed):
    published = releases.contract_termination_release_publish(
        actor=w.officer, contract=signed.contract, on=datetime.date(2027, 9, 30),
        reason="The provider withdrew from the area",
    )  # fmt: skip
    assert published is not None
    assert published.data["contracts"][0]["status"] == "terminated"
    assert_valid("release-package-schema.json", export("oxon"))


# ---------------------------------------------------------------- the exports


def test_the_release_and_record_packages_validate_offline(signed, monkeypatch):
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing is fetched")

    monkeypatch.setattr("requests.get", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    ocds.merger.cache_clear()
    data = assert_valid("release-package-schema.json", export("oxon"))
    assert len(data["releases"]) == 4
    records = assert_valid("record-package-schema.json", export("oxon", "--records"))
    (record,) = records["records"]
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["status"] == "complete"
    assert compiled["awards"][0]["suppliers"][0]["name"] == "Oxford Floating Support"
    assert compiled["contracts"][0]["awardID"] == compiled["awards"][0]["id"]
    assert compiled["tender"]["milestones"][0]["status"] == "met"


def test_the_validator_checks_formats():
    bad = {"uri": "x", "version": "1.1", "publishedDate": "yesterday", "publisher": {"name": "x"},
           "releases": []}  # fmt: skip
    assert any("date-time" in e.message for e in validator("release-package-schema.json")
               .iter_errors(bad))  # fmt: skip


def test_the_shipped_release_schema_is_the_standards_own():
    sums = {}
    for line in (OCDS / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    digest = hashlib.sha256(ocds.RELEASE_SCHEMA.read_bytes()).hexdigest()
    assert digest == sums["./release-schema.json"]


def forge(procurement: Procurement, change: Any) -> None:
    """A release written behind the services' back, as a corrupted feed would carry."""
    last = Release.objects.filter(procurement=procurement).order_by("id").last()
    assert last is not None
    data = json.loads(json.dumps(last.data))
    change(data)
    data["id"] = f"{last.ocid}-99-forged"
    Release(
        partnership_id=procurement.partnership_id, procurement=procurement, ocid=last.ocid,
        release_id=data["id"], date=last.date, tag=data["tag"], data=data,
    ).save()  # fmt: skip


def contract_of(data: dict[str, Any]) -> dict[str, Any]:
    contract: dict[str, Any] = data["contracts"][0]
    return contract


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: contract_of(d).update(dateSigned="2026-01-05T00:00Z"), "before the standstill"),
        (lambda d: contract_of(d).update(value={"amount": 130000, "currency": "GBP"}), "worth"),
        (lambda d: contract_of(d).update(value={"amount": 1, "currency": "EUR"}), "not pounds"),
        (lambda d: contract_of(d).update(dateSigned="2025-01-01T00:00:00Z"), "before its award"),
    ],
)  # fmt: skip
def test_an_incoherent_feed_is_refused_with_exit_status_1_and_the_problem(
    signed, change, problem, capsys
):
    forge(signed, change)
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("export", "ocds", "oxon", stdout=io.StringIO(), stderr=err)
    assert stopped.value.code == 1
    assert problem in err.getvalue()
    assert f"ocds-xxxxxx-oxon-{signed.pk}" in err.getvalue()


def test_an_award_to_one_who_did_not_bid_is_incoherent(signed):
    releases_data = [r.data for r in Release.objects.filter(procurement=signed).order_by("id")]
    award = next(d for d in releases_data if d["tag"] == ["award"])
    award["awards"][0]["suppliers"] = [{"id": "GB-COH-00000001", "name": "Stranger Ltd"}]
    problems = ocds.coherence_problems(releases_data)
    assert any("Stranger Ltd is not among the tenderers" in p for p in problems)


# ---------------------------------------------------------------- pages and API


def test_the_public_pages_show_what_was_published_to_anyone(w, signed):
    anyone = Client()
    listing = anyone.get(reverse("procurement:published-list", args=["oxon"]))
    assert listing.status_code == 200
    assert "OX-FS-2025" in listing.content.decode()
    page = anyone.get(reverse("procurement:published-detail", args=["oxon", signed.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Oxford Floating Support" in text
    assert "£120,000.00" in text
    assert "7 January 2026" in text  # signed: the compiled contract's dateSigned
    assert "90,000" not in text
    # A procurement still being planned has published nothing: not the public's.
    planned: Any = factories.ProcurementFactory(partnership=w.partnership)
    assert (
        anyone.get(reverse("procurement:published-detail", args=["oxon", planned.pk])).status_code
        == 404
    )


def test_the_downloads_and_the_api_give_the_same_valid_bytes(signed):
    anyone = Client()
    for page, operation, schema, flags in (
        ("release-package", "ocds_release_package", "release-package-schema.json", ()),
        ("record-package", "ocds_record_package", "record-package-schema.json", ("--records",)),
    ):
        download = anyone.get(reverse(f"procurement:{page}", args=["oxon"]))
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert_valid(schema, download.content)
        api = anyone.get(reverse(f"api:{operation}", args=["oxon"]))
        assert api.status_code == 200
        assert api.content == download.content == export("oxon", *flags)


def test_an_incoherent_feed_is_refused_on_the_page_and_in_the_api(signed):
    forge(signed, lambda d: contract_of(d).update(dateSigned="2026-01-05T00:00:00Z"))
    anyone = Client()
    download = anyone.get(reverse("procurement:release-package", args=["oxon"]))
    assert download.status_code == 409
    assert "before the standstill" in download.content.decode()
    api = anyone.get(reverse("api:ocds_record_package", args=["oxon"]))
    assert api.status_code == 409
    assert "before the standstill" in json.dumps(api.json())


def test_the_public_list_reads_a_fixed_number_of_queries(w, django_assert_max_num_queries):
    anyone = Client()
    opened(w)
    with django_assert_max_num_queries(12) as few:
        anyone.get(reverse("procurement:published-list", args=["oxon"]))
    for n in range(3):
        procurement: Any = factories.ProcurementFactory(partnership=w.partnership)
        factories.CriterionFactory(procurement=procurement, weight=100)
        from accord.procurement import services

        services.procurement_open(
            actor=w.officer, procurement=procurement, decision=w.decision("tendering_strategy"),
            now=datetime.datetime(2025, 10, 27 - n, 9, tzinfo=datetime.UTC),
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        anyone.get(reverse("procurement:published-list", args=["oxon"]))


def codes(name: str) -> set[str]:
    with (OCDS / "codelists" / name).open(newline="") as rows:
        return {row["Code"] for row in csv.DictReader(rows)}


def test_the_open_codelists_values_are_the_standards(w, signed):
    # Closed codelists are enums the schema checks; open ones (partyRole, documentType) are
    # not, so each code we publish is checked against the standard's list by name.
    releases_data = json.loads(export("oxon"))["releases"]
    roles = {role for data in releases_data for party in data["parties"] for role in party["roles"]}
    assert roles <= codes("partyRole.csv")
    documents = {
        document["documentType"]
        for data in releases_data
        for section in (data.get("tender", {}), *data.get("awards", []))
        for document in section.get("documents", [])
    }
    assert documents == {"tenderNotice", "awardNotice"}
    assert documents <= codes("documentType.csv")


def test_the_command_refuses_an_incoherent_feed_with_status_1(signed, capsys):
    forge(signed, lambda d: contract_of(d).update(value={"amount": 1, "currency": "EUR"}))
    assert main(["export", "ocds", "oxon"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "not pounds (GBP)" in captured.err


def test_varying_or_ending_a_procured_contract_in_the_register_publishes_its_release(w, signed):
    """The commissioning register's services publish a procured contract's variation and
    early end as releases, in their own transaction, through the hooks procurement plugs in."""
    contract = signed.contract
    decision: Any = factories.ProposalFactory(
        deciding_body=factories.BodyFactory(partnership=w.partnership),
        kind=ProposalKind.CONTRACT_VARIATION,
        state=ProposalState.CARRIED,
        decided_on=datetime.date(2027, 2, 11),
    )
    commissioning.contract_vary(
        actor=w.officer, contract=contract, agreed_on=datetime.date(2027, 3, 1),
        effective_on=datetime.date(2027, 4, 1), reason="Extended a year, on the board's decision",
        decision=decision, end_date=datetime.date(2030, 3, 31),
    )  # fmt: skip
    varied = Release.objects.filter(procurement=signed).latest("id")
    assert varied.tag == ["contractAmendment"]
    published = varied.data["contracts"][0]
    assert published["period"]["endDate"].startswith("2030-03-31")
    assert published["amendments"][-1]["id"] == f"{contract.reference}-variation-1"
    assert published["amendments"][-1]["rationale"] == "Extended a year, on the board's decision"
    commissioning.contract_terminate(
        actor=w.officer, contract=contract, terminated_on=datetime.date(2028, 9, 30),
        reason_code="provider_notice", reason="The provider gave six months' notice",
        decision=None,
    )  # fmt: skip
    ended = Release.objects.filter(procurement=signed).latest("id")
    assert ended.tag == ["contractTermination"]
    assert ended.data["contracts"][0]["status"] == "terminated"
    assert "The provider gave notice: The provider gave six months' notice" in json.dumps(
        ended.data
    )
    assert_valid("release-package-schema.json", export("oxon"))
    assert_valid("record-package-schema.json", export("oxon", "--records"))
