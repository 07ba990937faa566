"""The ``accord`` console script: Django's management commands under one name.

``accord help`` lists the commands. A user's mistake (an unknown command, a bad
argument, a refused operation, a missing setting) ends with exit status 2 and one
line on standard error, never a traceback.
"""

import os
import re
import sys
from collections.abc import Sequence

USAGE_ERROR = 2
HELP_WORDS = {"help", "--help", "-h", "--version", "version"}
# Command names with a hyphen, which a module cannot have: the name typed, and the module's
# (Django names a command after its module, e.g. accord/calendar/management/commands/).
ALIASES = {"working-days": "working_days"}


def fail(message: str) -> int:
    print(f"accord: {message}", file=sys.stderr)  # noqa: T201
    return USAGE_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings.base")

    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import CommandError, ManagementUtility, get_commands
    from django.core.management.base import BaseCommand, handle_default_options
    from django.db import DatabaseError

    class Utility(ManagementUtility):
        """Django's, answering to the hyphenated names and listing them in its help."""

        def fetch_command(self, subcommand: str) -> BaseCommand:
            return super().fetch_command(ALIASES.get(subcommand, subcommand))

        def main_help_text(self, commands_only: bool = False) -> str:
            text = super().main_help_text(commands_only)
            for typed, module in ALIASES.items():
                text = re.sub(rf"^(\s*){module}$", rf"\g<1>{typed}", text, flags=re.MULTILINE)
            return text

    name = arguments[0] if arguments else "help"
    if name in HELP_WORDS or "--help" in arguments or "-h" in arguments:
        # Help text is Django's own; it names the program "accord".
        Utility(["accord", *arguments]).execute()
        return 0

    try:
        django.setup()
    except ImproperlyConfigured as error:
        return fail(f"configuration: {error}")

    commands = get_commands()
    if ALIASES.get(name, name) not in commands:
        return fail(f"unknown command {name!r}; 'accord help' lists the commands")

    utility = Utility(["accord", *arguments])
    command = utility.fetch_command(name)
    # Without the command-line flag, Django's parser raises CommandError on a bad
    # argument instead of printing its usage and exiting, so it arrives here as one line.
    parser = command.create_parser("accord", name)
    try:
        options = parser.parse_args(arguments[1:])
        handle_default_options(options)
        option_values = vars(options)
        positional = option_values.pop("args", ())
        command.execute(*positional, **option_values)
    except CommandError as error:
        return fail(f"{name}: {str(error).removeprefix('Error: ')}")
    except ImproperlyConfigured as error:
        return fail(f"configuration: {error}")
    except DatabaseError as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        return fail(f"{name}: database error: {first_line} (has 'accord migrate' been run?)")
    except KeyboardInterrupt:
        return 130
    except SystemExit as stop:
        # A command that ends with its own status, its problems already on stderr (accord
        # audit verify, accord performance import): main returns it, the console script
        # exits with it. sys.exit() with no status is success; with a message, a usage error.
        if stop.code is None:
            return 0
        if isinstance(stop.code, int):
            return stop.code
        return fail(str(stop.code))
    return 0


if __name__ == "__main__":
    sys.exit(main())
