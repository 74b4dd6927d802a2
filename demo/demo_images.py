"""Pictures for the demo catalog, drawn with Pillow so nothing is fetched from the internet."""

import colorsys
import hashlib
import io
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont


def _palette(seed):
    digest = hashlib.sha256(seed.encode()).digest()
    hue = digest[0] / 255
    start = colorsys.hsv_to_rgb(hue, 0.75, 0.55)
    end = colorsys.hsv_to_rgb((hue + 0.12) % 1, 0.85, 0.2)
    return tuple(int(c * 255) for c in start), tuple(int(c * 255) for c in end), digest


# Pillow's built-in font has no "ñ" or accents; DejaVu (Debian's fonts-dejavu-core) has them all.
SYSTEM_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@cache
def _font(size):
    if SYSTEM_FONT.exists():
        return ImageFont.truetype(str(SYSTEM_FONT), size)
    return ImageFont.load_default(size=size)


def _drawable(text):
    """The text as the font can draw it: without accents when only Pillow's own font is available."""
    if SYSTEM_FONT.exists():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _gradient(size, start, end):
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / max(width - 1, 1)
        colour = tuple(int(s + (e - s) * t) for s, e in zip(start, end, strict=True))
        draw.line([(x, 0), (x, height)], fill=colour)
    return image


def _initials(text):
    words = [w for w in text.replace("Curso de ", "").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "P"


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def course_thumbnail(name, size=(640, 360)):
    start, end, digest = _palette(name)
    image = _gradient(size, start, end)
    draw = ImageDraw.Draw(image)
    for i in range(6):
        radius = 30 + digest[i + 1] % 90
        cx, cy = digest[i + 7] * size[0] // 255, digest[i + 13] * size[1] // 255
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=(255, 255, 255), width=2)
    title = name.replace("Curso de ", "")
    draw.text((32, size[1] - 124), _drawable(_initials(name)), font=_font(64), fill=(152, 202, 63))
    draw.text((32, size[1] - 48), _drawable(title[:34]), font=_font(26), fill=(255, 255, 255))
    return _png(image)


def teacher_avatar(name, size=(320, 320)):
    start, end, _digest = _palette(name)
    image = _gradient(size, start, end)
    draw = ImageDraw.Draw(image)
    font = _font(120)
    text = _drawable(_initials(name))
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    position = ((size[0] - (right - left)) / 2 - left, (size[1] - (bottom - top)) / 2 - top)
    draw.text(position, text, font=font, fill=(255, 255, 255))
    return _png(image)
