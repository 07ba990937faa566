"""The governance register in the JSON API: what the register pages show and do.

Register operations need a signed-in caller (a token, or a session whose changes carry the
CSRF token) and ask the policy as the pages do: members of the partnership, its programme
team and administrators read; programme officers and administrators write. Every list is
paged (``limit``, ``offset``; ``accord.partnerships.endpoints``).

Each module adds its operations to the one router: ``register`` (the partnership, its
partners, bodies, people and their terms), ``constitution`` (versions, rules, signatures)
and ``positions`` (questions and partners' positions).
"""

from accord.partnerships.endpoints import Router

router = Router(tags=["governance"])

from . import constitution, positions, register  # noqa: E402  (they add to the router)

__all__ = ["constitution", "positions", "register", "router"]
