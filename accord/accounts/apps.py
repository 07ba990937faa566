from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import signals
        from .middleware import note_sign_in_time

        # Every way of signing in (the sign-in page, the admin's, tests' force_login)
        # starts the 12-hour clock; session bookkeeping only, no domain writes.
        user_logged_in.connect(note_sign_in_time, dispatch_uid="accord-sign-in-time")
        # Sign-ins and sign-outs into the audit trail, failures into the security log.
        user_logged_in.connect(signals.on_sign_in, dispatch_uid="accord-sign-in")
        user_logged_out.connect(signals.on_sign_out, dispatch_uid="accord-sign-out")
        user_login_failed.connect(signals.on_failed_sign_in, dispatch_uid="accord-sign-in-failed")
        user_locked_out.connect(signals.on_locked_out, dispatch_uid="accord-locked-out")
