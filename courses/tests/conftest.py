import pytest

from courses.tests.clips import make_clip


@pytest.fixture(scope="session")
def clip_720p(tmp_path_factory):
    """Three seconds of 1280x720 test pattern with a tone, made once per run."""
    return make_clip(tmp_path_factory.mktemp("clips"), "lesson-720p.mp4")


@pytest.fixture(scope="session")
def clip_240p(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clips"), "lesson-240p.mp4", width=426, height=240)
