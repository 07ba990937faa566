"""The single call point for what follows a contract's variation or termination.

Commissioning knows nothing of the apps above it (docs/adding-an-app.md, "Lower apps offer
hooks; higher apps plug in"). Procurement's Open Contracting releases (issue 16, OCDS: a
contract amendment release for each published change) plug in here from their app's
``ready``::

    from accord.commissioning import contract_hooks
    contract_hooks.register(varied=publish_amendment, terminated=publish_termination)

``on_contract_varied(variation, actor=...)`` and ``on_contract_terminated(termination,
actor=...)`` are called by the services
(``contract_vary``, ``contract_terminate``) inside their transaction, after the variation
or termination and its audit events are written: a listener that raises rolls the change
back, so a change is never recorded without what must follow it.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from accord.audit.services import Actor

if TYPE_CHECKING:
    from .models import ContractTermination, ContractVariation

# A listener takes the variation (or termination) and the actor who recorded it (for the
# audit event of what it writes).
VariedListener = Callable[["ContractVariation", Actor], object]
TerminatedListener = Callable[["ContractTermination", Actor], object]

_varied: list[VariedListener] = []
_terminated: list[TerminatedListener] = []


def register(
    *, varied: VariedListener | None = None, terminated: TerminatedListener | None = None
) -> None:
    """Add listeners (once each: registering the same function again does nothing)."""
    if varied is not None and varied not in _varied:
        _varied.append(varied)
    if terminated is not None and terminated not in _terminated:
        _terminated.append(terminated)


def unregister(
    *, varied: VariedListener | None = None, terminated: TerminatedListener | None = None
) -> None:
    """Remove listeners (tests)."""
    if varied in _varied:
        _varied.remove(varied)
    if terminated in _terminated:
        _terminated.remove(terminated)


def on_contract_varied(variation: "ContractVariation", *, actor: Actor) -> None:
    """A variation of a contract was recorded (called once, inside its transaction)."""
    for listener in list(_varied):
        listener(variation, actor)


def on_contract_terminated(termination: "ContractTermination", *, actor: Actor) -> None:
    """A contract was terminated early (called once, inside its transaction)."""
    for listener in list(_terminated):
        listener(termination, actor)
