"""Time the analytics pages on the current database (e.g. the seed_scale catalog): median and worst of several
renders, the median CPU time of this process and time in SQL, and the queries each one runs. Figures for the
README; not a test."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext

from analytics.models import CourseDay


class Command(BaseCommand):
    help = "Render the analytics overview and the busiest course's page several times and print their timings."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--staff", default="admin", help="Username of a staff member to render the pages as.")

    def handle(self, *args, runs, staff, **options):
        user = get_user_model().objects.filter(username=staff, is_staff=True).first()
        if user is None:
            raise CommandError(f"No staff account named {staff!r}: run seed_demo, or pass --staff.")
        busiest = CourseDay.objects.values("course__slug").annotate(n=Sum("enrolments")).order_by("-n").first()
        if busiest is None:
            raise CommandError("No analytics yet: run seed_demo or seed_scale first.")
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        for label, url in (
            ("overview", "/admin/analytics/"),
            ("overview, 90 days", "/admin/analytics/?days=90"),
            ("course page", f"/admin/analytics/courses/{busiest['course__slug']}/"),
            ("course page, 90 days", f"/admin/analytics/courses/{busiest['course__slug']}/?days=90"),
        ):
            client.get(url)  # warm: templates compiled, translations loaded
            times, cpu, sql = [], [], []
            for _run in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
            self.stdout.write(
                f"{label:22} median {statistics.median(times):6.1f} ms  worst {max(times):6.1f} ms  "
                f"(Python CPU {statistics.median(cpu):5.1f} ms, SQL {statistics.median(sql):5.1f} ms)  "
                f"queries {len(queries)}  ({url})"
            )
