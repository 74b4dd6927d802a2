"""The demo's teacher avatars: each demo teacher drawn to fit, all different."""

import io

from PIL import Image

from demo import demo_data, demo_images


def test_every_demo_teacher_has_a_look_of_their_own():
    looks = [demo_images.LOOKS[teacher["name"]] for teacher in demo_data.TEACHERS]

    assert len({(look["hair"], look["backdrop"], look["hue"]) for look in looks}) == len(looks)


def test_facundo_is_drawn_with_short_hair_and_a_beard_on_green():
    look = demo_images.LOOKS["Facundo García Martoni"]

    assert (look["hair"], look["beard"], round(look["hue"], 2)) == ("short", True, 0.36)


def test_avatars_are_distinct_square_pictures():
    pictures = {demo_images.teacher_avatar(teacher["name"]) for teacher in demo_data.TEACHERS}

    assert len(pictures) == len(demo_data.TEACHERS)
    assert {Image.open(io.BytesIO(picture)).size for picture in pictures} == {(320, 320)}
