"""Pictures for the demo catalog, drawn with Pillow so nothing is fetched from the internet.

Each category has its own visual language (web: browser windows and tags; programming: a terminal and
braces; data: charts and a network; design: bold overlapping shapes and a pen curve; DevOps: stacked
containers and a cloud), varied per course. Teachers get portrait-style avatars: a head and shoulders with
hair, skin and clothes picked from their name.
"""

import colorsys
import hashlib
import io
import random
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Pillow's built-in font has no "ñ" or accents; DejaVu (Debian's fonts-dejavu-core) has them all.
SYSTEM_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
SYSTEM_MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf")
CATEGORY_HUES = {"desarrollo-web": 0.58, "programacion": 0.36, "datos-e-ia": 0.76, "diseno": 0.93, "devops": 0.08}
WHITE = (255, 255, 255)
LIME = (152, 202, 63)


@cache
def font(size, mono=False):
    path = SYSTEM_MONO if mono and SYSTEM_MONO.exists() else SYSTEM_FONT
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _rng(seed):
    return random.Random(hashlib.sha256(seed.encode()).digest())


def _rgb(hue, saturation, value, alpha=None):
    colour = tuple(int(c * 255) for c in colorsys.hsv_to_rgb(hue % 1, saturation, value))
    return colour if alpha is None else (*colour, alpha)


def gradient(size, start, end, vertical=False):
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    steps = height if vertical else width
    for step in range(steps):
        t = step / max(steps - 1, 1)
        colour = tuple(int(s + (e - s) * t) for s, e in zip(start, end, strict=True))
        line = [(0, step), (width, step)] if vertical else [(step, 0), (step, height)]
        draw.line(line, fill=colour)
    return image


def _png(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _web(draw, size, hue, rng):
    width, _height = size
    for index in range(2):
        left = width * (0.42 + 0.12 * index) + rng.randint(-10, 10)
        top = 40 + 46 * index
        right, bottom = left + 250, top + 170
        draw.rounded_rectangle([left, top, right, bottom], 14, fill=_rgb(hue, 0.35, 0.22 + 0.1 * index, 235))
        draw.rounded_rectangle([left, top, right, top + 26], 14, fill=_rgb(hue, 0.5, 0.4, 255))
        for dot in range(3):
            draw.ellipse([left + 12 + dot * 16, top + 8, left + 22 + dot * 16, top + 18], fill=_rgb(dot / 6, 0.6, 0.95))
        for row in range(4):
            span = rng.randint(90, 200)
            draw.rounded_rectangle(
                [left + 16, top + 44 + row * 28, left + 16 + span, top + 58 + row * 28],
                6,
                fill=_rgb(hue, 0.25, 0.8, 160),
            )
    draw.text((40, 60), "</>", font=font(72, mono=True), fill=(*LIME, 255))


def _programming(draw, size, hue, rng):
    width, _height = size
    left, top = width * 0.44, 36
    draw.rounded_rectangle([left, top, width - 30, top + 230], 16, fill=(10, 14, 24, 235))
    mono = font(20, mono=True)
    for row in range(7):
        indent = rng.choice([0, 0, 1, 2])
        draw.text((left + 20 + indent * 24, top + 18 + row * 29), ">" if row == 0 else "", font=mono, fill=LIME)
        span = rng.randint(60, 200)
        x = left + 44 + indent * 24
        draw.rounded_rectangle(
            [x, top + 24 + row * 29, x + span, top + 36 + row * 29], 5, fill=_rgb(hue + row * 0.07, 0.55, 0.9, 220)
        )
    draw.text((40, 50), "{ }", font=font(96, mono=True), fill=_rgb(hue, 0.3, 1.0, 150))


def _data(draw, size, hue, rng):
    width, height = size
    base = height - 140
    for index in range(7):
        bar = rng.randint(40, 190)
        x = width * 0.45 + index * 44
        draw.rounded_rectangle([x, base - bar, x + 28, base], 6, fill=_rgb(hue + index * 0.03, 0.55, 0.95, 230))
    points = [(width * 0.45 + i * 44 + 14, base - rng.randint(60, 210)) for i in range(7)]
    draw.line(points, fill=(*LIME, 255), width=4, joint="curve")
    nodes = [(rng.randint(40, int(width * 0.38)), rng.randint(30, 170)) for _ in range(7)]
    for a, b in zip(nodes, nodes[1:] + nodes[:2], strict=False):
        draw.line([a, b], fill=(255, 255, 255, 90), width=2)
    for x, y in nodes:
        draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=_rgb(hue, 0.3, 1.0, 255))


