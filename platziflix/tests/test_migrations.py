import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_every_migration_runs_backwards_and_forwards_again():
    call_command("migrate", "courses", "zero", verbosity=0)
    assert "courses_course" not in connection.introspection.table_names()

    call_command("migrate", verbosity=0)

    assert "courses_course" in connection.introspection.table_names()
    assert not MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
