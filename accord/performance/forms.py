"""The performance pages' forms: a return's figures, and the officer's question."""

from typing import Any

from django import forms

from accord.commissioning.models import Service
from accord.core.text import NOTE
from accord.partnerships.web import PartnershipForm

from .models import FIGURE_MAX, FIGURES, QuarterlyReturn
from .periods import PERIOD_HELP, PeriodError, Quarter


def figure_field(name: str) -> forms.IntegerField:
    field = QuarterlyReturn._meta.get_field(name)
    return forms.IntegerField(
        label=str(getattr(field, "verbose_name", name)),
        required=False,
        min_value=0,
        max_value=FIGURE_MAX,
        help_text="Leave empty where it does not apply to the service",
    )


class ReturnForm(PartnershipForm):
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label="Service")
    period = forms.CharField(label="Quarter", max_length=10, help_text=PERIOD_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(  # type: ignore[attr-defined]
            partnership=self.partnership
        ).order_by("reference")
        for name in FIGURES:
            self.fields[name] = figure_field(name)
        self.helper.layout = self.helper.layout.__class__(*self.layout())

    def layout(self) -> list[Any]:
        return ["service", "period", *FIGURES]

    def clean_period(self) -> Quarter:
        try:
            return Quarter.parse(self.cleaned_data["period"].strip())
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def figures(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in FIGURES}


class QueryForm(PartnershipForm):
    question = forms.CharField(
        label="What should the provider check?",
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReturnsFileForm(PartnershipForm):
    """A file of returns to import: CSV, or the same columns on a workbook's first sheet."""

    file = forms.FileField(
        label="CSV or XLSX file of returns",
        help_text="The template's columns, one row per service and quarter; a workbook's "
        "first sheet is read. At most 5 MB",
        error_messages={
            "required": "Choose the file of returns to import",
            "empty": "The file is empty",
        },
    )
