"""The deployment check of procurement's Open Contracting settings (``accord check
--deploy``, run before each release: docs/deployment.md)."""

from typing import Any

from django.conf import settings
from django.core import checks

PLACEHOLDER = "ocds-xxxxxx"  # the standard's placeholder, for development and the demo


@checks.register(checks.Tags.security, deploy=True)
def ocid_prefix_registered(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A procurement keeps the ocid of its first release for ever: publishing under the
    placeholder would give the world ocids no one can trace to the publisher."""
    prefix = (getattr(settings, "ACCORD_OCID_PREFIX", "") or "").strip()
    if prefix and prefix != PLACEHOLDER:
        return []
    return [
        checks.Warning(
            f"ACCORD_OCID_PREFIX is {prefix or 'empty'}"
            + (" (the Open Contracting placeholder)" if prefix else ""),
            hint="Set it to the ocid prefix the Open Contracting Partnership registered for "
            "the publisher before the first tender opens: every release keeps the ocid of "
            "its procurement's first one (docs/deployment.md, 'Before publishing procurements').",
            id="accord.procurement.W001",
        )
    ]
