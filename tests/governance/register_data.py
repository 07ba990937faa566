"""A register built through the services, for the page, form, API and permission tests.

Every name carries ``name`` (default "Wychwood"), so the rows never collide with the demo
data and a test can tell whether a response shows any of them.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from accord.governance import services
from accord.governance.models import (
    Amendment,
    Body,
    ConstitutionVersion,
    Membership,
    Partner,
    Person,
    Question,
)
from accord.partnerships.models import Partnership

START = datetime.date(2003, 4, 1)


@dataclass
class Register:
    partnership: Partnership
    partners: list[Partner]
    board: Body
    chief_executives: Body
    groups: list[Body]
    people: list[Person]
    memberships: list[Membership]
    draft: ConstitutionVersion
    amendment: Amendment
    question: Question


def build_register(partnership: Partnership, *, size: int = 2, name: str = "Wychwood") -> Register:
    """``size`` partners, each with a voting representative on the board; ``size`` working
    groups; a draft version of the constitution proposed as an amendment; one question
    with the first partner's position."""
    make: dict[str, Any] = {"actor": None, "partnership": partnership}
    partners = [
        services.partner_create(**make, name=f"{name} Council {i}", kind="district_council")
        for i in range(size)
    ]
    board = services.body_create(
        **make, name=f"{name} Board", kind="deciding_board", purpose="Decides the strategy"
    )
    chief_executives = services.body_create(
        **make, name=f"{name} Chief Executives", kind="escalation_body"
    )
    groups = [
        services.body_create(**make, name=f"{name} Group {i}", kind="officers_group")
        for i in range(size)
    ]
    people = [services.person_create(**make, name=f"{name} Lead Member {i}") for i in range(size)]
    memberships = [
        services.membership_create(
            **make,
            body=board,
            person=person,
            partner=partner,
            role="voting_representative",
            start_date=START,
        )
        for person, partner in zip(people, partners, strict=True)
    ]
    draft = services.constitution_version_create(**make, title=f"{name} agreement, majority")
    services.body_rule_set(
        actor=None,
        version=draft,
        body=board,
        decision_rule={"kind": "majority", "threshold": "1/2", "strict": True},
        fallback_rule={
            "kind": "majority",
            "base": "all",
            "threshold": "1/2",
            "strict": True,
            "max_against": 1,
        },
        conflict_route=["compromise", "escalate", "second_meeting", "call_in"],
        escalation_body=chief_executives,
        call_in_days=10,
        service_user_representatives_vote=True,
    )
    amendment = services.amendment_propose(
        actor=None, version=draft, proposed_on=datetime.date(2009, 12, 11)
    )
    question = services.question_create(
        **make, title=f"{name}: should service users vote?", asked_on=datetime.date(2009, 9, 1)
    )
    services.position_record(
        actor=None,
        question=question,
        partner=partners[0],
        stance="support",
        reasons="Service users know the services best",
        recorded_on=datetime.date(2009, 10, 1),
    )
    return Register(
        partnership,
        partners,
        board,
        chief_executives,
        groups,
        people,
        memberships,
        draft,
        amendment,
        question,
    )


def partnership_with_officer(slug: str = "wychwood", username: str = "wychwood-officer") -> Any:
    """A fresh partnership (no demo data) and a user on its programme team."""
    from django.contrib.auth import get_user_model

    partnership = services.partnership_create(
        actor=None, slug=slug, name=f"{slug.title()} Supporting People"
    )
    user = get_user_model().objects.create_user(username, password="x" * 16)
    services.programme_officer_appoint(
        actor=None, partnership=partnership, user=user, start_date=START
    )
    return partnership


def adopt(register: Register, *, on: datetime.date = datetime.date(2010, 1, 4)) -> None:
    """Every partner signs the draft through its voting representative: it comes into force."""
    for person, partner in zip(register.people, register.partners, strict=True):
        services.signature_record(
            actor=None,
            amendment=register.amendment,
            partner=partner,
            signed_by=person,
            signed_on=on,
        )
