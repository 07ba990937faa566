from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from accord import policy
        from accord.core import work
        from accord.partnerships import exports

        from .selectors import (
            scrutinised_partnership_ids,
            seated_body_ids,
            seated_partnership_ids,
        )
        from .services import popolo_export_record
        from .work import GovernanceWork

        # Who sits on which body is kept in this register; the policy asks it.
        policy.provide("sits_in", seated_partnership_ids)
        policy.provide("sits_on", seated_body_ids)
        policy.provide("scrutinises", scrutinised_partnership_ids)
        # The home page lists the amendments awaiting a representative's signature.
        work.register(GovernanceWork())
        exports.register(
            exports.Exporter(
                "popolo",
                "organizations, persons, posts and memberships (Popolo 1.0.1)",
                lambda partnership, actor: popolo_export_record(
                    actor=actor, partnership=partnership, via="command"
                ),
            )
        )
