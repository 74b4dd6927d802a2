"""Reads written as SQL for the hottest paths, on Django's public APIs only.

Building and compiling a queryset costs Django 0.5–1 ms of Python per query, several times what PostgreSQL takes
to plan and run a small indexed read, and for a hot read it is the same SQL every time. So such a read is
written once per database vendor (``per_vendor``), with its tables and columns named from the models' ``_meta``
(``db_table``, ``get_fields()``, each field's ``column``), and run by ``fetch`` with
``connections[alias].cursor()`` on the database the router chooses for the model: replica routing and
read-after-write hold as for any queryset, and query-count tests count these queries like any other.

PostgreSQL (psycopg2) gives values of the right types. SQLite gives datetimes without a time zone, decimals as
floats and UUIDs as text; ``fetch`` converts them as Django would for the fields it is given.
"""

import datetime
import uuid
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.db import connections, models, router
from django.utils.dateparse import parse_datetime

# What Django's ``Now()`` compiles to: the database's clock, so a scheduled course appears when the database
# says so (``%%`` because the SQL is run with parameters).
NOW = {"postgresql": "STATEMENT_TIMESTAMP()", "sqlite": "STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW')"}
BIGINT = range(-(2**63), 2**63)


def per_vendor(build):
    """``build(sql)`` writes a read's SQL with the ``Sql`` helper it is given; this writes it once per vendor."""
    built = {}

    def sql_for(connection):
        text = built.get(connection.vendor)
        if text is None:
            text = built[connection.vendor] = build(Sql(connection))
        return text

    return sql_for


class Sql:
    """Quoted names of tables and columns, from the models' ``_meta``, for one database connection."""

    def __init__(self, connection):
        self.quote = connection.ops.quote_name
        self.now = NOW.get(connection.vendor, "CURRENT_TIMESTAMP")

    def table(self, model, alias):
        return f"{self.quote(model._meta.db_table)} {self.quote(alias)}"

    def column(self, model, field_name, alias):
        return f"{self.quote(alias)}.{self.quote(model._meta.get_field(field_name).column)}"

    def columns(self, model, field_names, alias):
        return ", ".join(self.column(model, name, alias) for name in field_names)


@cache
def concrete_fields(model):
    """The fields that are columns of the model's table, in their declared order: what ``Model.from_db`` loads."""
    return tuple(field for field in model._meta.get_fields() if field.concrete and not field.many_to_many)


@cache
def _attnames(model):
    return [field.attname for field in concrete_fields(model)]


def fetch(model, sql_for, params, fields):
    """The rows of the SQL that ``sql_for(connection)`` writes, read on the database the router chooses for
    ``model``, with each value converted for its field in ``fields`` (one per column). Returns (alias, rows)."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql_for(connection), params)
        rows = cursor.fetchall()
    converters = _converters(connection.vendor, tuple(fields))
    if converters and rows:
        rows = [_converted(row, converters, connection) for row in rows]
    return alias, rows


def instances(model, alias, rows):
    """``model`` instances of rows that hold every column of ``concrete_fields(model)``, loaded as Django loads
    them (``Model.from_db``)."""
    names = _attnames(model)
    return [model.from_db(alias, names, row) for row in rows]


def can_match(value):
    """Whether ``value`` can equal a text or big-integer column: PostgreSQL refuses text with NUL and integers
    past 64 bits instead of finding nothing."""
    if isinstance(value, int):
        return value in BIGINT
    return "\x00" not in value


@cache
def _converters(vendor, fields):
    return [
        (index, converter) for index, field in enumerate(fields) if (converter := _converter(vendor, field)) is not None
    ]


def _converter(vendor, field):
    if hasattr(field, "from_db_value"):
        return field.from_db_value
    if vendor != "sqlite":
        return None
    if isinstance(field, models.DateTimeField):
        return _aware_datetime
    if isinstance(field, models.DecimalField):
        quantum = Decimal(1).scaleb(-field.decimal_places)
        return lambda value, expression, connection: None if value is None else Decimal(str(value)).quantize(quantum)
    if isinstance(field, models.UUIDField):
        return lambda value, expression, connection: value if value is None else uuid.UUID(value)
    if isinstance(field, models.BooleanField):
        return lambda value, expression, connection: value if value is None else bool(value)
    return None


def _aware_datetime(value, expression, connection):
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and settings.USE_TZ and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def _converted(row, converters, connection):
    row = list(row)
    for index, converter in converters:
        row[index] = converter(row[index], None, connection)
    return tuple(row)
