import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.tests.factories import UserFactory
from demo.management.commands.seed_demo import TEACHER_PASSWORD
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


def test_seed_demo_links_each_demo_teacher_to_an_account_named_after_them(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=None)

    teachers = Teacher.objects.select_related("user")
    assert teachers.exists()
    assert all(teacher.user.username == teacher.slug for teacher in teachers)
    account = authenticate(username=teachers[0].slug, password=TEACHER_PASSWORD)
    assert account is not None
    assert account.is_teacher_account
    assert not account.is_staff_member


def test_seed_demo_links_an_account_made_before_it_without_a_password(settings):
    settings.DEBUG = True
    made_first = UserFactory(username="freddy-vega")
    made_first.set_unusable_password()
    made_first.save()

    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)

    assert Teacher.objects.get(slug="freddy-vega").user.username == "freddy-vega"
    assert authenticate(username="freddy-vega", password=TEACHER_PASSWORD) is not None
