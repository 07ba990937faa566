import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.rules import RuleError, evaluate, parse_evaluation, parse_simulation, simulate, table


class Command(BaseCommand):
    # Plain computation on a file: no database, no models, so no system checks to run.
    requires_system_checks: list[str] = []
    help = (
        "Try decision rules without a database. 'accord rules evaluate vote.json' judges one "
        "vote under one rule and prints the outcome as JSON; 'accord rules simulate --table "
        "cases.json' replays cases under candidate constitutions, side by side. A FILE of '-' "
        'reads standard input, e.g. echo \'{"rule": {"kind": "unanimity"}, "units": '
        '["cherwell"], "votes": {"cherwell": "for"}}\' | accord rules evaluate -. '
        "docs/rules.md describes both formats and every output field."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="evaluate|simulate")
        evaluate_parser = actions.add_parser(
            "evaluate", help="judge one vote under one rule: the outcome, counts and reason"
        )
        evaluate_parser.add_argument("file", help="JSON with rule, units and votes; - for stdin")
        simulate_parser = actions.add_parser(
            "simulate", help="replay cases under candidate constitutions, side by side"
        )
        simulate_parser.add_argument("file", help="JSON with constitutions and cases; - for stdin")
        simulate_parser.add_argument(
            "--table",
            action="store_true",
            help="print a plain-text table (cases as rows, constitutions as columns)",
        )

    def handle(self, *args: Any, action: str, file: str, **options: Any) -> None:
        data = read_json(file)
        try:
            if action == "evaluate":
                rule, units, votes = parse_evaluation(data)
                output: Any = evaluate(rule, units, votes).to_json()
            else:
                results = simulate(*parse_simulation(data))
                if options.get("table"):
                    self.write_utf8(table(results))
                    return
                output = [result.to_json() for result in results]
        except RuleError as error:
            raise CommandError(str(error)) from None
        self.write_utf8(json.dumps(output, ensure_ascii=False, indent=2) + "\n")

    def write_utf8(self, text: str) -> None:
        """UTF-8 whatever the locale: bytes to the stream's buffer where it has one."""
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is None:
            self.stdout.write(text, ending="")
            return
        self.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def read_json(file: str) -> Any:
    """The JSON in ``file`` ('-': standard input); one line naming the problem if not."""
    name = "standard input" if file == "-" else file
    try:
        if file == "-":
            text = sys.stdin.read()
        else:
            with open(file, encoding="utf-8") as stream:
                text = stream.read()
    except UnicodeDecodeError:
        raise CommandError(f"{name}: not UTF-8 text") from None
    except OSError as error:
        raise CommandError(f"{name}: cannot read: {error.strerror or error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{name}: not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
