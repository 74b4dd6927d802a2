"""Hot reads whose SQL is compiled once per database instead of on every request.

Building and compiling a queryset costs Django 0.5–1 ms of Python per query, several times what PostgreSQL takes
to plan and run the small indexed reads of a course detail, and it is the same SQL every time: only the slug or
the id changes. ``CompiledQuery`` keeps the SQL and its parameters, and fills in the arguments of each call.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models.query import ModelIterable, ValuesIterable

# Two values of each argument type to compile with. An argument's parameters are those that change from one to
# the other, and they must be the probes themselves: a lookup that escapes, trims, lowers or wraps its value
# (``iexact``, ``contains``) changes these, so it is refused instead of being filled in unescaped.
PROBES = {str: (" Probe%_\\A ", " Probe%_\\B "), int: (1, 2)}
BIGINT_RANGE = range(-(2**63), 2**63)


class CompiledQuery:
    """A read made by ``make_queryset(**arguments)``, compiled to SQL the first time it runs on a database.

    ``make_queryset`` must depend on its arguments alone: nothing it reads when called, such as
    ``timezone.now()`` (use ``Now()``, which the database evaluates), may reach the SQL. The arguments are str
    or int values that reach the SQL unchanged (``slug=slug``, ``course=course_id``); every call passes the same
    names with the same types. The queryset is a ``.values()`` one (the call answers a list of dicts) or plain
    model instances (a list of instances), without ``select_related``, ``prefetch_related``, annotations on
    instances, ``select_for_update`` or ``using()``: the database is the router's, on every call. Anything else is
    refused with ImproperlyConfigured on the first call. Query-count tests count these queries like any other.
    """

    def __init__(self, make_queryset):
        self.make_queryset = make_queryset
        self.argument_types = None
        self.model = None
        self.compiled = {}  # database alias -> _CompiledSql

    def __call__(self, **arguments):
        if self.argument_types is None:
            self.learn_arguments(arguments)
        self.check_arguments(arguments)
        if any(isinstance(value, int) and value not in BIGINT_RANGE for value in arguments.values()):
            return list(self.make_queryset(**arguments))  # Django knows no row can match; the driver would fail
        alias = router.db_for_read(self.model)
        compiled = self.compiled.get(alias)
        if compiled is None:
            compiled = self.compiled[alias] = _CompiledSql(self.make_queryset, self.argument_types, alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, compiled.params_for(arguments))
            rows = cursor.fetchall()
        return compiled.results(rows, connection)

    def get(self, **arguments):
        """The one row or instance, as ``QuerySet.get`` answers: raises the model's DoesNotExist or
        MultipleObjectsReturned otherwise."""
        rows = self(**arguments)
        if len(rows) == 1:
            return rows[0]
        name = self.model._meta.object_name
        if not rows:
            raise self.model.DoesNotExist(f"{name} matching query does not exist.")
        raise self.model.MultipleObjectsReturned(f"get() returned more than one {name} -- it returned {len(rows)}!")

    def learn_arguments(self, arguments):
        types = {name: _argument_type(value) for name, value in arguments.items()}
        if None in types.values():
            raise ImproperlyConfigured(f"CompiledQuery takes str and int arguments, not {arguments!r}.")
        self.model = self.make_queryset(**_probes(types, 0)).model
        self.argument_types = types

    def check_arguments(self, arguments):
        types = {name: _argument_type(value) for name, value in arguments.items()}
        if types != self.argument_types:
            raise TypeError(f"This CompiledQuery takes {self.argument_types}, not {arguments!r}.")


class _CompiledSql:
    """One query's SQL for one database, with where each argument goes among its parameters. Never changed once
    built, so the threads of a worker share it."""

    def __init__(self, make_queryset, argument_types, alias):
        queryset = make_queryset(**_probes(argument_types, 0))
        compiler = queryset.query.get_compiler(alias)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.positions = {
            name: self.positions_of(name, make_queryset, argument_types, alias) for name in argument_types
        }
        columns = [expression for expression, _, _ in compiler.select]
        self.converters = list(compiler.get_converters(columns).items())
        self.model, self.names = self.row_shape(queryset, compiler, columns)

    @staticmethod
    def row_shape(queryset, compiler, columns):
        query = queryset.query
        if queryset._db or queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ImproperlyConfigured("CompiledQuery reads with the router's database and prefetches nothing.")
        if query.select_for_update or compiler.has_extra_select:
            raise ImproperlyConfigured("CompiledQuery reads rows as they are selected, without locking them.")
        if queryset._iterable_class is ValuesIterable:
            return None, list(query.selected or [*query.extra_select, *query.values_select, *query.annotation_select])
        if queryset._iterable_class is ModelIterable and not compiler.klass_info.get("related_klass_infos"):
            if compiler.annotation_col_map:
                raise ImproperlyConfigured("CompiledQuery builds instances without annotations.")
            return queryset.model, [expression.target.attname for expression in columns]
        raise ImproperlyConfigured("CompiledQuery answers .values() rows or plain model instances.")

    def positions_of(self, name, make_queryset, argument_types, alias):
        """Where argument ``name`` lands among the parameters: those that change when only it changes."""
        first, second = PROBES[argument_types[name]]
        probes = dict(_probes(argument_types, 0), **{name: second})
        sql, params = make_queryset(**probes).query.get_compiler(alias).as_sql()
        if sql != self.sql:
            raise ImproperlyConfigured(f"The SQL changes with {name}; CompiledQuery cannot reuse it.")
        positions = [index for index, (old, new) in enumerate(zip(self.params, params, strict=True)) if old != new]
        if not positions or any((self.params[index], params[index]) != (first, second) for index in positions):
            raise ImproperlyConfigured(f"{name} does not reach the SQL as it is; CompiledQuery cannot fill it in.")
        return positions

    def params_for(self, arguments):
        params = self.params.copy()
        for name, positions in self.positions.items():
            for index in positions:
                params[index] = arguments[name]
        return params

    def results(self, rows, connection):
        if self.converters:
            rows = [self.converted(row, connection) for row in rows]
        if self.model is None:
            return [dict(zip(self.names, row, strict=True)) for row in rows]
        return [self.model.from_db(connection.alias, self.names, row) for row in rows]

    def converted(self, row, connection):
        row = list(row)
        for index, (converters, expression) in self.converters:
            for converter in converters:
                row[index] = converter(row[index], expression, connection)
        return row


def _argument_type(value):
    if isinstance(value, bool):
        return None
    return next((kind for kind in PROBES if isinstance(value, kind)), None)


def _probes(argument_types, which):
    return {name: PROBES[kind][which] for name, kind in argument_types.items()}
