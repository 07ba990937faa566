from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.http import HttpRequest

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
        # As long as any password Accord accepts (``current_password_field``), and no longer:
        # a megabyte typed as a password is refused before it is hashed.
        self.fields["password"].validators.append(
            MaxLengthValidator(4096, "Enter your password as you type it to sign in")
        )
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


# ---------------------------------------------------------------- passwords

CHOOSING_HINT = (
    "At least 12 characters, not a common password, and not like your username or name. "
    "Three or four unrelated words make a long password that is easy to remember."
)


def password_field(label: str, hint: str, required: str, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        strip=False,
        max_length=4096,
        error_messages={"required": required, "max_length": "Enter at most 4096 characters"},
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class NewPasswordForm(forms.Form):
    """A new password, typed twice, held to the validators (AUTH_PASSWORD_VALIDATORS) for
    the person it is for; refusals name the field at fault."""

    new_password = password_field(
        "New password", CHOOSING_HINT, "Enter a new password", "new-password"
    )
    new_password_again = password_field(
        "Type the new password again",
        "The same as above, to be sure it is typed as you meant",
        "Type the new password again",
        "new-password",
    )

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(Field.text(name, field_width=20) for name in self.fields))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new:
            try:
                validate_password(new, user=self.user)  # type: ignore[arg-type]
            except ValidationError as error:
                self.add_error("new_password", error)
        if new and again and new != again:
            self.add_error("new_password_again", "The two passwords are not the same")
        return cleaned


class PasswordChangeForm(NewPasswordForm):
    """The person's current password, then the new one twice. A wrong current password
    counts as a failed sign-in (django-axes): five in a row from one address pause it, and
    signing in, for 15 minutes."""

    current_password = password_field(
        "Your current password",
        "The password you signed in with",
        "Enter your current password",
        "current-password",
    )
    field_order = ["current_password", "new_password", "new_password_again"]

    def __init__(self, *args: Any, user: AbstractBaseUser, request: HttpRequest, **kwargs: Any):
        self.request = request
        super().__init__(*args, user=user, **kwargs)

    def clean_current_password(self) -> str:
        password = str(self.cleaned_data["current_password"])
        proved = authenticate(self.request, username=self.user.get_username(), password=password)
        if proved is None or proved.pk != self.user.pk:
            raise ValidationError("The password is not right", code="password_incorrect")
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        current, new = cleaned.get("current_password"), cleaned.get("new_password")
        if current and new and current == new and "new_password" not in self.errors:
            self.add_error("new_password", "Choose a password other than the one you have now")
        return cleaned


class PasswordResetRequestForm(forms.Form):
    """The e-mail address a reset link is sent to."""

    email = forms.EmailField(
        label="E-mail address",
        help_text="The address Accord has for you, for example name@example.org",
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
            "max_length": "Enter an e-mail address of at most 254 characters",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("email"))
