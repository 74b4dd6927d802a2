import pytest

from courses.video import video_embed


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://cdn.example.com/clase.webm",
        "https://www.youtube.com/watch?v=<script>",
        "https://evil.example.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/channels/staffpicks",
    ],
)
def test_anything_but_a_valid_youtube_or_vimeo_link_is_not_embedded(url):
    assert video_embed(url) is None


def test_youtube_shorts_links_are_embedded_from_the_privacy_enhanced_host():
    embed = video_embed("https://www.youtube.com/shorts/dQw4w9WgXcQ")

    assert embed.src.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
