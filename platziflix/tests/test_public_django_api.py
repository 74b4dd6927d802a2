"""The project uses Django's public API only, so an upgrade cannot break it silently: no module imports a name
(or from a module) starting with ``_`` from Django, and none reaches into a queryset's SQL query
(``queryset.query.<anything>``), a SQL compiler (``compiler.<anything>``, ``get_compiler()``) or the ORM's private
queryset attributes. Checked on the syntax tree of every Python file of the project, tests included."""

import ast
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
SKIPPED_DIRS = {".venv", ".git", "staticfiles", "media", "artifacts", "node_modules", ".hypothesis"}
ORM_INTERNALS = {
    "get_compiler",
    "klass_info",
    "annotation_col_map",
    "has_extra_select",
    "_iterable_class",
    "_prefetch_related_lookups",
    "_known_related_objects",
    "_result_cache",
}


def private_django_uses(source):
    """(line, what) for each use of Django's private API in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "django":
            if any(part.startswith("_") for part in node.module.split(".")):
                found.append((node.lineno, f"from {node.module}"))
            found += [(node.lineno, f"import {alias.name}") for alias in node.names if alias.name.startswith("_")]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, f"import {alias.name}")
                for alias in node.names
                if alias.name.split(".")[0] == "django" and any(part.startswith("_") for part in alias.name.split("."))
            ]
        elif isinstance(node, ast.Attribute):
            inner = node.value
            if isinstance(inner, ast.Attribute) and inner.attr == "query":
                found.append((node.lineno, f".query.{node.attr}"))
            elif (isinstance(inner, ast.Name) and inner.id == "compiler") or (
                isinstance(inner, ast.Attribute) and inner.attr == "compiler"
            ):
                found.append((node.lineno, f"compiler.{node.attr}"))
            if node.attr in ORM_INTERNALS:
                found.append((node.lineno, f".{node.attr}"))
    return found


def _project_files():
    for path in sorted(PROJECT_DIR.rglob("*.py")):
        if not SKIPPED_DIRS.intersection(path.relative_to(PROJECT_DIR).parts):
            yield path


def test_no_module_of_the_project_uses_djangos_private_api():
    found = [
        f"{path.relative_to(PROJECT_DIR)}:{line}: {what}"
        for path in _project_files()
        for line, what in private_django_uses(path.read_text(encoding="utf-8"))
    ]

    assert found == []


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("from django.utils._os import safe_join", "from django.utils._os"),
        ("from django.db.models.query import _Something", "import _Something"),
        ("import django.utils._os", "import django.utils._os"),
        ("queryset.query.combinator", ".query.combinator"),
        ("sql, params = compiler.as_sql()", "compiler.as_sql"),
        ("queryset.query.get_compiler('default')", ".query.get_compiler"),
        ("if queryset._iterable_class is ValuesIterable: pass", "._iterable_class"),
    ],
)
def test_the_check_sees_each_kind_of_private_use(source, what):
    assert what in [found for _line, found in private_django_uses(source)]


def test_the_check_leaves_public_uses_alone():
    source = "from django.db import connections, router\nmodel._meta.get_field('name')\nstr(queryset.query)\n"

    assert private_django_uses(source) == []
