from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from accord.partnerships.web import date_field

INSTALLATION = "installation"


class AuditFilterForm(forms.Form):
    """Filters for the trail. ``partnership`` offers only what the viewer may audit."""

    partnership = forms.ChoiceField(label="Partnership", required=False)
    action = forms.CharField(
        label="Action",
        required=False,
        max_length=80,
        help_text="For example partnership.create or user.sign_in",
    )
    object_type = forms.CharField(label="Object type", required=False, max_length=80)
    object_id = forms.CharField(label="Object id", required=False, max_length=64)
    actor_name = forms.CharField(label="Done by (username)", required=False, max_length=150)
    since = date_field("From", required=False)
    until = date_field("To", required=False)

    def __init__(self, *args: Any, partnerships: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "partnership",
            Field.text("action"),
            Field.text("object_type"),
            Field.text("object_id", field_width=10),
            Field.text("actor_name"),
            Field("since"),
            Field("until"),
        )
        field = self.fields["partnership"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", "All I may see"), *partnerships]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The to date must be the same as or after the from date")
        return data
