"""Linking an account to a teacher: the staff flag and the "Teachers" group, undone on unlink, and the public
page's "verified" mark, never served stale from the cache."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import TEACHERS_GROUP
from accounts.tests.factories import UserFactory
from teachers.services import TEACHER_PERMISSIONS, teacher_account_link, teachers_group_sync
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def vtt(text, name="es.vtt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


def test_the_teachers_group_has_only_what_teachers_need():
    codenames = set(Group.objects.get(name=TEACHERS_GROUP).permissions.values_list("codename", flat=True))

    assert {"change_course", "add_course", "change_lesson", "add_caption", "change_question"} <= codenames
    assert not codenames & {"publish_course", "delete_course", "delete_lesson", "view_rating", "view_user"}
    assert not any(codename.endswith(("_category", "_certificate", "_lessonprogress")) for codename in codenames)


def test_linking_makes_the_account_a_teacher_who_signs_in_to_the_admin():
    teacher, user = TeacherFactory(), UserFactory()

    teacher_account_link(teacher=teacher, user=user)

    user.refresh_from_db()
    assert user.is_staff
    assert user.is_teacher_account
    assert not user.is_staff_member
    assert teacher.__class__.objects.get(pk=teacher.pk).user == user


def test_unlinking_takes_the_teacher_powers_back():
    teacher, user = TeacherFactory(), UserFactory()
    teacher_account_link(teacher=teacher, user=user)

    teacher_account_link(teacher=teacher, user=None)

    user = user.__class__.objects.get(pk=user.pk)
    assert not user.is_staff
    assert not user.is_teacher_account
    assert teacher.__class__.objects.get(pk=teacher.pk).user is None


def test_a_staff_member_who_is_linked_keeps_staff_powers_and_stays_staff_when_unlinked():
    teacher, staff = TeacherFactory(), UserFactory(is_staff=True)

    teacher_account_link(teacher=teacher, user=staff)
    staff = staff.__class__.objects.get(pk=staff.pk)
    linked_is_staff_member = staff.is_staff_member
    teacher_account_link(teacher=teacher, user=None)

    staff = staff.__class__.objects.get(pk=staff.pk)
    assert linked_is_staff_member
    assert staff.is_staff
    assert staff.is_staff_member
    assert not staff.groups.exists()


def test_linking_another_account_releases_the_first():
    teacher, first, second = TeacherFactory(), UserFactory(), UserFactory()
    teacher_account_link(teacher=teacher, user=first)

    teacher_account_link(teacher=teacher, user=second)

    first = first.__class__.objects.get(pk=first.pk)
    assert not first.is_staff
    assert not first.is_teacher_account
    assert teacher.__class__.objects.get(pk=teacher.pk).user == second


def test_a_linked_teachers_public_page_says_verified(client):
    teacher = TeacherFactory(slug="ana")
    unverified = client.get("/teachers/ana/")

    teacher_account_link(teacher=teacher, user=UserFactory())
    verified = client.get("/teachers/ana/")

    assert "Profesor verificado" not in unverified.text
    assert unverified["X-Cache"] == "miss"
    assert "Profesor verificado" in verified.text
    assert verified["X-Cache"] == "miss"


def test_the_verified_mark_goes_once_unlinked_even_from_the_cache(client):
    teacher = TeacherFactory(slug="ana")
    teacher_account_link(teacher=teacher, user=UserFactory())
    client.get("/teachers/ana/")
    assert client.get("/teachers/ana/")["X-Cache"] == "hit"

    teacher_account_link(teacher=teacher, user=None)
    response = client.get("/teachers/ana/")

    assert "Profesor verificado" not in response.text


def test_deleting_a_teachers_account_drops_the_verified_mark_from_the_cache(client):
    teacher, user = TeacherFactory(slug="ana"), UserFactory()
    teacher_account_link(teacher=teacher, user=user)
    client.get("/teachers/ana/")

    user.delete()
    response = client.get("/teachers/ana/")

    assert "Profesor verificado" not in response.text


def test_the_english_page_says_verified_teacher(client):
    teacher_account_link(teacher=TeacherFactory(slug="ana"), user=UserFactory())

    response = client.get("/en/teachers/ana/")

    assert "Verified teacher" in response.text


def test_the_teachers_group_is_made_again_with_its_permissions_when_a_flush_emptied_the_tables():
    Group.objects.filter(name=TEACHERS_GROUP).delete()

    teachers_group_sync()  # what post_migrate runs, after migrate and after a flush

    codenames = set(Group.objects.get(name=TEACHERS_GROUP).permissions.values_list("codename", flat=True))
    assert codenames == {codename for codenames in TEACHER_PERMISSIONS.values() for codename in codenames}
