from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import note_sign_in_time

        # Every way of signing in (the sign-in page, the admin's, tests' force_login)
        # starts the 12-hour clock; session bookkeeping only, no domain writes.
        user_logged_in.connect(note_sign_in_time, dispatch_uid="accord-sign-in-time")
