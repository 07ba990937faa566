"""What holds the API to the pages (docs/api.md, "Parity"): each app's table says, for
every one of its page routes, which API operations do what the page does.

- ``Action``: the page changes something; each named operation changes it too, and
  between them they call every service the page calls (the same policy check, audit event
  and refusal then follow, since those are the service's and the policy's).
- ``Read``: the page shows records; the named operations read them.
- ``Outside``: the page has no operation, and why (signing in, a page about the service).

An app's ``tests/<app>/test_api_parity.py`` runs ``check_table`` on its table;
``tests/test_api_parity.py`` fails when a page route is in no table.
"""

import inspect
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

# Operations' methods that change something, and that read.
CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NAMED_SERVICE = re.compile(r"\bservices\.(\w+)")


@dataclass(frozen=True)
class Action:
    """The page changes something: these operations do it through the API. ``services``:
    services the page calls without naming them in its own code (through a table)."""

    operations: tuple[str, ...]
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Read:
    """The page shows records (or a document made of them): these operations read them."""

    operations: tuple[str, ...]


@dataclass(frozen=True)
class Outside:
    """The page has no operation: ``reason`` says why. ``changes``: it accepts a POST."""

    reason: str
    changes: bool = False


Entry = Action | Read | Outside

# The namespaces that are not pages: the admin, and the API itself.
NOT_PAGES = frozenset({"admin", "api"})


def page_routes() -> Iterator[tuple[str, URLPattern]]:
    """Every named page route (``namespace:name``) and its pattern."""

    def walk(entries: list[Any], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if inner in NOT_PAGES:
                    continue
                yield from walk(entry.url_patterns, inner)
            elif entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry

    yield from walk(get_resolver().url_patterns, "")


def operations() -> dict[str, tuple[frozenset[str], Callable[..., Any]]]:
    """Every API operation by its function's name: its methods and its function."""
    from accord.api import api

    found: dict[str, tuple[frozenset[str], Callable[..., Any]]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = operation.view_func.__name__
                assert name not in found, f"two API operations are called {name}"
                found[name] = (frozenset(operation.methods), operation.view_func)
    return found


def services_named(function: Callable[..., Any]) -> set[str]:
    """The services a view or operation calls by name (``services.x``)."""
    return set(NAMED_SERVICE.findall(inspect.getsource(inspect.unwrap(function))))


def changing_services(app: str) -> set[str]:
    """The app's services that change something: those that take an ``actor``."""
    import importlib

    module = importlib.import_module(f"accord.{app}.services")
    return {
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if "actor" in inspect.signature(function).parameters
    }


def dummy_kwargs(pattern: URLPattern) -> dict[str, object]:
    """Arguments that fill the route's address (the route refuses a POST before it reads
    them, if it only reads)."""
    return {
        name: 1
        if isinstance(converter, IntConverter)
        else uuid.UUID(int=1)
        if isinstance(converter, UUIDConverter)
        else "oxfordshire"
        for name, converter in pattern.pattern.converters.items()
    }


def check_table(namespace: str, table: dict[str, Entry], app: str | None = None) -> None:
    """The app's table covers each of its page routes, names operations that exist and do
    what the entry says, calls the page's services, and no page it calls a read accepts a
    POST. ``app``: the package whose services the pages call (default: the namespace)."""
    routes = {name: pattern for name, pattern in page_routes() if name.startswith(f"{namespace}:")}
    unlisted, gone = set(routes) - set(table), set(table) - set(routes)
    assert not unlisted, f"add these page routes to the parity table: {sorted(unlisted)}"
    assert not gone, f"these page routes no longer exist: {sorted(gone)}"

    known = operations()
    changing = (
        changing_services(app or namespace)
        if any(isinstance(entry, Action) for entry in table.values())
        else set()
    )
    wrong = []
    client = Client()
    for route, entry in sorted(table.items()):
        if isinstance(entry, Action | Read):
            missing = [name for name in entry.operations if name not in known]
            if missing:
                wrong.append(f"{route}: no API operation {missing}")
                continue
        if isinstance(entry, Action):
            for name in entry.operations:
                methods, _ = known[name]
                if not methods & CHANGING:
                    wrong.append(f"{route}: {name} does not change anything ({sorted(methods)})")
            view = routes[route].callback
            page = (services_named(view) | set(entry.services)) & changing
            api = set().union(*(services_named(known[name][1]) for name in entry.operations))
            if not page:
                wrong.append(f"{route}: the page calls no service of {app or namespace}")
            if page - api:
                wrong.append(f"{route}: the API does not call {sorted(page - api)}")
            for name in entry.operations:
                if not services_named(known[name][1]) & page:
                    wrong.append(f"{route}: {name} calls none of the page's services")
        elif isinstance(entry, Read):
            for name in entry.operations:
                methods, _ = known[name]
                if "GET" not in methods:
                    wrong.append(f"{route}: {name} does not read ({sorted(methods)})")
        if isinstance(entry, Read) or (isinstance(entry, Outside) and not entry.changes):
            address = reverse(route, kwargs=dummy_kwargs(routes[route]))
            status = client.post(address).status_code
            if status != 405:
                wrong.append(f"{route}: a page that only reads answered a POST with {status}")
    assert not wrong, "\n".join(wrong)
