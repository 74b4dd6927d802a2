"""CompiledQuery: a read compiled to SQL once, run again with each call's arguments, answering what Django would."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.db.models.functions import Now, Upper
from django.utils import timezone

from core.compiled_query import CompiledQuery

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def users():
    return [
        User.objects.create_user("ana", "ana@example.com", is_staff=True),
        User.objects.create_user("beto", "beto@example.com"),
        User.objects.create_user("carla", "carla@example.com", is_staff=True),
    ]


def _users_named(username):
    return User.objects.filter(username=username).values("id", "username", "is_staff", "date_joined")


def _user_ids(pk):
    return User.objects.filter(pk=pk).values("id")


def _users_in_group(group_id):
    return User.objects.filter(groups=group_id).order_by("username")


def test_each_call_answers_the_rows_of_its_own_arguments(users):
    users_named = CompiledQuery(_users_named)

    answers = [users_named(username=name) for name in ("ana", "beto", "nadie", "carla")]

    assert answers == [list(_users_named(name)) for name in ("ana", "beto", "nadie", "carla")]
    assert answers[1] == [
        {"id": users[1].pk, "username": "beto", "is_staff": False, "date_joined": users[1].date_joined}
    ]


def test_instances_are_loaded_like_django_loads_them(users):
    group = Group.objects.create(name="docentes")
    group.user_set.add(users[2], users[0])

    members = CompiledQuery(_users_in_group)(group_id=group.pk)

    assert members == [users[0], users[2]]
    assert [(member.email, member.date_joined, member.is_staff) for member in members] == [
        (user.email, user.date_joined, user.is_staff) for user in (users[0], users[2])
    ]
    assert (members[0]._state.adding, members[0]._state.db) == (False, "default")


def test_no_rows_is_an_empty_list(users):
    empty_group = Group.objects.create(name="vacío")

    members = CompiledQuery(_users_in_group)(group_id=empty_group.pk)

    assert members == []


def test_get_answers_the_one_row_like_querysets_do(users):
    user = CompiledQuery(_users_named).get(username="beto")

    assert user == _users_named("beto").get()


def test_get_without_a_row_raises_the_models_does_not_exist(users):
    with pytest.raises(User.DoesNotExist):
        CompiledQuery(_users_named).get(username="nadie")


def test_get_with_several_rows_raises_multiple_objects_returned(users):
    group = Group.objects.create(name="docentes")
    group.user_set.add(users[0], users[2])

    with pytest.raises(User.MultipleObjectsReturned):
        CompiledQuery(_users_in_group).get(group_id=group.pk)


def test_values_keep_the_order_they_were_asked_in(users):
    shouted = CompiledQuery(
        lambda username: User.objects.filter(username=username).annotate(shout=Upper("username")).values("shout", "id")
    )

    rows = shouted(username="ana")

    assert rows == [{"shout": "ANA", "id": users[0].pk}]


def test_a_constant_equal_to_the_first_argument_stays_a_constant(users):
    named_or_beto = CompiledQuery(
        lambda username: (
            User.objects.filter(Q(username=username) | Q(username="beto")).order_by("username").values("username")
        )
    )
    named_or_beto(username="beto")

    rows = named_or_beto(username="ana")

    assert rows == [{"username": "ana"}, {"username": "beto"}]


@pytest.mark.parametrize("pk", [2**63 - 1, 2**63, -(2**64)], ids=["largest id", "past 64 bits", "far negative"])
def test_ids_no_row_can_have_answer_nothing_even_on_the_first_call(users, pk):
    rows = CompiledQuery(_user_ids)(pk=pk)

    assert rows == []


def test_the_queryset_is_built_only_the_first_time(users):
    built = []
    users_named = CompiledQuery(lambda username: built.append(username) or _users_named(username))
    users_named(username="ana")
    built_by_the_first_call = len(built)

    users_named(username="beto")
    users_named(username="carla")

    assert len(built) == built_by_the_first_call


def test_every_call_is_one_counted_query(users, django_assert_num_queries):
    users_named = CompiledQuery(_users_named)
    users_named(username="ana")

    with django_assert_num_queries(1):
        users_named(username="beto")


def test_database_functions_are_evaluated_on_every_call(users):
    """What ``Now()`` compares with is the moment of each read, not of the compilation (scheduled publication)."""
    joined_by_now = CompiledQuery(
        lambda username: User.objects.filter(username=username, date_joined__lte=Now()).values("username")
    )
    User.objects.filter(username="beto").update(date_joined=timezone.now() + timedelta(days=1))
    joined_by_now(username="beto")
    User.objects.filter(username="beto").update(date_joined=timezone.now() - timedelta(days=1))

    rows = joined_by_now(username="beto")

    assert rows == [{"username": "beto"}]


def test_a_read_of_the_future_answers_nothing(users):
    joined_by_now = CompiledQuery(
        lambda username: User.objects.filter(username=username, date_joined__lte=Now()).values("username")
    )
    User.objects.filter(username="beto").update(date_joined=timezone.now() + timedelta(days=1))

    rows = joined_by_now(username="beto")

    assert rows == []


@pytest.mark.parametrize(
    "arguments", [{"username": 1}, {"name": "ana"}, {"username": "ana", "extra": 1}], ids=["type", "name", "extra"]
)
def test_later_calls_must_pass_the_arguments_of_the_first(users, arguments):
    users_named = CompiledQuery(_users_named)
    users_named(username="ana")

    with pytest.raises(TypeError):
        users_named(**arguments)


@pytest.mark.parametrize(
    ("make_queryset", "arguments"),
    [
        # the lookup wraps the argument ("%ana%"), so it never reaches the SQL as it is
        (lambda username: User.objects.filter(username__contains=username).values("id"), {"username": "ana"}),
        (lambda username: User.objects.filter(username__startswith=username).values("id"), {"username": "ana"}),
        (lambda name: Permission.objects.select_related("content_type").filter(codename=name), {"name": "add_group"}),
        (lambda username: User.objects.filter(username=username).prefetch_related("groups"), {"username": "ana"}),
        (lambda username: User.objects.filter(username=username).select_for_update(), {"username": "ana"}),
        (lambda username: User.objects.using("default").filter(username=username), {"username": "ana"}),
        (lambda username: User.objects.filter(username=username).annotate(n=Now()), {"username": "ana"}),
        (
            lambda username: User.objects.filter(username=username).values("id").order_by("email").distinct(),
            {"username": "ana"},
        ),
        (lambda joined: User.objects.filter(date_joined__gte=joined).values("id"), {"joined": timezone.now()}),
        (lambda staff: User.objects.filter(is_staff=staff).values("id"), {"staff": True}),
        (lambda username: User.objects.filter(username=username).values_list("id"), {"username": "ana"}),
    ],
    ids=[
        "wrapped argument",
        "escaped argument (startswith)",
        "select_related",
        "prefetch_related",
        "select_for_update",
        "using",
        "annotation on instances",
        "distinct with extra select",
        "not str or int",
        "bool",
        "values_list",
    ],
)
def test_reads_it_cannot_fill_in_are_refused_on_the_first_call(users, make_queryset, arguments):
    with pytest.raises(ImproperlyConfigured):
        CompiledQuery(make_queryset)(**arguments)
