from django.db import migrations
from django.db.models import Count

RATINGS_BY_SCORE = {
    1: "one_star_ratings",
    2: "two_star_ratings",
    3: "three_star_ratings",
    4: "four_star_ratings",
    5: "five_star_ratings",
}


def count_ratings_by_score(apps, schema_editor):
    """Fill the new per-score counts from the active ratings, in one grouped query and batched updates."""
    Course = apps.get_model("courses", "Course")
    Rating = apps.get_model("learning", "Rating")
    courses = {}
    active = Rating.objects.filter(deleted_at__isnull=True).order_by()
    for course_id, score, total in active.values_list("course_id", "score").annotate(total=Count("id")):
        course = courses.setdefault(course_id, Course(pk=course_id))
        setattr(course, RATINGS_BY_SCORE[score], total)
    Course.objects.bulk_update(courses.values(), list(RATINGS_BY_SCORE.values()), batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0009_ratings_by_score"),
        ("learning", "0003_learning_paths_in_english"),
    ]

    # Backwards there is nothing to undo: going back past courses.0009 drops the columns.
    operations = [migrations.RunPython(count_ratings_by_score, migrations.RunPython.noop)]
