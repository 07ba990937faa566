"""Signing in and out, two-factor sign-in (set up, verify, recovery codes, removal),
personal API tokens, passwords (changing one, resetting a forgotten one by e-mail) and
the person's own sessions."""

import datetime
from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord import policy
from accord.core.errors import AccordError
from accord.partnerships.selectors import partnership_list
from accord.partnerships.web import add_service_error

from . import services
from .forms import (
    ApiTokenForm,
    AuthenticatorCodeForm,
    AuthenticatorSetUpForm,
    NewPasswordForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    ReauthenticationForm,
    RecoveryCodeForm,
    SignInForm,
)
from .models import ApiToken
from .selectors import (
    api_tokens_of,
    authenticator_for,
    recovery_codes_left,
    sessions_of,
    two_factor_needed,
    user_requires_two_factor,
)
from .signals import SIGN_IN_PENDING
from .tasks import password_reset_mail


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "core:home"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


def next_page(request: HttpRequest) -> str:
    """Where to go once two-factor sign-in is done: the page asked for, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("core:home")


def qr_code(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code, for the app to scan."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR code for adding Accord to an authenticator app", svgclass="accord-qr"
    )
    # segno's markup, from our own address (the username is URL-encoded inside it).
    return mark_safe(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S308


def key_for_typing(device: TOTPDevice) -> str:
    """The secret key in base 32, in groups of 4 characters, for apps that cannot scan."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def signed_in_user(request: HttpRequest) -> AbstractBaseUser:
    """The person signed in (every view below is login_required)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise PermissionDenied
    return user


def is_verified(request: HttpRequest) -> bool:
    """Whether this session has passed two-factor sign-in (django-otp's OTPMiddleware)."""
    return bool(request.user.is_verified())  # type: ignore[union-attr]


def signed_in_again(request: HttpRequest, device: Device) -> None:
    """Mark the session as verified by the device, under a new session id; where this
    completes signing in, record the sign-in (accord.accounts.signals)."""
    otp_login(request, device)
    request.session.cycle_key()
    if request.session.pop(SIGN_IN_PENDING, False):
        services.sign_in_record(
            user=signed_in_user(request), second_factor=services.code_kind(device)
        )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if authenticator_for(user) is not None:
        if is_verified(request):
            return redirect("accounts:two-factor")
        return redirect("accounts:two-factor-verify")
    device = services.authenticator_start(user=user)
    form = AuthenticatorSetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.authenticator_confirm(
                actor=user,
                device=device,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except AccordError as error:
            form.add_error(error.field, error.message)
        else:
            signed_in_again(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": next_page(request), "just_set_up": True},
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": qr_code(device),
            "key": key_for_typing(device),
            "next": next_page(request),
            "required": user_requires_two_factor(user, on=timezone.localdate()),
        },
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if is_verified(request):
        return redirect(next_page(request))
    if authenticator_for(user) is None:
        return redirect("accounts:two-factor-setup")
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(
                user=user,
                code=form.cleaned_data["code"],
            )
        except AccordError as error:
            form.add_error("code", error.message)
        else:
            signed_in_again(request, device)
            return redirect(next_page(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": next_page(request)}
    )


@login_required
def two_factor_recover(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if is_verified(request):
        return redirect(next_page(request))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_recover(
                user=user,
                code=form.cleaned_data["code"],
            )
        except AccordError as error:
            form.add_error("code", error.message)
        else:
            signed_in_again(request, device)
            left = recovery_codes_left(user)
            messages.info(
                request,
                f"You used a recovery code; {left} left. "
                "Make new ones from your two-factor sign-in page if you are running out.",
            )
            return redirect(next_page(request))
    return render(
        request, "accounts/two_factor_recover.html", {"form": form, "next": next_page(request)}
    )


@require_GET
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The signed-in user's two-factor sign-in: on or off, recovery codes left."""
    user = signed_in_user(request)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "authenticator": authenticator_for(user),
            "recovery_codes_left": recovery_codes_left(user),
            "required": user_requires_two_factor(user, on=timezone.localdate()),
        },
    )


def two_factor_change_page(
    request: HttpRequest, form: ReauthenticationForm, **page: str
) -> HttpResponse:
    """The page asking for the password and a current code before a change to two-factor
    sign-in: ``page`` gives its action, title, introduction and button."""
    return render(request, "accounts/two_factor_change.html", {"form": form, **page})


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes_create(request: HttpRequest) -> HttpResponse:
    """New recovery codes, once the person has given their password and a current code."""
    user = signed_in_user(request)
    if authenticator_for(user) is None:
        return redirect("accounts:two-factor-setup")
    form = ReauthenticationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.recovery_codes_create(actor=user, **form.cleaned_data)
        except AccordError as error:
            form.add_error(error.field, error.message)
        else:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": reverse("accounts:two-factor"), "just_set_up": False},
            )
    return two_factor_change_page(
        request,
        form,
        action=reverse("accounts:two-factor-recovery-codes-create"),
        title="Make new recovery codes",
        intro="Your 10 new recovery codes replace the ones you have now, which stop working.",
        button="Make new recovery codes",
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Two-factor sign-in removed (to be set up again by those who must use it), once the
    person has given their password and a current code."""
    user = signed_in_user(request)
    if authenticator_for(user) is None:
        return redirect("accounts:two-factor")
    required = user_requires_two_factor(user, on=timezone.localdate())
    form = ReauthenticationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_remove(actor=user, **form.cleaned_data)
        except AccordError as error:
            form.add_error(error.field, error.message)
        else:
            if required:
                messages.info(request, "Your authenticator app was removed: set up the new one now")
                return redirect("accounts:two-factor-setup")
            messages.success(request, "Two-factor sign-in is off")
            return redirect("accounts:two-factor")
    if required:
        page = {
            "title": "Remove your authenticator app",
            "intro": "You must use two-factor sign-in: once this app is removed, you set up "
            "the new one straight away. Your recovery codes stop working too.",
            "button": "Remove this app and set up a new one",
        }
    else:
        page = {
            "title": "Turn off two-factor sign-in",
            "intro": "Your authenticator app and your recovery codes will stop working, and "
            "your password alone will sign you in.",
            "button": "Turn off two-factor sign-in",
        }
    return two_factor_change_page(
        request, form, action=reverse("accounts:two-factor-remove"), **page
    )


# ---------------------------------------------------------------- API tokens


def token_partnerships(user: AbstractBaseUser) -> Any:
    """The partnerships a person may make a token for: those they sit in or administer
    (every one, for an installation administrator)."""
    if getattr(user, "is_superuser", False):
        return partnership_list()
    today = timezone.localdate()
    own = policy.member_partnership_ids(user, on=today) | policy.administered_partnership_ids(
        user, on=today
    )
    return partnership_list().filter(pk__in=own)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens, and a form to make one. The new token's secret is shown
    on the page that answers the form, once; it cannot be shown again."""
    user = signed_in_user(request)
    today = timezone.localdate()
    form = ApiTokenForm(
        request.POST if request.method == "POST" else None,
        partnerships=token_partnerships(user),
        initial={"expires_on": today + datetime.timedelta(days=90), "access": "read"},
    )
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = services.api_token_create(
                actor=user,
                today=today,
                two_factor_verified=request.user.is_verified(),  # type: ignore[union-attr]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        except AccordError as error:
            form.add_error(None, error.message)
        else:
            form = ApiTokenForm(partnerships=token_partnerships(user))
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "secret": secret, "tokens": api_tokens_of(user), "today": today},
    )


@require_POST
@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    token = get_object_or_404(ApiToken, pk=pk, user=user)  # only one's own
    try:
        services.api_token_revoke(actor=user, token=token)
    except AccordError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The token {token} is revoked")
    return redirect("accounts:api-tokens")


# ---------------------------------------------------------------- passwords


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """The signed-in person's new password, once they have given their current one. Their
    other sessions end; this one carries on."""
    user = signed_in_user(request)
    form = PasswordChangeForm(
        request.POST if request.method == "POST" else None, user=user, request=request
    )
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.password_change(
                actor=user,
                password=form.cleaned_data["new_password"],
                current_session_key=request.session.session_key,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # This session carries on, under a new id, with the new password's hash.
            update_session_auth_hash(request, user)  # type: ignore[arg-type]
            elsewhere = (
                f" You were signed out of {ended} other session{'s' if ended != 1 else ''}."
                if ended
                else ""
            )
            messages.success(request, f"Your password is changed.{elsewhere}")
            return redirect("accounts:sessions")
    return render(request, "accounts/password_change.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address and answers the same whatever it is: the worker finds
    the accounts and sends the links (``tasks.password_reset_mail``), so the answer does
    not even take longer for an address Accord knows."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: PasswordResetRequestForm) -> HttpResponse:
        password_reset_mail.enqueue(form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


def reset_minutes() -> int:
    """How long a reset link works, in minutes, as its pages say."""
    return int(settings.PASSWORD_RESET_TIMEOUT) // 60


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "minutes": reset_minutes()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The page a reset link opens: Django's check of the link (once, within
    ``PASSWORD_RESET_TIMEOUT``; the token leaves the address before the page shows), then
    the new password through ``services.password_reset``. Nobody is signed in by it: the
    next sign-in asks for the new password and, where the person uses it, a two-factor
    code."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "minutes": reset_minutes()}

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        user = self.user
        try:
            services.password_reset(actor=user, password=form.cleaned_data["new_password"])
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        if str(self.request.session.get(SESSION_KEY)) == str(user.pk):
            logout(self.request)  # this browser's session ended with the account's others
        else:
            del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# ---------------------------------------------------------------- sessions


@require_GET
@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    """Where the person is signed in: each live session's browser, address, sign-in and
    last use, this one marked; any other can be ended, or all of them at once."""
    user = signed_in_user(request)
    listed = sessions_of(user, now=timezone.now(), current_key=request.session.session_key)
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": listed,
            "others": sum(1 for s in listed if not s.current),
            "two_factor": two_factor_needed(user, on=timezone.localdate()),
        },
    )


@require_POST
@login_required
def session_end(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    try:
        browser = services.session_end(
            actor=user, reference=reference, current_session_key=request.session.session_key
        )
    except AccordError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"That session ({browser}) is signed out")
    return redirect("accounts:sessions")


@require_POST
@login_required
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    try:
        ended = services.sessions_end_others(
            actor=user, current_session_key=request.session.session_key
        )
    except AccordError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Signed out of {ended} other session{'s' if ended != 1 else ''}")
    return redirect("accounts:sessions")
