import pytest

from courses.tests.clips import make_clip
from courses.tests.test_s3_storage import s3_endpoint, s3_media  # noqa: F401 (moto's S3 server, a test bucket)


@pytest.fixture(scope="session")
def clip_720p(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clips"), "lesson-720p.mp4")
