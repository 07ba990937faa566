"""A procurement through its services, from the tendering strategy to the signed contract
(issue 16): each step refused by the lifecycle table's words, naming the field, and
changing nothing. The story is Oxfordshire's retender of floating support (seed 004: the
board "approves tendering strategies/approves tenders"); figures are illustrative."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.audit.models import AuditEvent
from accord.commissioning.models import Contract, ContractStatus
from accord.core.errors import AccordError
from accord.decisions.models import ProposalState
from accord.procurement import selectors, services
from accord.procurement.models import Bid, Evaluator, Procurement, Score
from tests import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DEADLINE = datetime.datetime(2025, 11, 28, 12, 0, tzinfo=UTC)
AFTER = datetime.datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
NOTICE = datetime.date(2025, 12, 22)  # a Monday; 25, 26 Dec and 1, 2 Jan are holidays


class World:
    """Made by factories, typed by them as Any."""

    partnership: Any
    board: Any
    officer: Any
    anna: Any
    ben: Any
    providers: list[Any]

    def __init__(self) -> None:
        self.partnership = factories.PartnershipFactory(slug="oxon", name="Oxfordshire")
        self.board = factories.BodyFactory(partnership=self.partnership, name="Commissioning Body")
        self.officer = factories.UserFactory(username="officer")
        self.anna = factories.UserFactory(username="anna")
        self.ben = factories.UserFactory(username="ben")
        self.providers = [
            factories.ProviderFactory(partnership=self.partnership, name=name)
            for name in ("Oxford Floating Support", "Cherwell Housing Trust", "Vale Support")
        ]

    def decision(self, kind: str, state: str = ProposalState.CARRIED):
        return factories.ProposalFactory(
            deciding_body=self.board, partnership=self.partnership, kind=kind, state=state
        )


@pytest.fixture
def w() -> World:
    return World()


def strategy(w: World, **changes) -> Procurement:
    values = {
        "actor": w.officer,
        "partnership": w.partnership,
        "reference": "OX-FS-2025",
        "title": "Floating support across Oxfordshire",
        "estimated_value": "1200000.00",
        "term_months": 36,
        "procedure": "open",
        "regime": "pa2023",
        "light_touch": True,
        "notice_on": datetime.date(2025, 10, 27),
        "deadline": DEADLINE,
        **changes,
    }
    procurement = services.procurement_create(**values)
    services.criterion_add(
        actor=w.officer, procurement=procurement, name="Quality of support", kind="quality",
        weight=40, max_score=10,
    )  # fmt: skip
    services.criterion_add(
        actor=w.officer, procurement=procurement, name="User involvement", kind="quality",
        weight=20, max_score=5,
    )  # fmt: skip
    services.criterion_add(
        actor=w.officer, procurement=procurement, name="Price", kind="price", weight=40
    )
    return procurement


def opened(w: World) -> Procurement:
    procurement = strategy(w)
    services.procurement_open(
        actor=w.officer,
        procurement=procurement,
        decision=w.decision("tendering_strategy"),
        now=datetime.datetime(2025, 10, 27, 9, tzinfo=UTC),
    )
    for evaluator in (w.anna, w.ben):
        services.evaluator_add(actor=w.officer, procurement=procurement, user=evaluator)
    for provider, price in zip(w.providers, ("120000.00", "90000.00", "100000.00"), strict=True):
        services.bid_receive(
            actor=w.officer,
            procurement=procurement,
            provider=provider,
            price=price,
            received_at=DEADLINE - datetime.timedelta(days=1),
        )
    return refresh(procurement)


def panel_member(procurement: Procurement, user) -> Evaluator:
    return Evaluator.objects.get(procurement=procurement, user=user)


def late_provider(w: World) -> Any:
    return factories.ProviderFactory(partnership=w.partnership, name="Late Ltd")


def refresh(procurement: Procurement) -> Procurement:
    return Procurement.objects.get(pk=procurement.pk)


# Moderated scores: (quality of support /10, user involvement /5) for each provider.
AGREED = {0: (9, 5), 1: (6, 3), 2: (7, 4)}


def evaluated(w: World) -> Procurement:
    procurement = opened(w)
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    criteria = selectors.criteria_of(procurement)[:2]
    bids = list(Bid.objects.filter(procurement=procurement).order_by("id"))
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
    return refresh(procurement)


def in_standstill(w: World) -> Procurement:
    procurement = evaluated(w)
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
    return refresh(procurement)


def sign(w: World, procurement: Procurement, on: datetime.date) -> Procurement:
    return services.contract_sign(
        actor=w.officer,
        procurement=procurement,
        on=on,
        reference="OX-C-2026-01",
        department="Supporting People Team",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2029, 3, 31),
    )


def unchanged(call, error=AccordError, field: str | None = None) -> Exception:
    """The call is refused (naming ``field``) and records nothing."""
    events = AuditEvent.objects.count()
    with pytest.raises(error) as refused:
        call()
    assert AuditEvent.objects.count() == events
    if field is not None:
        if isinstance(refused.value, ValidationError):
            assert field in refused.value.message_dict
        else:
            assert refused.value.field == field
    return refused.value


# ---------------------------------------------------------------- the whole path


def test_from_the_tendering_strategy_to_the_signed_contract_in_the_register(w):
    procurement = in_standstill(w)
    # Totals and ranking computed from the moderated scores and prices, never typed:
    # Oxford 36 + 20 + 30 = 86; Vale 28 + 16 + 36 = 80; Cherwell 24 + 12 + 40 = 76.
    ranked = selectors.evaluation(procurement)
    assert [(r.bid.provider.name, r.total, r.rank) for r in ranked] == [
        ("Oxford Floating Support", Decimal("86.00"), 1),
        ("Vale Support", Decimal("80.00"), 2),
        ("Cherwell Housing Trust", Decimal("76.00"), 3),
    ]
    assert procurement.awarded_bid is not None
    assert procurement.awarded_bid.provider.name == "Oxford Floating Support"
    # Eight working days beginning with Monday 22 December 2025: 22, 23, 24, 29, 30, 31
    # December, then 5 and 6 January (2 January is Scotland's bank holiday).
    assert procurement.standstill_last_day == datetime.date(2026, 1, 6)
    signed = sign(w, procurement, datetime.date(2026, 1, 7))
    assert signed.state == "signed"
    contract = signed.contract
    assert contract is not None
    assert contract.status == ContractStatus.LET
    assert contract.provider.name == "Oxford Floating Support"
    assert contract.decision_id == signed.award_decision_id
    assert contract.route == "tender"
    assert contract.title == "Floating support across Oxfordshire"


# ---------------------------------------------------------------- the refusals


def test_a_tender_cannot_open_without_the_carried_tendering_strategy(w):
    procurement = strategy(w)
    for decision in (None, w.decision("tendering_strategy", "tabled"), w.decision("policy")):
        unchanged(
            lambda d=decision: services.procurement_open(
                actor=w.officer, procurement=procurement, decision=d
            ),
            ValidationError,
            "decision",
        )
    assert refresh(procurement).state == "planning"
    assert refresh(procurement).strategy_decision is None


def test_a_tender_cannot_open_until_its_weights_add_up_to_100(w):
    procurement = services.procurement_create(
        actor=w.officer, partnership=w.partnership, reference="OX-1", title="Floating support",
        estimated_value="1000", term_months=12, procedure="open", regime="pa2023",
        deadline=DEADLINE,
    )  # fmt: skip
    services.criterion_add(
        actor=w.officer, procurement=procurement, name="Quality", kind="quality", weight=60,
        max_score=10,
    )  # fmt: skip
    error = unchanged(
        lambda: services.procurement_open(
            actor=w.officer, procurement=procurement, decision=w.decision("tendering_strategy")
        ),
        ValidationError,
        "criteria",
    )
    assert "add up to 60, not 100" in str(error)


@pytest.mark.parametrize("price", ["0", "0.00", "-1"])
def test_a_bid_of_no_price_is_refused_on_its_field(w, price):
    # The price formula divides by it: a bid of £0 would leave the tender unrankable.
    procurement = opened(w)
    error = unchanged(
        lambda: services.bid_receive(
            actor=w.officer, procurement=procurement, provider=late_provider(w), price=price,
            received_at=DEADLINE - datetime.timedelta(hours=1),
        ),
        ValidationError,
        "price",
    )  # fmt: skip
    assert isinstance(error, ValidationError)
    if price != "-1":  # (a negative amount is refused as money already)
        assert error.message_dict["price"] == ["Enter the bid's price: more than £0"]
    assert not Bid.objects.filter(procurement=procurement, provider__name="Late Ltd").exists()


def test_a_late_bid_is_recorded_as_late_and_excluded_with_the_reason(w):
    procurement = opened(w)
    late = services.bid_receive(
        actor=w.officer,
        procurement=procurement,
        provider=late_provider(w),
        price="80000",
        received_at=DEADLINE + datetime.timedelta(minutes=1),
    )
    assert late.late
    assert "after the deadline" in late.excluded_reason
    assert late not in selectors.included_bids(procurement)
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    evaluator = panel_member(procurement, w.anna)
    unchanged(
        lambda: services.score_record(
            actor=w.anna, evaluator=evaluator, bid=late,
            criterion=selectors.criteria_of(procurement)[0], score=5,
        ),
        ValidationError,
        "bid",
    )  # fmt: skip


def test_the_tender_closes_only_after_its_deadline(w):
    procurement = opened(w)
    unchanged(
        lambda: services.procurement_close(
            actor=w.officer, procurement=procurement, now=DEADLINE - datetime.timedelta(hours=1)
        ),
        field="deadline",
    )
    assert refresh(procurement).state == "open"


def test_an_evaluator_cannot_see_the_others_scores_before_submitting_their_own(w):
    procurement = opened(w)
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    anna = panel_member(procurement, w.anna)
    ben = panel_member(procurement, w.ben)
    bid = selectors.included_bids(procurement).all()[0]
    criterion = selectors.criteria_of(procurement)[0]
    services.score_record(actor=w.ben, evaluator=ben, bid=bid, criterion=criterion, score=7)
    with pytest.raises(AccordError) as refused:
        selectors.panel_scores(procurement, evaluator=anna)
    assert refused.value.field == "scores"
    assert list(selectors.own_scores(anna)) == []
    # Nor can one evaluator score as another.
    unchanged(
        lambda: services.score_record(
            actor=w.anna, evaluator=ben, bid=bid, criterion=criterion, score=1
        ),
        field="evaluator",
    )
    assert Score.objects.get(evaluator=ben).score == 7


def test_a_conflicted_evaluator_cannot_score_that_bid(w):
    procurement = opened(w)
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    anna = panel_member(procurement, w.anna)
    bid = selectors.included_bids(procurement).all()[0]
    criterion = selectors.criteria_of(procurement)[0]
    services.score_record(actor=w.anna, evaluator=anna, bid=bid, criterion=criterion, score=8)
    services.conflict_declare(
        actor=w.anna, evaluator=anna, bid=bid, interest="My sister is its chief executive"
    )
    assert not Score.objects.filter(evaluator=anna, bid=bid).exists()  # withdrawn
    unchanged(
        lambda: services.score_record(
            actor=w.anna, evaluator=anna, bid=bid, criterion=criterion, score=8
        ),
        field="bid",
    )


def test_moderation_waits_for_every_evaluator_and_needs_its_rationale(w):
    procurement = opened(w)
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    bid = selectors.included_bids(procurement).all()[0]
    criterion = selectors.criteria_of(procurement)[0]
    unchanged(
        lambda: services.moderation_record(
            actor=w.officer, bid=bid, criterion=criterion, score=5, rationale="Agreed"
        ),
        field="score",
    )


def test_the_evaluation_completes_only_when_every_bid_is_moderated(w):
    procurement = opened(w)
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    unchanged(
        lambda: services.evaluation_complete(actor=w.officer, procurement=procurement),
        field="moderation",
    )


def test_no_award_without_the_carried_tender_award(w):
    procurement = evaluated(w)
    for decision in (None, w.decision("tender_award", "voting"), w.decision("tendering_strategy")):
        unchanged(
            lambda d=decision: services.procurement_award(
                actor=w.officer, procurement=procurement, decision=d
            ),
            ValidationError,
            "decision",
        )
    assert refresh(procurement).state == "evaluated"
    assert refresh(procurement).awarded_bid is None


def test_no_signature_during_the_standstill(w):
    procurement = in_standstill(w)
    error = unchanged(lambda: sign(w, procurement, datetime.date(2026, 1, 6)), field="signed_on")
    assert "standstill period has not ended" in str(error)
    assert refresh(procurement).contract is None
    assert not Contract.objects.exists()


def test_no_signature_while_a_challenge_is_open(w):
    procurement = in_standstill(w)
    loser = Bid.objects.get(procurement=procurement, provider__name="Vale Support")
    challenge = services.challenge_record(
        actor=w.officer, procurement=procurement, bid=loser,
        received_on=datetime.date(2025, 12, 30), grounds="The price formula was misapplied",
    )  # fmt: skip
    error = unchanged(lambda: sign(w, procurement, datetime.date(2026, 2, 2)), field="signed_on")
    assert "challenge" in str(error)
    assert not Contract.objects.exists()
    services.challenge_resolve(
        actor=w.officer, challenge=challenge, resolved_on=datetime.date(2026, 1, 30),
        resolution="Withdrawn after the scores were explained",
    )  # fmt: skip
    assert sign(w, refresh(procurement), datetime.date(2026, 2, 2)).state == "signed"


def test_a_challenge_is_recorded_only_during_the_standstill(w):
    procurement = in_standstill(w)
    loser = Bid.objects.get(procurement=procurement, provider__name="Vale Support")
    unchanged(
        lambda: services.challenge_record(
            actor=w.officer, procurement=procurement, bid=loser,
            received_on=datetime.date(2026, 1, 7), grounds="Too late",
        ),
        ValidationError,
        "received_on",
    )  # fmt: skip


def test_a_light_touch_contract_may_opt_out_of_standstill_with_its_reason(w):
    procurement = evaluated(w)
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    services.award_notice_publish(
        actor=w.officer, procurement=procurement, on=NOTICE,
        opt_out_reason="Continuity of support over Christmas for current clients",
    )  # fmt: skip
    procurement = refresh(procurement)
    assert procurement.standstill_last_day is None
    assert sign(w, procurement, NOTICE).state == "signed"


def test_the_2006_regulations_have_no_standstill_unless_one_is_chosen(w):
    procurement = strategy(w, reference="OX-FS-2008", regime="pcr2006_part_b", light_touch=False)
    assert procurement.rules.standstill.working_days is None
    assert not procurement.rules.standstill.verified
    unchanged(
        lambda: services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE),
        field=None,
    )  # not yet awarded: the table refuses


def test_the_strategy_cannot_change_once_the_tender_is_open(w):
    procurement = opened(w)
    unchanged(
        lambda: services.criterion_add(
            actor=w.officer, procurement=procurement, name="Extra", kind="quality", weight=1,
            max_score=5,
        )
    )  # fmt: skip
