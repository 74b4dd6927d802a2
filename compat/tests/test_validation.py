"""Bad ids and bodies answer 422 exactly as the original FastAPI backend did (recorded from it, pydantic 2.11)."""

import pytest

from learning.models import Rating

pytestmark = pytest.mark.django_db

PREFIX = "/api/platziflix"
UNPARSABLE = "Input should be a valid integer, unable to parse string as an integer"


def _post(client, course_id, body, content_type="application/json"):
    return client.generic("POST", f"{PREFIX}/courses/{course_id}/ratings", body, content_type=content_type)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            '{"rating": 3}',
            {"type": "missing", "loc": ["body", "user_id"], "msg": "Field required", "input": {"rating": 3}},
        ),
        (
            '{"user_id": 1, "rating": 0}',
            {
                "type": "greater_than_equal",
                "loc": ["body", "rating"],
                "msg": "Input should be greater than or equal to 1",
                "input": 0,
                "ctx": {"ge": 1},
            },
        ),
        (
            '{"user_id": 1, "rating": 6}',
            {
                "type": "less_than_equal",
                "loc": ["body", "rating"],
                "msg": "Input should be less than or equal to 5",
                "input": 6,
                "ctx": {"le": 5},
            },
        ),
        (
            '{"user_id": 0, "rating": 3}',
            {
                "type": "greater_than",
                "loc": ["body", "user_id"],
                "msg": "Input should be greater than 0",
                "input": 0,
                "ctx": {"gt": 0},
            },
        ),
        (
            '{"user_id": "me", "rating": 3}',
            {"type": "int_parsing", "loc": ["body", "user_id"], "msg": UNPARSABLE, "input": "me"},
        ),
        (
            '{"user_id": 1, "rating": 4.5}',
            {
                "type": "int_from_float",
                "loc": ["body", "rating"],
                "msg": "Input should be a valid integer, got a number with a fractional part",
                "input": 4.5,
            },
        ),
        (
            '{"user_id": 1, "rating": null}',
            {"type": "int_type", "loc": ["body", "rating"], "msg": "Input should be a valid integer", "input": None},
        ),
        (
            "[1, 2]",
            {
                "type": "model_attributes_type",
                "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": [1, 2],
            },
        ),
        (
            "{bad",
            {
                "type": "json_invalid",
                "loc": ["body", 1],
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": "Expecting property name enclosed in double quotes"},
            },
        ),
        ("", {"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}),
    ],
)
def test_a_bad_rating_body_answers_the_originals_422_item(signed_in, course, body, error):
    response = _post(signed_in, course.pk, body)

    assert response.status_code == 422
    assert response.json() == {"detail": [error]}
    assert not Rating.objects.exists()


def test_an_empty_object_lists_both_missing_fields(signed_in, course):
    response = _post(signed_in, course.pk, "{}")

    assert [(e["type"], e["loc"]) for e in response.json()["detail"]] == [
        ("missing", ["body", "user_id"]),
        ("missing", ["body", "rating"]),
    ]


def test_path_and_body_problems_are_listed_together_path_first(signed_in):
    response = _post(signed_in, "abc", '{"rating": 9}')

    assert response.status_code == 422
    assert [(e["type"], e["loc"]) for e in response.json()["detail"]] == [
        ("int_parsing", ["path", "course_id"]),
        ("missing", ["body", "user_id"]),
        ("less_than_equal", ["body", "rating"]),
    ]


def test_a_form_encoded_body_is_not_an_object(signed_in, course):
    response = _post(signed_in, course.pk, "user_id=1&rating=3", content_type="application/x-www-form-urlencoded")

    assert response.json()["detail"][0]["type"] == "model_attributes_type"


@pytest.mark.parametrize("body", ['{"user_id": "%(id)s", "rating": "4"}', '{"user_id": %(id)s, "rating": 4.0}'])
def test_lax_numbers_are_accepted_as_the_original_accepted_them(signed_in, learner, course, body):
    response = _post(signed_in, course.pk, body % {"id": learner.pk})

    assert response.status_code == 201
    assert Rating.objects.get().score == 4


def test_a_bad_put_body_answers_422(signed_in, learner, course):
    response = signed_in.generic(
        "PUT", f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk}", '{"user_id": 1}', content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "rating"]


def test_a_non_numeric_user_on_delete_answers_422(signed_in, course):
    response = signed_in.delete(f"{PREFIX}/courses/{course.pk}/ratings/abc")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "user_id"]


def test_validation_errors_elsewhere_in_the_api_keep_drfs_shape(signed_in, course):
    response = signed_in.post(f"/api/v1/courses/{course.slug}/ratings/", {"score": 9}, format="json")

    assert response.status_code == 400
    assert "score" in response.json()
