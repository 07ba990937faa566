"""The governance register as Popolo 1.0.1 (https://www.popoloproject.com/specs/).

``popolo_export(partnership)`` returns one dict of four lists, each object valid against
the Popolo JSON schemas of the same name (copied in the shared ``standards/popolo/``):

organizations
    The partnership itself (classification ``partnership``), then each partner
    (classification its ``PartnerKind`` code, e.g. ``district_council``) and each body
    (classification its ``BodyKind`` code, e.g. ``deciding_board``; ``description`` its
    purpose), both with ``parent_id`` the partnership. Codes, not labels, so that a
    reworded label does not change the data.
persons
    Every person of the partnership, seated or not: ``id`` and ``name`` only. The register
    often names people by role title ("Lead Member, Cherwell District Council").
posts
    One per distinct seat: body + partner (or none) + role + seat label, where seat labels
    that differ only in case or punctuation are the same seat (the register refuses
    overlapping terms of one seat case-insensitively). ``label`` "Voting representative
    for Cherwell District Council (Lead Member)", ``role`` the role's label,
    ``organization_id`` the body. Popolo posts have no partner field: the partner is in
    the label, its id in each holder's ``on_behalf_of_id``, and where the seat has a label
    ``other_label`` holds the register's form "Lead Member, Cherwell District Council".
memberships
    Every membership, current or ended: ``person_id``, ``organization_id`` (the body),
    ``post_id``, ``role`` (the role's label), ``on_behalf_of_id`` (the partner; absent for
    co-opted members and others who sit for no partner), ``start_date`` and, once the term
    has ended, ``end_date`` (ISO dates, the last day in the seat).

Ids are built from the partnership's slug and primary keys, so they are stable across
runs: ``accord:oxfordshire`` (the partnership), ``accord:oxfordshire:partner:12``,
``accord:oxfordshire:body:3``, ``accord:oxfordshire:person:40``,
``accord:oxfordshire:membership:55`` and, for a seat,
``accord:oxfordshire:post:3:12:voting_representative:lead-member`` (body, partner or
``none``, role, seat label slugified; no seat label, no last part). Lists are in register
order (organizations: partnership, partners by name, bodies by name; persons by name;
posts and memberships by body, partner, role and seat), so equal data gives equal output.
Absent values are left out rather than written as null. Timestamps and sign-in accounts
are not exported.

Values the source documents do not give (``accord.core.models.Illustrative``: an officer's
title, a seat's start date) are marked: an object lists its own properties that hold them in
``illustrative`` (``"illustrative": ["start_date"]``), left out when there are none. Popolo's
objects allow properties beyond the specification's, so the export stays valid Popolo.

Four queries whatever the size of the register: partners, bodies, people, memberships.
"""

from typing import Any

from django.utils.text import slugify

from accord.partnerships.models import Partnership

from .models import Body, Membership, MembershipRole, Partner, Person

PopoloObject = dict[str, Any]


def marked(popolo: PopoloObject, **fields: bool) -> PopoloObject:
    """The object with ``illustrative``: its properties whose values are illustrative (not
    from the source documents), when there are any."""
    names = [name for name, illustrative in fields.items() if illustrative and name in popolo]
    return {**popolo, "illustrative": names} if names else popolo


def popolo_id(partnership: Partnership, *parts: object) -> str:
    return ":".join(["accord", partnership.slug, *(str(part) for part in parts)])


def seat_key(membership: Membership) -> tuple[int, int | None, str, str]:
    """What makes two memberships the same post."""
    return (
        membership.body_id,
        membership.partner_id,
        membership.role,
        slugify(membership.seat, allow_unicode=True),
    )


def post_id(partnership: Partnership, membership: Membership) -> str:
    body_pk, partner_pk, role, seat = seat_key(membership)
    parts: list[object] = [body_pk, "none" if partner_pk is None else partner_pk, role]
    if seat:
        parts.append(seat)
    return popolo_id(partnership, "post", *parts)


