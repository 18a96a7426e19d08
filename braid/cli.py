"""The `braid` command: Django's management commands, run with Braid's settings.

`braid serve` (production server), `braid demo`, `braid createsteward`, `braid import ...`,
`braid export ...`, and every Django command (`braid migrate`, `braid shell`, ...).
"""

from __future__ import annotations

import os
import sys

# Commands spelt with a hyphen on the command line (a module name cannot hold one).
ALIASES = {"network-metrics": "network_metrics"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["braid", *args])


if __name__ == "__main__":
    main()
