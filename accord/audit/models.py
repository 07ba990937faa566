"""One row per change of state, chained by hashes, never updated or deleted."""

import pgtrigger
from django.db import models

GENESIS_HASH = "0" * 64
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
