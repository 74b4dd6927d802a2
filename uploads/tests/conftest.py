import pytest

from courses.tests.clips import make_clip


@pytest.fixture(scope="session")
def clip_720p(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clips"), "lesson-720p.mp4")
