"""Fill a PostgreSQL database with a catalog the size of the design's budgets, for benchmarks.

Rows are generated inside PostgreSQL with generate_series, so a million ratings take seconds.
"""

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from analytics.generate import activity_generate
from core.public_cache import public_content_changed
from courses.models import Course
from learning.models import LessonProgress


class Command(BaseCommand):
    help = "Add a large synthetic catalog (PostgreSQL only): courses, lessons, learners and ratings."

    def add_arguments(self, parser):
        parser.add_argument("--courses", type=int, default=10_000)
        parser.add_argument("--lessons-per-course", type=int, default=20)
        parser.add_argument("--learners", type=int, default=5_000)
        parser.add_argument("--ratings-per-learner", type=int, default=200)
        parser.add_argument(
            "--active-learners", type=int, default=5_000, help="Learners with 90 days of activity, for the analytics."
        )
        parser.add_argument("--active-courses", type=int, default=300, help="Courses those learners take.")

    def handle(
        self,
        *args,
        courses,
        lessons_per_course,
        learners,
        ratings_per_learner,
        active_learners,
        active_courses,
        **options,
    ):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL: set DATABASE_URL.")
        if ratings_per_learner > courses:
            raise CommandError("--ratings-per-learner cannot exceed --courses.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT id FROM courses_category WHERE deleted_at IS NULL ORDER BY id")
            category_ids = [row[0] for row in cursor.fetchall()]
            if not category_ids:
                raise CommandError("Run seed_demo first: the synthetic courses reuse its categories.")
            cursor.execute("SELECT coalesce(max(id), 0) FROM courses_course")
            first_course = cursor.fetchone()[0] + 1
            cursor.execute(
                """
                INSERT INTO courses_course (id, name, slug, summary, description, thumbnail, category_id, level,
                    status, published_at, average_rating, total_ratings, one_star_ratings, two_star_ratings,
                    three_star_ratings, four_star_ratings, five_star_ratings, created_at, updated_at,
                    name_en, summary_en, description_en)
                SELECT n, 'Curso sintético ' || n, 'curso-sintetico-' || n,
                    'Resumen del curso sintético número ' || n,
                    'Descripción larga del curso ' || n || ' sobre programación, datos y diseño.',
                    '', (%(categories)s::bigint[])[1 + n %% cardinality(%(categories)s::bigint[])],
                    (ARRAY['beginner', 'intermediate', 'advanced'])[1 + n %% 3],
                    'published', now() - (n || ' minutes')::interval, 0, 0, 0, 0, 0, 0, 0, now(), now(), '', '', ''
                FROM generate_series(%(first)s, %(last)s) AS n
                """,
                {"categories": category_ids, "first": first_course, "last": first_course + courses - 1},
            )
            # The ratings below pick courses by id arithmetic, so the ids were given; the sequence moves past them.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('courses_course', 'id'), %s)", [first_course + courses - 1]
            )
            cursor.execute(
                """
                INSERT INTO courses_lesson (course_id, name, slug, description, video_url, video_file,
                    duration_seconds, position, created_at, updated_at, name_en, description_en, video_status,
                    video_error, hls_playlist, poster)
                SELECT c.id, 'Clase ' || p, 'clase-' || p, 'Descripción de la clase ' || p, '', '',
                    120 + (c.id * p) %% 900, p, now(), now(), '', '', 'none', '', '', ''
                FROM courses_course c CROSS JOIN generate_series(1, %(lessons)s) AS p
                WHERE c.slug LIKE 'curso-sintetico-%%' AND c.id >= %(first)s
                """,
                {"lessons": lessons_per_course, "first": first_course},
            )
            cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
            first_user = cursor.fetchone()[0] + 1
            cursor.execute(
                """
                INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                    is_staff, is_active, date_joined)
                SELECT %(password)s, false, 'aprendiz-' || n, 'Aprendiz', n::text, 'aprendiz' || n || '@example.com',
                    false, true, now()
                FROM generate_series(%(first)s, %(last)s) AS n
                """,
                {"password": make_password(None), "first": first_user, "last": first_user + learners - 1},
            )
            cursor.execute(
                """
                INSERT INTO learning_rating (course_id, user_id, score, review, created_at, updated_at)
                SELECT %(first_course)s + ((u.id * 7919 + k * 104729) %% %(courses)s), u.id,
                    1 + (u.id + k) %% 5, CASE WHEN k %% 4 = 0 THEN 'Reseña ' || k ELSE '' END,
                    now() - ((u.id + k * 13) %% 90 || ' days')::interval, now()
                FROM accounts_user u CROSS JOIN generate_series(1, %(per_learner)s) AS k
                WHERE u.id >= %(first_user)s
                ON CONFLICT DO NOTHING
                """,
                {
                    "first_course": first_course,
                    "courses": courses,
                    "per_learner": ratings_per_learner,
                    "first_user": first_user,
                },
            )
            cursor.execute(
                """
                UPDATE courses_course c SET average_rating = round(s.average, 2), total_ratings = s.total,
                    one_star_ratings = s.ones, two_star_ratings = s.twos, three_star_ratings = s.threes,
                    four_star_ratings = s.fours, five_star_ratings = s.fives
                FROM (SELECT course_id, avg(score) AS average, count(*) AS total,
                             count(*) FILTER (WHERE score = 1) AS ones, count(*) FILTER (WHERE score = 2) AS twos,
                             count(*) FILTER (WHERE score = 3) AS threes, count(*) FILTER (WHERE score = 4) AS fours,
                             count(*) FILTER (WHERE score = 5) AS fives
                      FROM learning_rating WHERE deleted_at IS NULL GROUP BY course_id) s
                WHERE c.id = s.course_id AND c.id >= %(first)s
                """,
                {"first": first_course},
            )
            cursor.execute("ANALYZE")
            public_content_changed()  # rows written in SQL send no signal
        # 90 days of learners watching, completing, rating and taking exams, and the rollups rebuilt from them.
        taken = Course.objects.published().filter(pk__gte=first_course).order_by("pk")[:active_courses]
        activity_generate(courses=taken, learners=active_learners, learner_prefix="activo", days=90)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts = {
            "courses": Course.objects.count(),
            "lessons": Course.lessons.rel.related_model.objects.count(),
            "ratings": Course.ratings.rel.related_model.objects.count(),
            "lesson progress rows": LessonProgress.objects.count(),
        }
        self.stdout.write(
            self.style.SUCCESS("Scale catalog ready: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        )
