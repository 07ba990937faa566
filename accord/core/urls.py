from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
]

# Mounted under /account/ with the namespace "accounts" (see accord/urls.py).
account_urlpatterns = (
    [
        path("sign-in/", views.SignInView.as_view(), name="sign-in"),
        path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    ],
    "accounts",
)
