#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    from platziflix.env import ConfigError

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as exc:
        sys.exit(f"Configuration error: {exc}")
    except OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        sys.exit(f"Database error (check DATABASE_URL): {reason}")


if __name__ == "__main__":
    main()
