"""Accord's URLs plus one page that fails, to see the 500 page production shows."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from accord import urls as accord_urls
from accord.urls import handler500


class DatabaseOnFire(Exception):
    pass


def fail(request: HttpRequest) -> HttpResponse:
    secret = "hunter2-not-for-anyone"  # a local a debug page would show
    raise DatabaseOnFire(f"boom near {len(secret)}")


urlpatterns: list[URLPattern | URLResolver] = [*accord_urls.urlpatterns, path("fail/", fail)]

__all__ = ["handler500", "urlpatterns"]
