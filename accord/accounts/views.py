"""Signing in and out, and two-factor sign-in: set up, verify, recovery codes, removal."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.core.errors import AccordError
from accord.partnerships.selectors import user_requires_two_factor

from . import services
from .forms import AuthenticatorCodeForm, RecoveryCodeForm, SignInForm
from .selectors import authenticator_for, recovery_codes_left


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
    """Mark the session as verified by the device, under a new session id."""
    otp_login(request, device)
    request.session.cycle_key()


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if authenticator_for(user) is not None:
        if is_verified(request):
            return redirect("accounts:two-factor")
        return redirect("accounts:two-factor-verify")
    device = services.authenticator_start(user=user)
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.authenticator_confirm(
                actor=user,
                device=device,
                code=form.cleaned_data["code"],
            )
        except AccordError as error:
            form.add_error("code", error.message)
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


@login_required
@require_POST
def recovery_codes_create(request: HttpRequest) -> HttpResponse:
    if authenticator_for(signed_in_user(request)) is None:
        return redirect("accounts:two-factor-setup")
    codes = services.recovery_codes_create(actor=signed_in_user(request))
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:two-factor"), "just_set_up": False},
    )


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    services.two_factor_remove(actor=signed_in_user(request))
    if user_requires_two_factor(signed_in_user(request), on=timezone.localdate()):
        messages.info(request, "Your authenticator app was removed: set up the new one now")
        return redirect("accounts:two-factor-setup")
    messages.success(request, "Two-factor sign-in is off")
    return redirect("accounts:two-factor")
