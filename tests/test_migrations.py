"""An installation's database migrates forward without loss.

The foundation moved ``Partnership`` and ``ProgrammeOfficer`` from governance to the
tenancy layer (their tables renamed), and moved the link between an agenda item and its
proposal from meetings (a column) into decisions (a table). This test takes the test
database back to where those steps begin, puts rows there as an installation of that time
held them, and migrates forward as ``accord migrate`` would.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Where the moves begin: the partnership still in its old table, each agenda item still
# naming its proposal in its own column.
BEFORE_THE_MOVES = [
    ("partnerships", "0001_initial"),
    ("governance", "0004_partnerships_move"),
    ("meetings", "0002_partnerships_move"),
    ("decisions", "0003_partnerships_move"),
]


def table_columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_a_database_of_before_the_moves_migrates_forward_with_every_row_kept():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE_THE_MOVES)
        assert "governance_partnership" in tables()
        assert "proposal_id" in table_columns("meetings_agendaitem")
        old = executor.loader.project_state(BEFORE_THE_MOVES).apps
        partnership = old.get_model("partnerships", "Partnership").objects.create(
            slug="wychwood", name="Wychwood Supporting People"
        )
        body = old.get_model("governance", "Body").objects.create(
            partnership=partnership, name="Wychwood Board", kind="deciding_board"
        )
        meeting = old.get_model("meetings", "Meeting").objects.create(
            partnership=partnership, body=body, date=datetime.date(2010, 2, 5), place="Witney"
        )
        proposal = old.get_model("decisions", "Proposal").objects.create(
            partnership=partnership, title="Strategy 2010-15", kind="strategy", deciding_body=body
        )
        item = old.get_model("meetings", "AgendaItem")
        concerning = item.objects.create(
            partnership=partnership,
            meeting=meeting,
            number=1,
            title=proposal.title,
            proposal_id=proposal.pk,
        )
        apologies = item.objects.create(
            partnership=partnership, meeting=meeting, number=2, title="Apologies"
        )

        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)

    new = MigrationExecutor(connection).loader.project_state(latest).apps
    assert "governance_partnership" not in tables()
    assert new.get_model("partnerships", "Partnership").objects.get(slug="wychwood")
    assert "proposal_id" not in table_columns("meetings_agendaitem")
    tablings = new.get_model("decisions", "Tabling").objects.values_list(
        "item_id", "proposal_id", "partnership_id"
    )
    assert list(tablings) == [(concerning.pk, proposal.pk, partnership.pk)]
    kept = new.get_model("meetings", "AgendaItem").objects.values_list("pk", "title")
    assert sorted(kept) == [(concerning.pk, proposal.title), (apologies.pk, "Apologies")]
