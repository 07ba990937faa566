from django import forms

from .selectors import partnership_list


class PartnershipSwitchForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=partnership_list(),
        to_field_name="slug",
        error_messages={
            "required": "Select a partnership",
            "invalid_choice": "Select a partnership from the list",
        },
    )
