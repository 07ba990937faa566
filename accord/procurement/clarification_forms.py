"""Forms of the clarification questions' pages: they check input and hand it to one
service (``services.clarification_ask``, ``services.clarification_answer``), which checks
it again."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.db.models import QuerySet

from accord.commissioning.models import Provider
from accord.core.text import NOTE
from accord.partnerships.models import Partnership
from accord.partnerships.web import PartnershipForm, choose_from


class AskForm(PartnershipForm):
    """The question, and which provider asks: offered to the programme team (any of the
    partnership's providers: a question received by e-mail) and to a person who signs in
    for more than one of them; left out when the asker's provider is known."""

    provider = forms.ModelChoiceField(
        label="Which provider asks",
        queryset=Provider.objects.none(),
        error_messages={
            "required": "Choose the provider that asks the question",
            "invalid_choice": "Choose one of the providers offered",
        },
    )
    question = forms.CharField(
        label="Your question",
        help_text="It is published with its answer to every bidder, without saying who asked",
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the question"},
    )

    def __init__(
        self, *args: Any, partnership: Partnership, providers: QuerySet[Provider], **kwargs: Any
    ) -> None:
        self.only = providers.first() if providers.count() == 1 else None
        super().__init__(*args, partnership=partnership, **kwargs)
        if self.only is not None:
            del self.fields["provider"]
        else:
            choose_from(self, "provider", providers)

    def layout(self) -> list[Any]:
        shown = [Field.textarea("question")]
        return ([Field.select("provider")] if self.only is None else []) + shown

    def asker(self) -> Provider:
        chosen: Provider = self.only or self.cleaned_data["provider"]
        return chosen


class AnswerForm(PartnershipForm):
    question = forms.CharField(
        label="The question as it will be published",
        help_text="Take out anything that says or shows who asked",
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the question as it will be published"},
    )
    answer = forms.CharField(
        label="Answer",
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the answer"},
    )

    def layout(self) -> list[Any]:
        return [Field.textarea("question"), Field.textarea("answer")]
