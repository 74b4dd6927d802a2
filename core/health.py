"""What /health/ and the original clients' /health report."""

from django.db import DatabaseError, connection


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False
