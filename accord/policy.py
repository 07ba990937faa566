"""The one policy module: may this person do this to this object, on this date?

Every web view, API operation and command asks ``may`` or ``require``; nothing else
decides. ``POLICY`` is the whole table of actions; a new app adds its actions here, so a
security assessor reads every rule in one place. Unknown actions are a programming error
(KeyError), so a new route cannot silently skip the policy.

What a person may do follows from their standing on the date: installation administrator,
programme officer of a partnership (a term with dates), a seat on one of its bodies. The
registers that keep those terms plug their answers in when Django starts (``provide``:
``accord.partnerships`` the programme teams, ``accord.governance`` the seats), so the policy
imports no app and every app can ask it. Where a target sits (its partnership, its body,
whether it is public) it says itself, through ``scope()`` (``accord.core.scope``).
"""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accord.core.scope import Scope
from accord.core.security import FAILURE, security_event, user_fields

User = AbstractBaseUser | AnonymousUser
Check = Callable[[User, Scope | None, datetime.date], bool]
# A register's answer: the ids (of partnerships, or of bodies) where the user holds the role.
Source = Callable[[User, datetime.date], Iterable[int]]

# The roles the registers answer for, and what their ids are:
ROLES = {
    "administers": "partnerships whose programme team the user is on",
    "sits_in": "partnerships in which the user sits on a body",
    "sits_on": "bodies on which the user sits",
    "scrutinises": "partnerships in which the user sits on a scrutiny committee",
    # A provider's own people (issue 18): they sign in for the provider, not the partnership.
    "works_for": "providers for which the user signs in (the provider's staff)",
    "provides_to": "partnerships one of whose providers the user signs in for",
}
SOURCES: dict[str, Source] = {}


def provide(role: str, source: Source) -> None:
    """Plug in the register that answers for a role (each app's ``ready``). A role nobody
    answers for is held by nobody: the policy fails closed."""
    if role not in ROLES:
        raise KeyError(f"unknown role {role!r}")
    SOURCES[role] = source


def held(user: User, role: str, *, on: datetime.date) -> frozenset[int]:
    """The ids where the user holds the role on the date; cached on the user for the request."""
    if not user.is_authenticated or role not in SOURCES:
        return frozenset()
    cache: dict[tuple[str, datetime.date], frozenset[int]] = user.__dict__.setdefault(
        "_accord_roles", {}
    )
    key = (role, on)
    if key not in cache:
        cache[key] = frozenset(SOURCES[role](user, on))
    return cache[key]


def administered_partnership_ids(user: User, *, on: datetime.date) -> frozenset[int]:
    return held(user, "administers", on=on)


def member_partnership_ids(user: User, *, on: datetime.date) -> frozenset[int]:
    return held(user, "sits_in", on=on)


def member_body_ids(user: User, *, on: datetime.date) -> frozenset[int]:
    return held(user, "sits_on", on=on)


def provider_ids(user: User, *, on: datetime.date) -> frozenset[int]:
    """The providers the user signs in for on the date (their staff's terms)."""
    return held(user, "works_for", on=on)


def scope_of(target: Any) -> Scope | None:
    """Where a target sits: a Scope, anything with ``scope()``, or None (the installation)."""
    if target is None or isinstance(target, Scope):
        return target
    scope: Scope = target.scope()
    return scope


# ---------------------------------------------------------------- checks


def anyone(user: User, scope: Scope | None, on: datetime.date) -> bool:
    return True


def administrator(user: User, scope: Scope | None, on: datetime.date) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))


def programme_officer(user: User, scope: Scope | None, on: datetime.date) -> bool:
    return scope is not None and scope.partnership_id in administered_partnership_ids(user, on=on)


