"""The "Teachers" group: what a teacher who signs in to the admin may do, and nothing more.

They edit the courses they teach (the admin and the API narrow every list to those), with their lessons,
captions, exams, questions and answers, and their own teacher profile. No delete of a course or lesson, no
``publish_course``, no category, user, rating, progress or certificate: those stay with staff.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Teachers"  # accounts.models.TEACHERS_GROUP; a migration keeps its own copy
PERMISSIONS = {
    "courses": [
        "view_course",
        "add_course",
        "change_course",
        "view_lesson",
        "add_lesson",
        "change_lesson",
        "view_caption",
        "add_caption",
        "change_caption",
        "delete_caption",
    ],
    "learning": [
        "view_exam",
        "add_exam",
        "change_exam",
        "view_question",
        "add_question",
        "change_question",
        "delete_question",
        "view_choice",
        "add_choice",
        "change_choice",
        "delete_choice",
    ],
    "teachers": ["view_teacher", "change_teacher"],
}


def create_teachers_group(apps, schema_editor):
    # Permissions are made after all migrations have run; a fresh database needs them now. The historical app
    # configs have no models module, which is create_permissions' sign of an app without models.
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codenames in PERMISSIONS.items()
        for codename in codenames
    ]
    group.permissions.set(wanted)


def delete_teachers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("teachers", "0002_teacher_user_account"),
        ("courses", "0011_course_review_status_and_publish_permission"),
        ("learning", "0004_count_ratings_by_score"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_teachers_group, delete_teachers_group)]
