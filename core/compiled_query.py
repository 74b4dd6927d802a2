"""Hot reads whose SQL is compiled once per database instead of on every request.

Building and compiling a queryset costs Django 0.5–1 ms of Python per query, several times what PostgreSQL takes
to plan and run the small indexed reads of a course detail, and it is the same SQL every time: only the slug or
the id changes. ``CompiledQuery`` keeps the SQL and its parameters, and fills in the arguments of each call.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models.query import ModelIterable, ValuesIterable


class CompiledQuery:
    """A read made by ``make_queryset(**arguments)``, compiled to SQL the first time it runs on a database.

    ``make_queryset`` must depend on its arguments alone: nothing it reads when called, such as
    ``timezone.now()`` (use ``Now()``, which the database evaluates), may reach the SQL. The arguments are str
    or int values that reach the SQL unchanged (``slug=slug``, ``course=course_id``). The queryset is a
    ``.values()`` one (the call answers a list of dicts) or plain model instances without ``select_related``
    or annotations (a list of instances). Query-count tests count these queries like any other.
    """

    def __init__(self, make_queryset):
        self.make_queryset = make_queryset
        self.model = None
        self.compiled = {}  # database alias -> _CompiledSql

    def __call__(self, **arguments):
        alias = router.db_for_read(self.model) if self.model else None
        compiled = self.compiled.get(alias)
        if compiled is None:
            compiled = self.compile(arguments)
            alias = compiled.alias
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, compiled.params_for(arguments))
            rows = cursor.fetchall()
        return compiled.results(rows, connection)

    def compile(self, arguments):
        queryset = self.make_queryset(**arguments)
        self.model = queryset.model
        compiled = _CompiledSql(queryset, arguments, self.make_queryset)
        self.compiled[compiled.alias] = compiled
        return compiled


class _CompiledSql:
    def __init__(self, queryset, arguments, make_queryset):
        self.alias = queryset.db
        compiler = queryset.query.get_compiler(self.alias)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.positions = {
            name: self.positions_of(name, arguments, make_queryset, compiler.connection) for name in arguments
        }
        columns = [expression for expression, _, _ in compiler.select]
        self.converters = list(compiler.get_converters(columns).items())
        if queryset._iterable_class is ValuesIterable:
            query = queryset.query
            self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
            self.model = None
        elif queryset._iterable_class is ModelIterable and not compiler.klass_info.get("related_klass_infos"):
            if compiler.annotation_col_map:
                raise ImproperlyConfigured("CompiledQuery builds instances without annotations.")
            self.names = [expression.target.attname for expression in columns]
            self.model = queryset.model
        else:
            raise ImproperlyConfigured("CompiledQuery answers .values() rows or plain model instances.")

    def positions_of(self, name, arguments, make_queryset, connection):
        """Where argument ``name`` lands among the parameters: those that change when only it changes."""
        value = arguments[name]
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ImproperlyConfigured(f"CompiledQuery takes str and int arguments, not {name}={value!r}.")
        changed = dict(arguments, **{name: value + ("~" if isinstance(value, str) else 1)})
        sql, params = make_queryset(**changed).query.get_compiler(connection=connection).as_sql()
        if sql != self.sql:
            raise ImproperlyConfigured(f"The SQL changes with {name}; CompiledQuery cannot reuse it.")
        positions = [index for index, (old, new) in enumerate(zip(self.params, params, strict=True)) if old != new]
        if not positions or any(self.params[index] != value for index in positions):
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
