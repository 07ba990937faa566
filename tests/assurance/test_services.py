"""The rules of governance standards, as the services keep them (seed 000 paras 4-6: the
Public Service Board's handbook, whose standards partnerships had to meet by September
2009, and the Audit of Partnerships)."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.assurance import selectors, services
from accord.assurance.models import AuditActionStatus
from accord.core.errors import AccordError
from tests import factories

DEADLINE = datetime.date(2009, 9, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership() -> Any:
    return factories.PartnershipFactory(slug="oxon", name="Oxon")


@pytest.fixture
def handbook(partnership):
    handbook = services.handbook_adopt(
        actor=None, partnership=partnership, title="Partnership Governance Handbook",
        adopted_by="Public Service Board", adopted_on=datetime.date(2009, 7, 1),
        deadline=DEADLINE,
    )  # fmt: skip
    for reference, title in [("1.1", "Terms of reference"), ("2.2", "Conflict resolution"),
                             ("4.2", "Service user involvement")]:  # fmt: skip
        services.standard_add(actor=None, handbook=handbook, reference=reference, title=title)
    return handbook


def test_a_handbook_keeps_its_standards_in_the_order_they_were_added(handbook):
    references = [one.reference for one in selectors.standards_of(handbook)]
    assert references == ["1.1", "2.2", "4.2"]


def test_a_deadline_before_the_handbook_was_adopted_is_refused_on_its_field(partnership):
    with pytest.raises(AccordError) as refused:
        services.handbook_adopt(
            actor=None, partnership=partnership, title="H", adopted_by="Board",
            adopted_on=DEADLINE, deadline=datetime.date(2009, 1, 1),
        )  # fmt: skip
    assert refused.value.field == "deadline"


def test_a_standard_of_the_same_reference_twice_is_refused(handbook):
    with pytest.raises(ValidationError):
        services.standard_add(actor=None, handbook=handbook, reference="1.1", title="Again")


def test_a_standard_not_fully_met_needs_an_action_its_owner_and_a_due_date(handbook):
    assessment = services.self_assessment_create(
        actor=None, handbook=handbook, assessed_on=DEADLINE, assessed_by="Core Strategy Group"
    )
    conflict = selectors.standards_of(handbook)[1]
    cases: list[tuple[str, dict[str, Any]]] = [
        ("action", {}),
        ("owner", {"action": "Decide a fallback rule"}),
        ("due_on", {"action": "Decide a fallback rule", "owner": "Programme manager"}),
    ]
    for missing, given in cases:
        with pytest.raises(AccordError) as refused:
            services.standard_assess(
                actor=None, assessment=assessment, standard=conflict, compliance="partly_met",
                **given,
            )  # fmt: skip
        assert refused.value.field == missing
    row = services.standard_assess(
        actor=None, assessment=assessment, standard=conflict, compliance="partly_met",
        action="Decide a fallback rule", owner="Programme manager",
        due_on=datetime.date(2009, 12, 11),
    )  # fmt: skip
    assert row.compliance == "partly_met"


def test_assessing_a_standard_again_replaces_its_row_and_the_counts_follow(handbook):
    assessment = services.self_assessment_create(
        actor=None, handbook=handbook, assessed_on=DEADLINE, assessed_by="Core Strategy Group"
    )
    terms, conflict, _ = selectors.standards_of(handbook)
    services.standard_assess(actor=None, assessment=assessment, standard=terms, compliance="met")
    services.standard_assess(
        actor=None, assessment=assessment, standard=conflict, compliance="not_met",
        action="Decide", owner="Manager", due_on=DEADLINE,
    )  # fmt: skip
    services.standard_assess(
        actor=None, assessment=assessment, standard=conflict, compliance="met", evidence="Done"
    )
    counts = selectors.assessment_counts(selectors.assessment_rows(assessment))
    assert counts == selectors.Counts(met=2, partly_met=0, not_met=0, not_assessed=1)
    [(_, listed)] = selectors.assessment_list(handbook.partnership)
    assert listed == counts


def test_a_standard_of_another_handbook_is_refused(handbook, partnership):
    other = services.handbook_adopt(
        actor=None, partnership=partnership, title="Other", adopted_by="Board", deadline=DEADLINE
    )
    stranger = services.standard_add(actor=None, handbook=other, reference="9", title="Other")
    assessment = services.self_assessment_create(
        actor=None, handbook=handbook, assessed_on=DEADLINE, assessed_by="Group"
    )
    with pytest.raises(AccordError) as refused:
        services.standard_assess(
            actor=None, assessment=assessment, standard=stranger, compliance="met"
        )
    assert refused.value.field == "standard"


def test_a_handbook_without_standards_cannot_be_assessed(partnership):
    empty = services.handbook_adopt(
        actor=None, partnership=partnership, title="Empty", adopted_by="Board", deadline=DEADLINE
    )
    with pytest.raises(AccordError):
        services.self_assessment_create(
            actor=None, handbook=empty, assessed_on=DEADLINE, assessed_by="Group"
        )


def test_a_finding_against_another_partnerships_standard_is_refused(handbook):
    elsewhere: Any = factories.PartnershipFactory(slug="glos", name="Glos")
    audit = services.governance_audit_record(
        actor=None, partnership=elsewhere, auditor="Internal Audit",
        audited_on=datetime.date(2008, 10, 31), risk="low",
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.audit_finding_add(
            actor=None, audit=audit, finding="x", risk="low",
            standard=selectors.standards_of(handbook)[0],
        )  # fmt: skip
    assert "standard" in refused.value.message_dict


def test_an_audit_action_is_overdue_once_its_due_date_passes_undone_until_done(partnership):
    audit = services.governance_audit_record(
        actor=None, partnership=partnership, auditor="Internal Audit",
        audited_on=datetime.date(2008, 10, 31), risk="medium",
    )  # fmt: skip
    finding = services.audit_finding_add(
        actor=None, audit=audit, finding="No register", risk="medium"
    )
    item = services.audit_action_add(
        actor=None, finding=finding, action="Keep a risk register", owner="Manager",
        due_on=datetime.date(2009, 3, 31),
    )  # fmt: skip
    before, after = datetime.date(2009, 3, 31), datetime.date(2009, 4, 1)
    assert item.status(before) == AuditActionStatus.OPEN
    assert item.status(after) == AuditActionStatus.OVERDUE
    assert list(selectors.audit_actions_overdue(partnership, today=after)) == [item]
    assert list(selectors.audit_actions_overdue(partnership, today=before)) == []
    listed: Any
    [listed] = selectors.audit_list(partnership, today=after)
    assert (listed.open_actions, listed.overdue_actions) == (1, 1)
    done = services.audit_action_complete(actor=None, item=item, done_on=datetime.date(2009, 5, 1))
    assert done.status(after) == AuditActionStatus.DONE
    assert list(selectors.audit_actions_overdue(partnership, today=after)) == []
    with pytest.raises(AccordError):
        services.audit_action_complete(actor=None, item=done, done_on=datetime.date(2009, 5, 2))
