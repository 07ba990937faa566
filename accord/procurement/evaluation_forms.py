"""Forms of the evaluation's pages (evaluation_views.py): scoring, conflicts, moderation,
the award, its notice and challenges. They check the input's shape and hand it to one
service, which decides (whose scores, which bids, which decision)."""

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from accord.core.text import NOTE, REASON, validate_typed_text
from accord.decisions.models import Proposal, ProposalKind
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from .forms import carried
from .models import Bid, Criterion


def score_name(criterion: Criterion) -> str:
    return f"score_{criterion.pk}"


def comment_name(criterion: Criterion) -> str:
    return f"comment_{criterion.pk}"


def rationale_name(criterion: Criterion) -> str:
    return f"rationale_{criterion.pk}"


def scale(criterion: Criterion, label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=f"A whole number from 0 to {criterion.max_score}",
        error_messages={
            "required": f"Give a score for {criterion.name}",
            "invalid": f"Give a whole number from 0 to {criterion.max_score}",
        },
    )


def legend(criterion: Criterion) -> str:
    """A scored criterion's legend: a sub-criterion under its criterion's name."""
    if criterion.parent_id is not None and criterion.parent is not None:
        parent = criterion.parent
        return f"{parent.name}: {criterion.name} (weight {criterion.weight})"
    return f"{criterion.name} (weight {criterion.weight})"


def add_fields(form: PartnershipForm, fields: dict[str, forms.Field]) -> None:
    """Fields made for the procurement's criteria, checked and laid out as declared ones."""
    for name, field in fields.items():
        if isinstance(field, forms.CharField):
            field.validators.append(validate_typed_text)
        form.fields[name] = field
    form.helper.layout = Layout(*form.layout())


class ScoreForm(PartnershipForm):
    """One bid's scores: a score on each quality criterion's scale, with a comment. The
    scale is checked by the service (``score_record``), which names the field."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        self.criteria: list[Criterion] = []
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields: dict[str, forms.Field] = {}
        for criterion in criteria:
            fields[score_name(criterion)] = scale(criterion, f"Score (0 to {criterion.max_score})")
            fields[comment_name(criterion)] = forms.CharField(
                label="Why (optional)", required=False, max_length=NOTE, widget=forms.Textarea
            )
        add_fields(self, fields)

    def layout(self) -> list[Any]:
        return [
            Fieldset(
                Field.text(score_name(c), field_width=2),
                Field.textarea(comment_name(c), rows=3),
                legend=legend(c),
                legend_size=Size.MEDIUM,
            )
            for c in self.criteria
        ]


class ModerationForm(PartnershipForm):
    """One bid's agreed scores, each with the rationale the service requires."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        self.criteria: list[Criterion] = []
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields: dict[str, forms.Field] = {}
        for criterion in criteria:
            fields[score_name(criterion)] = scale(
                criterion, f"Agreed score (0 to {criterion.max_score})"
            )
            # Required by the service, which names the field: not refused here, so the
            # page shows the service's own words.
            fields[rationale_name(criterion)] = forms.CharField(
                label="Rationale", required=False, max_length=NOTE, widget=forms.Textarea
            )
        add_fields(self, fields)

    def layout(self) -> list[Any]:
        return [
            Fieldset(
                Field.text(score_name(c), field_width=2),
                Field.textarea(rationale_name(c), rows=3),
                legend=legend(c),
                legend_size=Size.MEDIUM,
            )
            for c in self.criteria
        ]


class ConflictForm(PartnershipForm):
    interest = forms.CharField(
        label="Your interest in this bid",
        help_text="For example, a trustee or employee of the bidder, or a close relative",
        max_length=NOTE,
        widget=forms.Textarea,
        error_messages={"required": "Say what your interest in this bid is"},
    )

    def layout(self) -> list[Any]:
        return [Field.textarea("interest", rows=3)]


class AwardForm(PartnershipForm):
    decision = forms.ModelChoiceField(
        label="The board's decision awarding the contract",
        help_text="A carried proposal of the kind tender award",
        queryset=Proposal.objects.none(),
        error_messages={
            "required": "Choose the carried decision that awards the contract",
            "invalid_choice": "Choose a carried tender award of this partnership",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carried(self, ProposalKind.TENDER_AWARD)

    def layout(self) -> list[Any]:
        return [Field.select("decision")]


class AwardNoticeForm(PartnershipForm):
    on = date_field("Date the contract award notice is published")
    opt_out_reason = forms.CharField(
        label="Opting out of standstill (a light-touch contract only): why",
        help_text="Leave empty to keep the standstill",
        required=False,
        max_length=REASON,
        widget=forms.Textarea,
    )
    voluntary_days = forms.IntegerField(
        label="A voluntary standstill, in working days (where the regime sets none)",
        help_text="Leave empty for none",
        required=False,
        error_messages={"invalid": "Give a whole number of working days"},
    )

    def __init__(self, *args: Any, opt_out: bool, voluntary: bool, **kwargs: Any) -> None:
        """``opt_out``: a light-touch contract under the Act may opt out of standstill;
        ``voluntary``: the regime sets no standstill, so one may be chosen."""
        self.opt_out, self.voluntary = opt_out, voluntary
        super().__init__(*args, **kwargs)
        if not opt_out:
            del self.fields["opt_out_reason"]
        if not voluntary:
            del self.fields["voluntary_days"]

    def layout(self) -> list[Any]:
        shown = [Field("on")]
        if self.opt_out:
            shown.append(Field.textarea("opt_out_reason", rows=3))
        if self.voluntary:
            shown.append(Field.text("voluntary_days", field_width=2))
        return shown

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("opt_out_reason", "")
        data.setdefault("voluntary_days", None)
        return data


class BidChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.provider.name)


class ChallengeForm(PartnershipForm):
    bid = BidChoice(
        label="The bidder who challenges the award",
        queryset=Bid.objects.none(),
        error_messages={"required": "Choose the bidder who challenges the award"},
    )
    received_on = date_field("Date received")
    grounds = forms.CharField(
        label="Grounds of the challenge", required=False, max_length=NOTE, widget=forms.Textarea
    )

    def __init__(self, *args: Any, bids: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "bid", bids)

    def layout(self) -> list[Any]:
        return [Field.select("bid"), Field("received_on"), Field.textarea("grounds", rows=4)]


class ResolveForm(PartnershipForm):
    resolved_on = date_field("Date resolved")
    resolution = forms.CharField(
        label="How it was resolved", required=False, max_length=NOTE, widget=forms.Textarea
    )

    def layout(self) -> list[Any]:
        return [Field("resolved_on"), Field.textarea("resolution", rows=4)]
