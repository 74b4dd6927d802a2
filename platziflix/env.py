"""Reads the environment variables that configure Platziflix.

Every problem is reported as a ``ConfigError`` whose message names the variable,
so ``manage.py`` and the WSGI entry point can print it as one line.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


class ConfigError(ImproperlyConfigured):
    pass


def get_str(name, default=""):
    return os.environ.get(name, default).strip()


def get_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def get_int(name, default):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number.") from None


def get_choice(name, default, choices):
    value = get_str(name, default).upper()
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not one of {', '.join(choices)}.")
    return value


LIMIT_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def get_limit(name, default):
    """``"10/15m"`` -> ``(10, 900)``: a number of events per window (s, m, h or d, with an optional multiple)."""
    raw = get_str(name, default)
    count, _, period = raw.partition("/")
    multiple, unit = period[:-1], period[-1:]
    if not (count.isdigit() and unit in LIMIT_UNITS and (multiple == "" or multiple.isdigit())):
        raise ConfigError(f"{name}={raw!r} is not a limit; write it as a count per period, e.g. 10/15m or 5/h.")
    seconds = int(multiple or 1) * LIMIT_UNITS[unit]
    if seconds == 0:
        raise ConfigError(f"{name}={raw!r} has an empty period.")
    return int(count), seconds


def get_duration(name, default):
    """``"30d"``, ``"12h"``, ``"90m"`` or ``"3600s"`` -> seconds."""
    raw = get_str(name, default)
    number, unit = raw[:-1], raw[-1:]
    if not (number.isdigit() and unit in LIMIT_UNITS and int(number) > 0):
        raise ConfigError(f"{name}={raw!r} is not a duration; write it as a number and s, m, h or d, e.g. 30d.")
    return int(number) * LIMIT_UNITS[unit]


def get_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_database(name, default, *, conn_max_age):
    raw = get_str(name) or default
    scheme = raw.split(":", 1)[0].lower() if ":" in raw else ""
    if scheme not in DATABASE_SCHEMES:
        raise ConfigError(
            f"{name}={raw!r} is not a database URL; expected postgres://user:password@host:port/name "
            "or sqlite:///path/to/file.sqlite3."
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=conn_max_age, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several unrelated types
        raise ConfigError(f"{name}={raw!r} could not be parsed: {exc}") from None
    if not config.get("NAME"):
        raise ConfigError(f"{name}={raw!r} does not name a database.")
    if config["ENGINE"].endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
    return config
