from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from .models import NotificationKind


class PreferencesForm(forms.Form):
    """The kinds of e-mail a person receives: every kind ticked is on."""

    kinds = forms.MultipleChoiceField(
        label="Send me an e-mail when",
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Untick a kind to stop those e-mails. Every kind is on until you turn it off.",
        error_messages={"invalid_choice": "Choose kinds of e-mail from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.checkboxes("kinds", legend_size=Size.MEDIUM))

    def choices(self) -> dict[str, bool]:
        ticked = set(self.cleaned_data["kinds"])
        return {kind: kind in ticked for kind in NotificationKind.values}
