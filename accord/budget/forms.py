"""Forms of the pooled budget's pages: they check input and hand it to one service, which
checks it again (the API's input goes only through the service)."""

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from accord.commissioning.evidence import MAX_BYTES
from accord.commissioning.models import ClientGroup, Contract, ServiceType
from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR, MONEY_MAX
from accord.core.text import NAME, NOTE, REASON
from accord.decisions.models import Proposal, ProposalKind
from accord.governance.models import Partner
from accord.partnerships.web import PartnershipForm, choose_from

from . import selectors
from .ledger import COLUMNS as LEDGER_COLUMNS
from .models import HUNDRED, RISK_SHARE_DIGITS, RISK_SHARE_PLACES, PlanLine, PlanLineKind


def money(label: str, *, required: bool = True, hint: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=hint,
        required=required,
        min_value=0,
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:].split(' (')[0]}",
            "invalid": "Enter an amount in pounds, like 1250000 or 1250000.50",
            "min_value": "Enter an amount of 0 or more",
            "max_value": "Enter an amount under a trillion pounds",
            "max_decimal_places": "Enter pounds and pence, with at most 2 decimal places",
            "max_digits": "Enter an amount under a trillion pounds",
        },
    )


class PoolForm(PartnershipForm):
    financial_year = forms.IntegerField(
        label="Financial year",
        help_text="The year it starts in: 2004 for 2004/05",
        min_value=FIRST_FINANCIAL_YEAR,
        max_value=LAST_FINANCIAL_YEAR,
        error_messages={
            "required": "Enter the financial year",
            "invalid": "Enter the year it starts in, like 2004",
            "min_value": f"Enter a year from {FIRST_FINANCIAL_YEAR}",
            "max_value": f"Enter a year up to {LAST_FINANCIAL_YEAR}",
        },
    )
    administering_authority = forms.ModelChoiceField(
        label="Administering authority (optional)",
        help_text="The partner that holds the pool and receives the grant",
        queryset=Partner.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose one of the partnership's partners"},
    )
    grant = money("Grant received by the administering authority (pounds)")
    outturn = money(
        "Outturn (pounds, optional)",
        required=False,
        hint="The year's actual spend, known at year end",
    )
    note = forms.CharField(
        label="Note (optional)", max_length=NOTE, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, changing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "administering_authority", selectors.partners_of(self.partnership))
        if changing:
            del self.fields["financial_year"]
            self.helper.layout = Layout(*self.layout())

    def layout(self) -> list[Any]:
        shapes = {"administering_authority": Field.select, "note": Field.textarea}
        return [
            shapes[name](name) if name in shapes else Field.text(name, field_width=20)
            for name in self.fields
        ]


class ContributionForm(PartnershipForm):
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=Partner.objects.none(),
        error_messages={
            "required": "Choose the partner",
            "invalid_choice": "Choose one of the partnership's partners",
        },
    )
    amount = money("Contribution (pounds)")
    risk_share = forms.DecimalField(
        label="Share of an overspend or underspend (per cent)",
        help_text="The agreement's term; it may differ from the share of contributions",
        min_value=0,
        max_value=HUNDRED,
        max_digits=RISK_SHARE_DIGITS,
        decimal_places=RISK_SHARE_PLACES,
        error_messages={
            "required": "Enter the partner's share of an overspend or underspend",
            "invalid": "Enter the share as a number, like 25 or 12.5",
            "min_value": "Enter a share of 0 or more",
            "max_value": "Enter a share of 100 or less",
            "max_decimal_places": "Enter the share with at most 4 decimal places",
            "max_digits": "Enter a share of 100 or less",
        },
    )

    def __init__(self, *args: Any, changing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "partner", selectors.partners_of(self.partnership))
        if changing:
            del self.fields["partner"]
            self.helper.layout = Layout(*self.layout())

    def layout(self) -> list[Any]:
        return [
            Field.select(name) if name == "partner" else Field.text(name, field_width=20)
            for name in self.fields
        ]


class PlanLineForm(PartnershipForm):
    kind = forms.ChoiceField(
        label="Kind of line",
        choices=PlanLineKind.choices,
        error_messages={"required": "Choose the kind of line"},
    )
    description = forms.CharField(
        label="Description",
        max_length=NAME,
        error_messages={"required": "Enter a description of the line"},
    )
    client_group = forms.TypedChoiceField(
        label="Client group (optional)",
        choices=[("", "None"), *ClientGroup.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    service_type = forms.ChoiceField(
        label="Service type (optional)",
        choices=[("", "None"), *ServiceType.choices],
        required=False,
    )
    contract = forms.ModelChoiceField(
        label="Contract (optional)",
        queryset=Contract.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose one of the partnership's contracts"},
    )
    amount = money("Amount (pounds)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "contract", selectors.contracts_of(self.partnership))

    def layout(self) -> list[Any]:
        shapes = {
            "kind": Field.radios,
            "description": Field.text,
            "client_group": Field.select,
            "service_type": Field.select,
            "contract": Field.select,
        }
        return [
            shapes[name](name) if name in shapes else Field.text(name, field_width=20)
            for name in self.fields
        ]


class PlanApproveForm(PartnershipForm):
    decision = forms.ModelChoiceField(
        label="The board's decision approving the plan",
        help_text="A carried proposal of the kind annual financial plan",
        queryset=Proposal.objects.none(),
        error_messages={
            "required": "Choose the carried decision that approves the plan",
            "invalid_choice": "Choose a carried annual financial plan of this partnership",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            "decision",
            selectors.carried_decisions(self.partnership, ProposalKind.ANNUAL_FINANCIAL_PLAN),
        )

    def layout(self) -> list[Any]:
        return [Field.select("decision")]


class VirementForm(PartnershipForm):
    from_line = forms.ModelChoiceField(
        label="Move from",
        queryset=PlanLine.objects.none(),
        error_messages={
            "required": "Choose the line to move money from",
            "invalid_choice": "Choose a line of this year's plan",
        },
    )
    to_line = forms.ModelChoiceField(
        label="Move to",
        queryset=PlanLine.objects.none(),
        error_messages={
            "required": "Choose the line to move money to",
            "invalid_choice": "Choose a line of this year's plan",
        },
    )
    amount = money("Amount (pounds)")
    decision = forms.ModelChoiceField(
        label="The decision approving the virement",
        queryset=Proposal.objects.none(),
        error_messages={
            "required": "Choose the carried decision that approves the virement",
            "invalid_choice": "Choose a carried decision of this partnership",
        },
    )
    reason = forms.CharField(
        label="Reason",
        max_length=REASON,
        widget=forms.Textarea,
        error_messages={"required": "Enter the reason for the virement"},
    )

    def __init__(self, *args: Any, pool: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lines = PlanLine.objects.filter(pool=pool).order_by("kind", "pk")
        choose_from(self, "from_line", lines)
        choose_from(self, "to_line", lines)
        choose_from(self, "decision", selectors.carried_decisions(self.partnership))

    def layout(self) -> list[Any]:
        return [
            Field.select("from_line"),
            Field.select("to_line"),
            Field.text("amount", field_width=20),
            Field.select("decision"),
            Field.textarea("reason"),
        ]


class LedgerForm(PartnershipForm):
    file = forms.FileField(
        label="CSV file of the ledger's spend",
        help_text=f"UTF-8 CSV with the headings {', '.join(LEDGER_COLUMNS)}; at most "
        f"{MAX_BYTES // 1_000_000} MB",
        error_messages={"required": "Choose the CSV file to import", "empty": "The file is empty"},
    )

    def layout(self) -> list[Any]:
        return [Field("file")]
