import pytest


@pytest.fixture(autouse=True)
def no_demo_videos(settings):
    """Most demo tests are about the catalog; test_videos.py makes videos for a few lessons itself."""
    settings.DEMO_VIDEOS = False
