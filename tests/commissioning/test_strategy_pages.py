"""The strategy's pages: an officer adds a strategy, its outcomes, intentions and actions;
progress is shown from the register; an adopted strategy is public, a draft is not; bad
input is refused naming the field; the lists' queries do not grow with their length."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import AnnualPlanAction, Strategy, TargetOutcome
from tests import factories
from tests.governance.register_data import partnership_with_officer

D = datetime.date
# A floating support service, in hours a week (the factory makes sheltered housing).
FLOATING = {"delivery_model": "floating", "service_type": "floating", "capacity_unit": "hours"}


@pytest.fixture
def wychwood(db) -> Any:
    return partnership_with_officer()


@pytest.fixture
def officer(client, sign_in, wychwood) -> Any:
    sign_in("wychwood-officer")
    return client


def url(name: str, partnership: Any, *args: Any) -> str:
    return reverse(f"commissioning:{name}", args=[partnership.slug, *args])


def adopted(partnership: Any, **values: Any) -> Any:
    decision: Any = factories.ProposalFactory(
        deciding_body__partnership=partnership,
        kind="strategy",
        state="carried",
        title="Strategy 2004-09",
        decided_on=D(2005, 1, 26),
    )
    return services.strategy_create(
        actor=None,
        partnership=partnership,
        **{
            "title": "Supporting People Strategy 2004-09",
            "first_year": 2004,
            "last_year": 2008,
            "status": "adopted",
            "decision": decision,
            **values,
        },
    )


def floating_growth(strategy: Any) -> Any:
    return services.outcome_create(
        actor=None, strategy=strategy, title="More people supported at home",
        measure="capacity", delivery_model="floating", capacity_unit="hours",
        baseline_date=D(2004, 4, 1), target_figure=300, target_date=D(2008, 4, 1),
    )  # fmt: skip


def test_an_officer_adds_a_strategy_and_an_outcome_whose_progress_comes_from_the_register(
    officer, wychwood
):
    decision: Any = factories.ProposalFactory(
        deciding_body__partnership=wychwood, kind="strategy", state="carried", title="Adopt it"
    )
    response = officer.post(
        url("strategy-create", wychwood),
        {"title": "Strategy 2004-09", "first_year": "2004", "last_year": "2008",
         "status": "adopted", "decision": decision.pk, "summary": ""},
    )  # fmt: skip
    strategy = Strategy.objects.get(partnership=wychwood)
    assert response["Location"] == url("strategy-detail", wychwood, strategy.pk)
    assert AuditEvent.objects.filter(action="strategy.create", actor_name="wychwood-officer")

    provider: Any = factories.ProviderFactory(partnership=wychwood)
    factories.ServiceFactory(**FLOATING, provider=provider, capacity=100, start_date=D(2004, 4, 1))
    factories.ServiceFactory(**FLOATING, provider=provider, capacity=150, start_date=D(2006, 1, 1))
    response = officer.post(
        url("outcome-create", wychwood, strategy.pk),
        {"title": "More floating support", "measure": "capacity", "delivery_model": "floating",
         "service_type": "", "client_group": "", "capacity_unit": "hours",
         "baseline_figure": "", "baseline_date": "2004-04-01", "target_figure": "300",
         "target_date": "2008-04-01"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    page = officer.get(url("strategy-detail", wychwood, strategy.pk), {"on": "2006-04-01"})
    text = page.content.decode()
    assert "More floating support" in text
    assert "100 on 1 Apr 2004" in text  # the baseline, read from the register
    assert "250 on 1 Apr 2006" in text  # today's figure
    assert "75%" in text  # (250 - 100) / (300 - 100)
    assert "On track" in text


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"first_year": "2008", "last_year": "2004"}, "last_year", "cannot be before the first"),
        ({"first_year": "04"}, "first_year", "Enter a year from 1990 to 2099"),
        ({"status": "adopted"}, "decision", "Choose the carried decision"),
        ({"title": ""}, "title", "Enter the strategy&#x27;s title"),
    ],
)
def test_the_strategy_form_refuses_bad_input_naming_the_field(
    officer, wychwood, values, field, message
):
    form = {"title": "Strategy", "first_year": "2004", "last_year": "2008", "status": "draft"}
    response = officer.post(url("strategy-create", wychwood), {**form, **values})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="#id_{field}' in page  # the error summary links to the field
    assert message in page
    assert not Strategy.objects.exists()


def test_the_outcome_form_refuses_a_target_date_outside_the_strategy(officer, wychwood):
    strategy = adopted(wychwood)
    response = officer.post(
        url("outcome-create", wychwood, strategy.pk),
        {"title": "More", "measure": "services", "target_figure": "3",
         "baseline_date": "2004-04-01", "target_date": "2011-04-01"},
    )  # fmt: skip
    page = response.content.decode()
    assert 'href="#id_target_date' in page
    assert "within the strategy" in page
    assert not TargetOutcome.objects.exists()


def test_an_adopted_strategy_is_public_and_a_draft_is_not(client, wychwood):
    strategy = adopted(wychwood)
    floating_growth(strategy)
    draft = services.strategy_create(
        actor=None, partnership=wychwood, title="Strategy 2009-14 (draft)",
        first_year=2009, last_year=2013,
    )  # fmt: skip
    listing = client.get(url("strategy-list", wychwood)).content.decode()
    assert "Supporting People Strategy 2004-09" in listing
    assert "Strategy 2009-14" not in listing
    assert client.get(url("strategy-detail", wychwood, strategy.pk)).status_code == 200
    assert client.get(url("intention-list", wychwood, strategy.pk)).status_code == 200
    assert client.get(url("plan-detail", wychwood, strategy.pk, 2005)).status_code == 200
    for name, args in (
        ("strategy-detail", [draft.pk]),
        ("intention-list", [draft.pk]),
        ("plan-detail", [draft.pk, 2009]),
        ("outcome-export", [draft.pk]),
    ):
        assert client.get(url(name, wychwood, *args)).status_code == 404
    assert client.get(url("strategy-update", wychwood, strategy.pk)).status_code in {302, 403}


def test_the_annual_plan_shows_each_years_actions_with_their_links(officer, wychwood):
    strategy = adopted(wychwood)
    proposal: Any = factories.ProposalFactory(
        deciding_body__partnership=wychwood, title="Remodel the warden service",
        kind="commissioning_decision", state="carried", decided_on=D(2005, 10, 6),
    )  # fmt: skip
    service: Any = factories.ServiceFactory(
        provider__partnership=wychwood, reference="WYCH-0001", name="Wardens"
    )
    response = officer.post(
        url("action-create", wychwood, strategy.pk, 2005),
        {"financial_year": "2005", "text": "Remodel the resident warden service",
         "due_date": "2006-03-31", "status": "planned", "proposals": [proposal.pk],
         "services": [service.pk]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    action = AnnualPlanAction.objects.get()
    assert list(action.proposals.all()) == [proposal]
    page = officer.get(url("plan-detail", wychwood, strategy.pk, 2005)).content.decode()
    assert "Annual plan 2005/06" in page
    assert "Remodel the warden service" in page
    assert "WYCH-0001 Wardens" in page
    assert (
        "No actions"
        in officer.get(url("plan-detail", wychwood, strategy.pk, 2006)).content.decode()
    )
    assert officer.get(url("plan-detail", wychwood, strategy.pk, 2010)).status_code == 404

    rows = list(
        csv.reader(
            io.StringIO(officer.get(url("plan-export", wychwood, strategy.pk)).content.decode())
        )
    )
    assert rows[1][1:3] == ["2005/06", "Remodel the resident warden service"]
    assert rows[1][rows[0].index("services")] == "WYCH-0001"


def test_the_action_form_offers_only_this_partnerships_proposals(officer, wychwood):
    strategy = adopted(wychwood)
    theirs: Any = factories.ProposalFactory(title="Elsewhere's proposal")
    response = officer.post(
        url("action-create", wychwood, strategy.pk, 2005),
        {"financial_year": "2005", "text": "x", "due_date": "2006-03-31", "status": "planned",
         "proposals": [theirs.pk]},
    )  # fmt: skip
    assert 'href="#id_proposals' in response.content.decode()
    assert not AnnualPlanAction.objects.exists()


def test_intentions_are_listed_by_client_group(officer, wychwood):
    strategy = adopted(wychwood)
    response = officer.post(
        url("intention-create", wychwood, strategy.pk),
        {"client_group": "18", "direction": "increase", "rationale": "More supported housing"},
    )
    assert response.status_code == 302
    page = officer.get(url("intention-list", wychwood, strategy.pk)).content.decode()
    assert "Teenage parents" in page
    assert "Increase" in page
    again = officer.post(
        url("intention-create", wychwood, strategy.pk),
        {"client_group": "18", "direction": "reduce", "rationale": "Fewer"},
    )
    assert 'href="#id_client_group' in again.content.decode()


def test_the_outcomes_csv_gives_each_figure_and_its_standing(client, wychwood):
    strategy = adopted(wychwood)
    floating_growth(strategy)
    factories.ServiceFactory(**FLOATING, provider__partnership=wychwood, capacity=100)
    response = client.get(url("outcome-export", wychwood, strategy.pk), {"on": "2006-04-01"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["baseline"] == "100"
    assert rows[0]["baseline_from_register"] == "yes"
    assert rows[0]["current"] == "100"
    assert rows[0]["progress_percent"] == "0"
    assert rows[0]["standing"] == "Behind"
    assert rows[0]["unit"] == "hours of support a week"


def grow(strategy: Any, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        outcome_kind = ("capacity", "services", "contract_value")[i % 3]
        factories.TargetOutcomeFactory(
            strategy=strategy,
            measure=outcome_kind,
            capacity_unit="hours" if outcome_kind == "capacity" else "",
        )
        factories.CommissioningIntentionFactory(strategy=strategy, client_group=i % 21 + 1)
        action: Any = factories.AnnualPlanActionFactory(strategy=strategy, financial_year=2005)
        action.proposals.add(
            factories.ProposalFactory(deciding_body__partnership=strategy.partnership)
        )
        action.services.add(factories.ServiceFactory(provider__partnership=strategy.partnership))
        action.contracts.add(factories.ContractFactory(provider__partnership=strategy.partnership))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("strategy-detail", []),
        ("intention-list", []),
        ("plan-detail", [2005]),
        ("outcome-export", []),
        ("plan-export", []),
    ],
)
def test_the_pages_queries_do_not_grow_with_the_strategy(
    officer, wychwood, django_assert_max_num_queries, name, args
):
    strategy = adopted(wychwood)
    grow(strategy, 3)
    with django_assert_max_num_queries(40) as few:
        assert officer.get(url(name, wychwood, strategy.pk, *args)).status_code == 200
    grow(strategy, 18, start=3)
    with django_assert_max_num_queries(len(few)):
        officer.get(url(name, wychwood, strategy.pk, *args))


def test_the_list_page_queries_do_not_grow_with_the_strategies(
    client, wychwood, django_assert_max_num_queries
):
    for i in range(2):
        adopted(wychwood, title=f"Small {i}")
    with django_assert_max_num_queries(30) as few:
        client.get(url("strategy-list", wychwood))
    for i in range(20):
        adopted(wychwood, title=f"Large {i}")
    with django_assert_max_num_queries(len(few)):
        page = client.get(url("strategy-list", wychwood)).content.decode()
    assert "Large 19" in page
