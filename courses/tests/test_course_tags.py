import pytest

from courses.templatetags.course_tags import duration, json_ld, star_class


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (60, "1 min"),
        (754, "13 min"),
        (3600, "1 h 00 min"),
        (3900, "1 h 05 min"),
        (None, "0 s"),
    ],
)
def test_duration_reads_like_a_person_would_say_it(seconds, text):
    assert duration(seconds) == text


def test_json_ld_escapes_characters_that_could_close_the_script_block():
    assert json_ld({"name": "</script>&"}) == '{"name": "\\u003C/script\\u003E\\u0026"}'


@pytest.mark.parametrize(("value", "step"), [(0, 0), (4.26, 45), (4.25, 45), (4.24, 40), (5, 50)])
def test_star_class_rounds_to_half_stars(value, step):
    assert star_class(value) == step