def _design(draw, size, hue, rng):
    width, _height = size
    cx = width * 0.68
    draw.ellipse([cx - 120, 30, cx + 60, 210], fill=_rgb(hue, 0.7, 0.95, 210))
    draw.rectangle([cx - 10, 80, cx + 150, 240], fill=_rgb(hue + 0.35, 0.7, 0.95, 190))
    draw.polygon([(cx - 160, 240), (cx - 60, 70), (cx + 40, 240)], fill=_rgb(hue + 0.6, 0.6, 1.0, 170))
    start, control, end = (width * 0.38, 220), (width * 0.55, -40), (width - 40, 170 + rng.randint(-30, 30))
    curve = [
        (
            (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t**2 * end[0],
            (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t**2 * end[1],
        )
        for t in (step / 40 for step in range(41))
    ]
    draw.line(curve, fill=WHITE, width=3)
    for x, y in (start, end):
        draw.rectangle([x - 7, y - 7, x + 7, y + 7], fill=WHITE, outline=(20, 20, 20), width=2)


def _devops(draw, size, hue, rng):
    width, _height = size
    left = width * 0.46
    for row in range(3):
        for column in range(3 - row):
            x = left + column * 92 + row * 46 + rng.randint(-4, 4)
            y = 190 - row * 62
            colour = _rgb(hue + (row + column) * 0.05, 0.65, 0.95, 235)
            draw.rounded_rectangle([x, y, x + 84, y + 54], 6, fill=colour)
            for slat in range(3):
                draw.line([(x + 14 + slat * 22, y + 10), (x + 14 + slat * 22, y + 44)], fill=(0, 0, 0, 70), width=4)
    cloud = _rgb(hue, 0.1, 1.0, 200)
    for cx, cy, radius in ((width * 0.3, 70, 38), (width * 0.36, 52, 46), (width * 0.43, 74, 34)):
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=cloud)
    draw.rectangle([width * 0.3, 70, width * 0.43, 108], fill=cloud)


MOTIFS = {
    "desarrollo-web": _web,
    "programacion": _programming,
    "datos-e-ia": _data,
    "diseno": _design,
    "devops": _devops,
}


def course_thumbnail(name, category="", size=(640, 360)):
    """A 16:9 picture in its category's visual language, varied by the course name (the page shows the title)."""
    rng = _rng(name)
    hue = CATEGORY_HUES.get(category, rng.random()) + rng.uniform(-0.04, 0.04)
    image = gradient(size, _rgb(hue, 0.75, 0.5), _rgb(hue + 0.1, 0.85, 0.14)).convert("RGBA")
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    MOTIFS.get(category, _programming)(ImageDraw.Draw(layer), size, hue, rng)
    image.alpha_composite(layer, dest=(0, 30))
    return _png(image)


SKIN_TONES = [(241, 194, 160), (224, 172, 128), (198, 134, 96), (160, 104, 70), (118, 76, 50), (250, 214, 186)]
HAIR_COLOURS = [(35, 24, 20), (70, 44, 28), (120, 78, 40), (190, 150, 90), (20, 20, 24), (150, 60, 40)]
HAIR_STYLES = ["short", "crop", "curly", "long", "bun", "ponytail", "bald"]
BACKDROPS = ["gradient", "circle", "stripes"]

# The demo teachers drawn to fit them; any other teacher gets a look picked from the name.
LOOKS = {
    "Freddy Vega": {"hair": "crop", "hair_colour": (35, 24, 20), "skin": (224, 172, 128), "glasses": True,
                    "backdrop": "circle", "hue": 0.58},
    "Ana Belisa Martínez": {"hair": "long", "hair_colour": (70, 44, 28), "skin": (241, 194, 160), "earrings": True,
                            "backdrop": "gradient", "hue": 0.76},
    "Facundo García Martoni": {"hair": "short", "hair_colour": (40, 30, 24), "skin": (241, 194, 160),
                               "beard": True, "backdrop": "stripes", "hue": 0.36},
    "Carla Ruiz": {"hair": "bun", "hair_colour": (150, 60, 40), "skin": (250, 214, 186), "glasses": True,
                   "earrings": True, "backdrop": "circle", "hue": 0.48},
    "Diego Ortiz": {"hair": "curly", "hair_colour": (20, 20, 24), "skin": (160, 104, 70), "beard": True,
                    "backdrop": "gradient", "hue": 0.07},
    "Valentina Rojas": {"hair": "ponytail", "hair_colour": (190, 150, 90), "skin": (224, 172, 128),
                        "earrings": True, "backdrop": "stripes", "hue": 0.93},
}  # fmt: skip


def _look(name, rng):
    if name in LOOKS:
        return LOOKS[name]
    return {
        "hair": rng.choice(HAIR_STYLES),
        "hair_colour": rng.choice(HAIR_COLOURS),
        "skin": rng.choice(SKIN_TONES),
        "glasses": rng.random() < 0.35,
        "beard": rng.random() < 0.25,
        "earrings": rng.random() < 0.2,
        "backdrop": rng.choice(BACKDROPS),
        "hue": rng.random(),
    }


def _backdrop(size, kind, hue):
    width, height = size
    image = gradient(size, _rgb(hue, 0.35, 0.85), _rgb(hue + 0.08, 0.55, 0.45), vertical=True)
    draw = ImageDraw.Draw(image)
    if kind == "circle":
        draw.ellipse([width * 0.12, height * 0.08, width * 0.88, height * 0.84], fill=_rgb(hue, 0.18, 0.98))
    elif kind == "stripes":
        for offset in range(-height, width, 44):
            draw.line([(offset, height), (offset + height, 0)], fill=_rgb(hue, 0.45, 0.7), width=14)
    return image


def _shade(colour, amount):
    return tuple(max(0, min(255, c + amount)) for c in colour)


def teacher_avatar(name, size=(320, 320)):
    """A portrait-style avatar: head, hair, face details and shoulders on a backdrop, fitted to each demo
    teacher (``LOOKS``) or picked from the name."""
    rng = _rng(name)
    look = _look(name, rng)
    width, _height = size
    hue, hair, skin = look["hue"], look["hair_colour"], look["skin"]
    image = _backdrop(size, look["backdrop"], hue)
    draw = ImageDraw.Draw(image)
    shirt = _rgb(hue + 0.45, 0.55, 0.55)
    cx = width / 2
    style = look["hair"]
    if style == "long":
        draw.rounded_rectangle([cx - 84, 92, cx + 84, 268], 60, fill=hair)
    if style == "ponytail":
        draw.ellipse([cx + 50, 110, cx + 100, 230], fill=hair)
    draw.ellipse([cx - 138, 228, cx + 138, 420], fill=shirt)
    draw.polygon([(cx - 30, 232), (cx, 270), (cx + 30, 232)], fill=_shade(shirt, -40))
    draw.rectangle([cx - 26, 180, cx + 26, 240], fill=_shade(skin, -18))
    for side in (-1, 1):  # ears
        draw.ellipse([cx + side * 66 - 12, 130, cx + side * 66 + 12, 166], fill=_shade(skin, -10))
        if look.get("earrings"):
            draw.ellipse([cx + side * 66 - 5, 164, cx + side * 66 + 5, 174], fill=(250, 210, 90))
    draw.ellipse([cx - 66, 74, cx + 66, 222], fill=skin)
    if style in ("short", "long", "ponytail", "bun"):
        draw.chord([cx - 72, 60, cx + 72, 170], 180, 360, fill=hair)
    elif style == "crop":
        draw.chord([cx - 68, 68, cx + 68, 150], 180, 360, fill=hair)
    elif style == "curly":
        for x in range(-60, 61, 24):
            draw.ellipse([cx + x - 22, 52, cx + x + 22, 100], fill=hair)
        draw.chord([cx - 70, 62, cx + 70, 150], 180, 360, fill=hair)
    if style == "short":  # a side parting
        draw.polygon([(cx - 66, 118), (cx - 20, 88), (cx + 66, 112), (cx + 60, 96), (cx - 60, 96)], fill=hair)
    if style == "bun":
        draw.ellipse([cx - 44, 36, cx + 44, 98], fill=hair)
    eye_y = 146
    for side in (-1, 1):
        draw.ellipse([cx + side * 26 - 6, eye_y - 6, cx + side * 26 + 6, eye_y + 6], fill=(30, 30, 36))
        draw.line(
            [(cx + side * 26 - 12, eye_y - 18), (cx + side * 26 + 12, eye_y - 20)], fill=_shade(hair, 10), width=4
        )
    if look.get("glasses"):
        for side in (-1, 1):
            draw.ellipse(
                [cx + side * 26 - 17, eye_y - 15, cx + side * 26 + 17, eye_y + 15], outline=(25, 25, 30), width=4
            )
        draw.line([(cx - 9, eye_y), (cx + 9, eye_y)], fill=(25, 25, 30), width=4)
    if look.get("beard"):
        draw.chord([cx - 62, 120, cx + 62, 226], 10, 170, fill=hair)
        draw.arc([cx - 20, 168, cx + 20, 194], 20, 160, fill=(235, 200, 190), width=4)
    else:
        draw.arc([cx - 24, 160, cx + 24, 196], 20, 160, fill=(150, 70, 60), width=4)
    return _png(image.filter(ImageFilter.SMOOTH))
