"""Forms of procurement's pages: they check input and hand it to one service, which
checks it again (the API's input goes only through the service)."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms

from accord.core.text import NAME, SHORT
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.partnerships.web import PartnershipForm, choose_from, date_field


def carried(form: PartnershipForm, kind: str) -> None:
    choose_from(
        form,
        "decision",
        Proposal.objects.filter(
            partnership=form.partnership, state=ProposalState.CARRIED, kind=kind
        ).order_by("-pk"),
    )


class OpenForm(PartnershipForm):
    decision = forms.ModelChoiceField(
        label="The board's decision approving the tendering strategy",
        help_text="A carried proposal of the kind tendering strategy",
        queryset=Proposal.objects.none(),
        error_messages={
            "required": "Choose the carried decision that approves the tendering strategy",
            "invalid_choice": "Choose a carried tendering strategy of this partnership",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carried(self, ProposalKind.TENDERING_STRATEGY)

    def layout(self) -> list[Any]:
        return [Field.select("decision")]


class SignForm(PartnershipForm):
    on = date_field("Date signed")
    reference = forms.CharField(label="Contract reference", max_length=SHORT)
    department = forms.CharField(
        label="Department responsible", max_length=NAME, initial="Supporting People Team"
    )
    start_date = date_field("Contract starts")
    end_date = date_field("Contract ends")

    def layout(self) -> list[Any]:
        return [
            Field("on"),
            Field.text("reference", field_width=20),
            Field.text("department"),
            Field("start_date"),
            Field("end_date"),
        ]
