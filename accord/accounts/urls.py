from django.urls import path

from accord.core.ratelimit import expensive

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/recovery-code/", views.two_factor_recover, name="two-factor-recover"),
    path(
        "two-factor/recovery-codes/",
        views.recovery_codes_create,
        name="two-factor-recovery-codes-create",
    ),
    path("two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("password/", views.password_change, name="password-change"),
    # Limited as the expensive pages are, per address: each request queues an e-mail.
    path("password/reset/", expensive(views.PasswordResetView.as_view()), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/others/end/", views.sessions_end_others, name="sessions-end-others"),
    path("sessions/<str:reference>/end/", views.session_end, name="session-end"),
]
