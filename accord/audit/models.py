"""One row per change of state, chained by hashes, never updated or deleted; beside it, the
personal data of events, which can be erased (docs/personal-data.md)."""

import pgtrigger
from django.db import models

GENESIS_HASH = "0" * 64
# The action of an erasure of personal data (services.personal_erase), which verification
# holds to the number of events it says it erased.
PERSONAL_ERASE_ACTION = "audit.personal_erase"
REFUSE = "RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME;"
# An insert must be the next event of the chain: the sequence after the last, quoting the
# last event's hash. That refuses rewriting an event by insert (SQLite's INSERT OR REPLACE,
# which fires no DELETE trigger), forking the chain, and filling a gap left by a deletion.
NEXT_IN_CHAIN = """
SELECT sequence, hash INTO last_sequence, last_hash
  FROM audit_auditevent ORDER BY sequence DESC LIMIT 1;
IF NOT FOUND THEN
  last_sequence := 0;
  last_hash := repeat('0', 64);  -- GENESIS_HASH
END IF;
IF NEW.sequence IS DISTINCT FROM last_sequence + 1
   OR NEW.previous_hash IS DISTINCT FROM last_hash THEN
  RAISE EXCEPTION 'audit events are append-only: event % is not the next of the chain',
    NEW.sequence;
END IF;
RETURN NEW;
"""


class AuditEvent(models.Model):
    """A change of state: who did what to which object, when, with what before and after.

    ``hash`` covers the event's content and ``previous_hash`` (the hash of the event
    before it), so rewriting, removing or reordering any event breaks the chain from
    that event on (``accord audit verify``). The actor and partnership are kept as plain
    ids with the actor's name at the time, so that the record outlives the rows it names.
    Personal data about the request (address, user agent) is not here but in
    ``AuditPersonal``, which the hash covers through ``personal_digest``.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    partnership_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # The salted digest of the event's personal data (AuditPersonal), which the hash
    # covers; empty for an event without any (and every event recorded before there was).
    # Empty too for a row inserted without it (by the release before, during an upgrade).
    personal_digest = models.CharField(max_length=64, blank=True, default="", db_default="")
    # Unique: two events claiming the same predecessor would be a fork in the chain.
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "sequence"], name="audit_object"),
            models.Index(fields=["partnership_id", "sequence"], name="audit_partnership"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="audit_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func=REFUSE,
            ),
            pgtrigger.Trigger(
                name="audit_next_in_chain",
                operation=pgtrigger.Insert,
                when=pgtrigger.Before,
                declare=[("last_sequence", "bigint"), ("last_hash", "varchar(64)")],
                func=NEXT_IN_CHAIN,
            ),
            pgtrigger.Trigger(
                name="audit_no_truncate",
                operation=pgtrigger.Truncate,
                level=pgtrigger.Statement,
                when=pgtrigger.Before,
                func=REFUSE,
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type} {self.object_id}"


PERSONAL_REFUSE = (
    "RAISE EXCEPTION 'personal data of audit events is erased, never deleted: % refused on %', "
    "TG_OP, TG_TABLE_NAME;"
)
# An update may only erase: empty the fields and the salt, and name the erasure's event.
PERSONAL_ERASE_ONLY = """
IF OLD.erased_by IS NULL AND NEW.erased_by IS NOT NULL AND NEW.event_id = OLD.event_id
   AND NEW.fields = '{}'::jsonb AND NEW.salt = '' THEN
  RETURN NEW;
END IF;
RAISE EXCEPTION 'personal data of audit events is only ever erased: event % refused',
  OLD.event_id;
"""
# Personal data is added only with its event: the last of the chain, which carries its digest.
PERSONAL_WITH_ITS_EVENT = """
SELECT sequence, personal_digest INTO last_sequence, last_digest
  FROM audit_auditevent ORDER BY sequence DESC LIMIT 1;
IF NOT FOUND OR NEW.event_id IS DISTINCT FROM last_sequence OR last_digest = ''
   OR NEW.erased_by IS NOT NULL THEN
  RAISE EXCEPTION 'personal data of audit events is added only with its event: event % refused',
    NEW.event_id;
END IF;
RETURN NEW;
"""


class AuditPersonal(models.Model):
    """The personal data of one audit event (the client's address and user agent, and any
    personal field the service recorded), kept beside the chain so that it can be erased
    while the chain still verifies.

    The event's hash covers ``personal_digest(fields, salt)``. Erasing (``personal_erase``)
    empties ``fields`` and ``salt`` and names the erasure's own event in ``erased_by``;
    rows are never deleted, so a row missing, or marked erased by no erasure, is tampering
    that ``accord audit verify`` names.
    """

    # The event's sequence number; no foreign key constraint, as the events' own columns
    # name what they concern by plain ids: the trail's tables depend on nothing.
    event = models.OneToOneField(
        AuditEvent,
        to_field="sequence",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="personal",
    )
    fields = models.JSONField(default=dict, blank=True)
    salt = models.CharField(max_length=32, blank=True)
    erased_by = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The sequence of the event that erased this data"
    )

    class Meta:
        verbose_name_plural = "audit personal data"
        triggers = [
            pgtrigger.Trigger(
                name="audit_personal_no_delete",
                operation=pgtrigger.Delete,
                when=pgtrigger.Before,
                func=PERSONAL_REFUSE,
            ),
            pgtrigger.Trigger(
                name="audit_personal_no_truncate",
                operation=pgtrigger.Truncate,
                level=pgtrigger.Statement,
                when=pgtrigger.Before,
                func=PERSONAL_REFUSE,
            ),
            pgtrigger.Trigger(
                name="audit_personal_erase_only",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                func=PERSONAL_ERASE_ONLY,
            ),
            pgtrigger.Trigger(
                name="audit_personal_with_its_event",
                operation=pgtrigger.Insert,
                when=pgtrigger.Before,
                declare=[("last_sequence", "bigint"), ("last_digest", "varchar(64)")],
                func=PERSONAL_WITH_ITS_EVENT,
            ),
        ]

    def __str__(self) -> str:
        return f"personal data of event #{self.event_id}"

    @property
    def erased(self) -> bool:
        return self.erased_by is not None
