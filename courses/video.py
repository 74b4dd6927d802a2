"""Turn the video URL staff typed into what the lesson player shows."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
VIMEO_ID = re.compile(r"^\d{3,12}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


@dataclass(frozen=True)
class Embed:
    provider: str
    src: str


def _youtube_id(parsed):
    host = (parsed.hostname or "").lower()
    parts = [part for part in parsed.path.split("/") if part]
    if host in {"youtu.be", "www.youtu.be"} and parts:
        return parts[0]
    if host in YOUTUBE_HOSTS:
        if parts[:1] == ["watch"]:
            return parse_qs(parsed.query).get("v", [""])[0]
        if len(parts) >= 2 and parts[0] in {"embed", "shorts", "live", "v"}:
            return parts[1]
    return ""


def _vimeo_id(parsed):
    if (parsed.hostname or "").lower() not in VIMEO_HOSTS:
        return ""
    numbers = [part for part in parsed.path.split("/") if VIMEO_ID.match(part)]
    return numbers[0] if numbers else ""


def video_embed(url):
    """A privacy-enhanced embed for YouTube and Vimeo links, or None for anything else (a direct file)."""
    if not url:
        return None
    parsed = urlparse(url)
    youtube = _youtube_id(parsed)
    if YOUTUBE_ID.match(youtube):
        return Embed("youtube", f"https://www.youtube-nocookie.com/embed/{youtube}?rel=0")
    vimeo = _vimeo_id(parsed)
    if vimeo:
        return Embed("vimeo", f"https://player.vimeo.com/video/{vimeo}?dnt=1")
    return None