def member(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Sits on one of the target partnership's bodies on the date."""
    return scope is not None and scope.partnership_id in member_partnership_ids(user, on=on)


def body_member(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Sits on the target's body (a meeting's, an agenda item's, a body itself) on the date."""
    return (
        scope is not None
        and scope.body_id is not None
        and scope.body_id in member_body_ids(user, on=on)
    )


def scrutiny_member(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Sits on a scrutiny committee of the target's partnership on the date."""
    return scope is not None and scope.partnership_id in held(user, "scrutinises", on=on)


def programme_officer_anywhere(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Is on the programme team of any partnership of the installation on the date (the
    council's own officers), whatever the target."""
    return bool(administered_partnership_ids(user, on=on))


def scrutiny_member_anywhere(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Sits on a scrutiny committee of any partnership of the installation on the date."""
    return bool(held(user, "scrutinises", on=on))


def handler(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Handles the target case (a stage of a complaint), whatever their other roles."""
    return bool(scope is not None and user.is_authenticated and user.pk in scope.handler_ids)


def member_once_disclosed(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Sits on one of the target partnership's bodies on the date, and the target's
    confidential content is open to them now (a procurement's evaluation once awarded)."""
    return scope is not None and scope.disclosed_to_members and member(user, scope, on)


def provider_staff(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Signs in, on the date, for the target's provider (a return of one of its services).
    A target without a provider (the partnership itself, its other records) is not theirs:
    a provider's people are not members of the partnership."""
    return (
        scope is not None
        and scope.provider_id is not None
        and scope.provider_id in provider_ids(user, on=on)
    )


def provider_staff_in(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Signs in, on the date, for one of the target partnership's providers: for the pages
    that list the partnership's returns, which show them their own providers' only."""
    return scope is not None and scope.partnership_id in held(user, "provides_to", on=on)


def public(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """Anyone may know the target exists (a public meeting's date and place)."""
    return scope is not None and scope.public


def published(user: User, scope: Scope | None, on: datetime.date) -> bool:
    """The target's content is open to anyone (a public meeting's published agenda)."""
    return scope is not None and scope.published


def either(*checks: Check) -> Check:
    def check(user: User, scope: Scope | None, on: datetime.date) -> bool:
        return any(one(user, scope, on) for one in checks)

    return check


POLICY: dict[str, Check] = {
    # Partnership names and descriptions are public: the register of who governs what.
    "partnership.view": anyone,
    # The register (partners, bodies, people, memberships, constitution, positions) is seen
    # by those who sit in the partnership and its programme team; partnerships are isolated.
    "register.view": either(administrator, programme_officer, member),
    "register.change": either(administrator, programme_officer),
    # A partner's voice: its position on a question and its signature of an amendment, given
    # by its voting representatives (the governance service decides who represents which
    # partner) or recorded as given by the programme team.
    "partner.speak": either(administrator, programme_officer, member),
    # The audit trail of a partnership (target: a partnership, a row of it, or None for the
    # installation-wide events such as sign-ins, which only administrators see). Exporting
    # it is asked separately: a download leaves the installation.
    "audit.view": either(administrator, programme_officer),
    "audit.export": either(administrator, programme_officer),
    # Meetings (target: a meeting, agenda item or paper). The date and place of a public
    # meeting are public; its published agenda's public items and papers too. Exempt
    # (confidential) items are for the body's members and the programme team.
    "meeting.view": either(administrator, programme_officer, member, public),
    "meeting.view_agenda": either(administrator, programme_officer, member, published),
    "meeting.view_exempt": either(administrator, programme_officer, body_member),
    "meeting.change": either(administrator, programme_officer),
    # Contributions of non-voting participants on agenda items (target: a meeting or an
    # item; seed 000, para 22: providers and service users "attend and contribute", with
    # no vote). A written one is submitted, and withdrawn, by someone who sits on the
    # meeting's body (the meetings service decides who holds a non-voting seat on the
    # meeting date and lets them act only for themself), or recorded for them by the
    # programme team; the team minutes spoken ones. They are read as their item is.
    "contribution.submit": either(administrator, programme_officer, body_member),
    "contribution.minute": either(administrator, programme_officer),
    # Proposals, votes and decisions: seen by the partnership's members, run by its
    # programme team; a vote is cast by a member entitled to cast it on the meeting date
    # (the decisions service decides who is) or recorded by the programme team.
    "decision.view": either(administrator, programme_officer, member),
    # The public record of a decision (target: a Scope whose ``published`` says the
    # decision was voted on at a public meeting with a published agenda, on an item that
    # is not exempt: ``decisions.selectors.published_decisions``), and the register of them.
    "decision.view_record": either(administrator, programme_officer, member, published),
    # Calling a decision in within its call-in period: the partnership's scrutiny
    # committee, or the programme team recording it (the service checks the period).
    "decision.call_in": either(administrator, programme_officer, scrutiny_member),
    "decision.change": either(administrator, programme_officer),
    "decision.vote": either(administrator, programme_officer, member),
    # The commissioning register (target: a partnership or a provider). Providers are
    # organisations in a public services directory: their names, kinds, registration
    # numbers and addresses are public, as the partnership's own name is. Their contacts
    # (a named person, an e-mail, a telephone number) are for those who sit in the
    # partnership and its programme team; the programme team keeps the register.
    "provider.view": anyone,
    "provider.view_contacts": either(administrator, programme_officer, member),
    "provider.change": either(administrator, programme_officer),
    # Needs evidence (target: a partnership or a dataset). The datasets the strategy rests
    # on are read by those who sit in the partnership and its programme team; a dataset
    # marked public (its scope published) by anyone. The programme team keeps them: adding
    # and describing a dataset, and importing its figures (asked apart: an import replaces
    # a year's figures at once).
    "evidence.view": either(administrator, programme_officer, member, published),
    "evidence.change": either(administrator, programme_officer),
    "evidence.import": either(administrator, programme_officer),
    # The services directory (target: a partnership or a service): public, as the
    # directory is (and its Open Referral feed); the programme team keeps it.
    "service.view": anyone,
    "service.change": either(administrator, programme_officer),
    # Contracts (target: a partnership or a contract): their records, values and decisions
    # are for those who sit in the partnership and its programme team, who keeps them (and
    # sees which end or need an extension decision soon). The contracts register of the
    # Local Government Transparency Code 2015 (every contract over 5,000 pounds, as the
    # Code lists its fields) is published to everyone.
    "contract.view": either(administrator, programme_officer, member),
    # contract.change also records a contract's variations and its early termination
    # (issue 16 items 6 and 7); the board's carried decision they need is the services'.
    "contract.change": either(administrator, programme_officer),
    "contract.view_transparency": anyone,
    # The strategy and the annual plan (target: a strategy, an outcome, an intention or an
    # action of one, or the partnership for its list). An adopted strategy is a published
    # council document (seed 004: the board "approves the 5 year strategy"): once adopted,
    # and after it is superseded, it is open to anyone with its outcomes, intentions and
    # plans. A draft is for those who sit in the partnership and its programme team, who
    # keep them all.
    "strategy.view": either(administrator, programme_officer, member, published),
    "strategy.change": either(administrator, programme_officer),
    # The pooled budget (target: a partnership or a pool): its sources, the agreement's
    # risk-share terms and the year-end share are for those who sit in the partnership and
    # its programme team (the board "manages the budget", seed 004); the programme team
    # keeps the figures.
    "budget.view": either(administrator, programme_officer, member),
    "budget.change": either(administrator, programme_officer),
    # Procurement (target: a partnership or a procurement). Its tendering strategy, state
    # and award are for those who sit in the partnership and its programme team, who runs
    # it. Bids and evaluators' scores are confidential: the programme team only (the
    # partnership's members include providers' representatives, seed 004's Core Strategy
    # Group). An evaluator, who may be a member, reaches the scoring through
    # ``procurement.evaluate``; the procurement service decides whose scores they are, and
    # the selector refuses the panel's scores until their own are submitted.
    "procurement.view": either(administrator, programme_officer, member),
    "procurement.view_bids": either(administrator, programme_officer),
    "procurement.evaluate": either(administrator, programme_officer, member),
    "procurement.change": either(administrator, programme_officer),
    # The evaluation as the board may read it once the contract is awarded (target: a
    # procurement, whose scope says whether it is): the bids received (late or excluded,
    # with why), the moderated scores with their rationale, the weighted totals and the
    # ranking. Before the award the programme team's only, as "procurement.view_bids".
    # Never the evaluators' own marks (the moderation page's, the programme team's), and
    # never a provider's people's (a bidder reads its own assessment summary only).
    "procurement.view_evaluation": either(administrator, programme_officer, member_once_disclosed),
    # What a procurement published as Open Contracting releases (tender, award, contract,
    # variations) and the feeds of them are public, as the notices are: open to anyone,
    # signed in or not. Nothing of the bids' prices or the scores is in them.
    "procurement.view_published": anyone,
    # A provider who bid sees its own bids (issue 16; target: the partnership, for the list
    # of the bids one may see): a provider's people their providers' bids only (price,
    # when received, whether late), never another's nor any score; the programme team every
    # bid, as "procurement.view_bids".
    "bid.view_own": either(administrator, programme_officer, provider_staff_in),
    # Clarification questions while a tender is open (issue 16; target: the partnership).
    # Any provider's people in the partnership may ask (a potential bidder need not have
    # bid yet), and the programme team records a question received by e-mail; the team
    # answers, which publishes the question and answer to every bidder. Published
    # questions and answers are open to anyone, as the tender notice is (the Procurement
    # Act 2023 sends clarifications to all suppliers), and never name who asked: only the
    # programme team sees that ("clarification.answer"). A provider's people also see
    # their own providers' questions, answered or not ("clarification.view_received").
    "clarification.view": anyone,
    "clarification.ask": either(administrator, programme_officer, provider_staff_in),
    "clarification.view_received": either(administrator, programme_officer, provider_staff_in),
    "clarification.answer": either(administrator, programme_officer),
    # Complaints (target: a partnership or a complaint). The programme team keeps the
    # register and its analysis, which give counts and redacted text; the complainant's
    # name, contact details and words (members of the public, often vulnerable people) are
    # seen only by those handling the complaint and the installation's administrators, and
    # each time they are shown the view, API or command records it in the audit trail.
    # Performance (target: a partnership or a return). Returns are the partnership's
    # programme team's to record, query and validate. A provider's own people (issue 18)
    # see and submit the returns of its services only (a return's scope names its
    # service's provider); querying, validating, replacing and targets stay the team's.
    "return.view": either(administrator, programme_officer, provider_staff),
    "return.submit": either(administrator, programme_officer, provider_staff),
    "return.review": either(administrator, programme_officer),
    # The partnership's returns pages (the list, outstanding returns, the template, the
    # benchmark, the form to record one; target: the partnership): the programme team's,
    # and a provider's people's, to whom the views show their own providers' services only
    # (``provider_ids``). A new page of all the partnership's returns asks "return.view"
    # of the partnership, which a provider's people are refused.
    "return.list": either(administrator, programme_officer, provider_staff_in),
    # The people who sign in for a provider (target: a partnership or a provider): the
    # programme team adds them and ends their terms (issue 18).
    "provider.manage_staff": either(administrator, programme_officer),
    "indicator_target.change": either(administrator, programme_officer),
    # Service quality reviews (target: a partnership or a review; issue 18). The programme
    # team plans them and records each step: the provider's self-assessment, the
    # validation visit, the validated grades, the action plan and its follow-up, the
    # outcome and taking it to the board. Members do not see the reviews themselves: the
    # grades and the visit's findings are about named providers, and the partnership's
    # members include providers' representatives (seed 004's Core Strategy Group), as for
    # bids. What the board decides comes to the members as the review's proposal (under
    # "decision.view"), whose summary carries the validated grades and the outcome.
    "review.view": either(administrator, programme_officer),
    "review.change": either(administrator, programme_officer),
    # The quarterly performance report (target: a partnership) and a service's trend over
    # the last eight quarters: validated figures only, for the programme team and for those
    # who sit in the partnership, since the report goes to its board (the Core Strategy
    # Group "monitors performance of service providers", seed 004). Other partnerships'
    # services appear only as comparison group sizes and quartiles, never by name.
    # Attaching it to a meeting as a paper is the programme team's (who also need
    # "meeting.change" on the meeting, as for any paper).
    "performance_report.view": either(administrator, programme_officer, member),
    "performance_report.attach": either(administrator, programme_officer),
    "complaint.view": either(administrator, programme_officer),
    "complaint.view_complainant": either(administrator, handler),
    # Recording what happens to a complaint (receiving it, each stage's acknowledgement,
    # extension and response, the escalation, closing, lessons and actions, the
    # ombudsman's referral) is the programme team's, as is keeping the register.
    "complaint.change": either(administrator, programme_officer),
    # Complaints' monitoring (target: a partnership): the programme team records the
    # homes figure a rate per 1,000 homes divides by and answers the Code's self-assessment
    # where the data cannot; the annual report and the self-assessment read as
    # "complaint.view" (counts and redacted text only).
    "complaint.monitor": either(administrator, programme_officer),
    # Partnership governance standards (target: a partnership, or a handbook, assessment or
    # audit of it): the handbooks that apply to the partnership, its self-assessments, the
    # audits of its governance with their findings and the actions taken are read by those
    # who sit in the partnership and its programme team, who record them.
    "standards.view": either(administrator, programme_officer, member),
    "standards.change": either(administrator, programme_officer),
    # The council-wide register of partnerships (target: None, the installation): each
    # partnership's purpose, lead partner, budget, compliance with the governance standards
    # and risk rating, for the scrutiny committee. It is the one page across partnerships:
    # read by the installation's administrators, by the programme team of any partnership
    # (the council's officers who answer to scrutiny) and by anyone who sits on a scrutiny
    # committee of any partnership; not by other members nor the public, since it carries
    # each partnership's budget, which its own members' pages keep to them.
    "partnership_register.view": either(
        administrator, programme_officer_anywhere, scrutiny_member_anywhere
    ),
}


def may(user: User, action: str, target: Any = None, *, on: datetime.date | None = None) -> bool:
    check = POLICY[action]
    return check(user, scope_of(target), on or timezone.localdate())


def require(
    user: User,
    action: str,
    target: Any = None,
    *,
    on: datetime.date | None = None,
    not_found: str = "",
) -> None:
    """Raise PermissionDenied (403) unless the user may act; or Http404 saying
    ``not_found``, where a target the user may not know of must seem not to exist.

    Every refusal of the policy passes here, and is written to the security log
    (``permission.refused``, with the action and the address asked): not to the audit
    trail, as a refusal changes nothing (docs/personal-data.md)."""
    if may(user, action, target, on=on):
        return
    scope = scope_of(target)
    security_event(
        "permission.refused",
        outcome=FAILURE,
        partnership_id=scope.partnership_id if scope is not None else None,
        action=action,
        answered=404 if not_found else 403,
        **user_fields(user),
    )
    if not_found:
        raise Http404(not_found)
    raise PermissionDenied(f"not allowed: {action}")