def role_label(role: str) -> str:
    return str(MembershipRole(role).label) if role in MembershipRole.values else role


def post_object(partnership: Partnership, membership: Membership) -> PopoloObject:
    role = role_label(membership.role)
    label = f"{role} for {membership.partner.name}" if membership.partner else role
    post: PopoloObject = {
        "id": post_id(partnership, membership),
        "label": f"{label} ({membership.seat})" if membership.seat else label,
        "role": role,
        "organization_id": popolo_id(partnership, "body", membership.body_id),
    }
    if membership.seat and membership.partner:
        post["other_label"] = [f"{membership.seat}, {membership.partner.name}"]
    # the labels name the partner and the seat
    invented = membership.is_illustrative("seat") or (
        membership.partner is not None and membership.partner.is_illustrative("name")
    )
    return marked(post, label=invented, other_label=invented)


def membership_object(partnership: Partnership, membership: Membership) -> PopoloObject:
    item: PopoloObject = {
        "id": popolo_id(partnership, "membership", membership.pk),
        "person_id": popolo_id(partnership, "person", membership.person_id),
        "organization_id": popolo_id(partnership, "body", membership.body_id),
        "post_id": post_id(partnership, membership),
        "role": role_label(membership.role),
        "start_date": membership.start_date.isoformat(),
    }
    if membership.partner_id is not None:
        item["on_behalf_of_id"] = popolo_id(partnership, "partner", membership.partner_id)
    if membership.end_date is not None:
        item["end_date"] = membership.end_date.isoformat()
    return marked(
        item,
        start_date=membership.is_illustrative("start_date"),
        end_date=membership.is_illustrative("end_date"),
    )


def organization_objects(
    partnership: Partnership, partners: list[Partner], bodies: list[Body]
) -> list[PopoloObject]:
    root = popolo_id(partnership)
    top: PopoloObject = {"id": root, "name": partnership.name, "classification": "partnership"}
    if partnership.description:
        top["description"] = partnership.description
    organizations = [top]
    for partner in partners:
        member: PopoloObject = {
            "id": popolo_id(partnership, "partner", partner.pk),
            "name": partner.name,
            "classification": partner.kind,
            "parent_id": root,
        }
        organizations.append(marked(member, name=partner.is_illustrative("name")))
    for body in bodies:
        organization: PopoloObject = {
            "id": popolo_id(partnership, "body", body.pk),
            "name": body.name,
            "classification": body.kind,
            "parent_id": root,
        }
        if body.purpose:
            organization["description"] = body.purpose
        organizations.append(organization)
    return organizations


def popolo_export(partnership: Partnership) -> dict[str, list[PopoloObject]]:
    """The partnership's register as Popolo organizations, persons, posts and memberships."""
    partners = list(Partner.objects.filter(partnership=partnership).order_by("name", "pk"))
    bodies = list(Body.objects.filter(partnership=partnership).order_by("name", "pk"))
    people = list(Person.objects.filter(partnership=partnership).order_by("name", "pk"))
    memberships = sorted(
        Membership.objects.filter(partnership=partnership).select_related(
            "body", "partner", "person"
        ),
        key=lambda m: (
            m.body.name,
            m.partner.name if m.partner else "",
            m.role,
            seat_key(m)[3],
            m.start_date,
            m.person.name,
            m.pk,
        ),
    )
    posts: dict[str, PopoloObject] = {}
    for membership in memberships:
        # The first holder's spelling of the seat label names the post.
        posts.setdefault(post_id(partnership, membership), post_object(partnership, membership))
    return {
        "organizations": organization_objects(partnership, partners, bodies),
        "persons": [
            marked(
                {"id": popolo_id(partnership, "person", person.pk), "name": person.name},
                name=person.is_illustrative("name"),
            )
            for person in people
        ],
        "posts": list(posts.values()),
        "memberships": [membership_object(partnership, m) for m in memberships],
    }
