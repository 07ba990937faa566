from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet

from accord.partnerships.models import Partnership
from accord.partnerships.web import date_field

from .models import TokenAccess


class SignInForm(AuthenticationForm):
    """Django's sign-in form, worded and laid out the GOV.UK way."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password (both are case-sensitive)",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        # Django sets the username's length on the field after making it, so it is only the
        # box's maxlength: checked here, a longer one is refused before any sign-in is
        # tried (django-axes would fail to store it: a 500 on PostgreSQL).
        longest = getattr(self.fields["username"], "max_length", None) or 150
        self.fields["username"].validators.append(
            MaxLengthValidator(longest, f"Enter a username of {longest} characters or fewer")
        )
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
        )


class AuthenticatorCodeForm(forms.Form):
    """The 6-digit code an authenticator app shows."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows for Accord, for example 123456",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("code", field_width=10))

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError("Enter the code as 6 digits, for example 123456")
        return code


def current_password_field() -> forms.CharField:
    """The person's password, asked again before a change to their second factor."""
    return forms.CharField(
        label="Your password",
        help_text="The password you sign in with",
        strip=False,
        max_length=4096,
        error_messages={
            "required": "Enter your password",
            "max_length": "Enter your password as you type it to sign in",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AuthenticatorSetUpForm(AuthenticatorCodeForm):
    """The last step of setting up an app: a code it shows, and the password again."""

    password = current_password_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("code", field_width=10), Field.text("password", field_width=20)
        )


class ReauthenticationForm(forms.Form):
    """The password and a current code, asked before two-factor sign-in is changed: the
    app's code, or a recovery code for someone who has lost the app."""

    password = current_password_field()
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        help_text="The 6-digit code the app shows now, for example 123456, or one of your "
        "recovery codes, for example abcd-efgh-ijkl-mnop",
        max_length=40,
        error_messages={
            "required": "Enter the code from your authenticator app, or a recovery code",
            "max_length": "Enter the 6-digit code from your app, or a recovery code",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("password", field_width=20), Field.text("code", field_width=20)
        )


class RecoveryCodeForm(forms.Form):
    """One of the single-use recovery codes given at set-up."""

    code = forms.CharField(
        label="Recovery code",
        help_text="One of the 10 recovery codes you saved when you set up two-factor sign-in, "
        "for example abcd-efgh-ijkl-mnop",
        max_length=40,
        error_messages={"required": "Enter a recovery code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("code", field_width=20))

    # The code is taken as typed: the recovery codes accept it with or without the
    # hyphens and spaces, in any case (accord.accounts.models.recovery_code_digest).


class ApiTokenForm(forms.Form):
    """A new personal API token: what for, which partnership, what it may do, until when."""

    name = forms.CharField(
        label="What it is for",
        max_length=100,
        help_text="For example, committee system or finance ledger",
        error_messages={"required": "Say what the token is for"},
    )
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label="Select a partnership",
        error_messages={
            "required": "Select the partnership the token is for",
            "invalid_choice": "Select a partnership from the list",
        },
    )
    access = forms.ChoiceField(
        label="What it may do",
        choices=TokenAccess.choices,
        widget=forms.RadioSelect,
        help_text="Never more than you may do yourself, on the day it is used",
        error_messages={"required": "Select what the token may do"},
    )
    expires_on = date_field("Last day", hint="At most a year from today, for example 31 3 2027")

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("name"),
            Field.select("partnership"),
            Field.radios("access"),
            Field("expires_on"),
        )
