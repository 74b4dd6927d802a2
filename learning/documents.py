"""The certificate as a document: its QR code (SVG for the page), its A4 landscape PDF and its link-preview
picture, in the certificate's language or the one asked for."""

import io
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FONTS = Path(settings.BASE_DIR) / "fonts"
INK = (11, 15, 26)
ACCENT = (152, 202, 63)
MUTED = (90, 98, 115)


def certificate_qr(url):
    return segno.make(url, error="m")


def certificate_qr_svg(url):
    """The QR code as inline SVG markup (no style attributes, so the page's Content-Security-Policy allows it)."""
    return certificate_qr(url).svg_inline(
        scale=4, border=2, dark="#0b0f1a", light="#ffffff", omitsize=True, title=_("QR code of this page")
    )


@cache
def _font_files():
    return {
        ("DejaVu", ""): FONTS / "DejaVuSans.ttf",
        ("DejaVu", "B"): FONTS / "DejaVuSans-Bold.ttf",
        ("Script", ""): FONTS / "GreatVibes-Regular.ttf",
    }


PAPER = (252, 250, 244)
GOLD = (196, 160, 74)
MAX_SIGNATURES = 3


def certificate_language(certificate, requested=None):
    """The language a certificate is shown in: the one asked for when the site has it, else the learner's when
    it was issued."""
    languages = dict(settings.LANGUAGES)
    return requested if requested in languages else certificate.language


def certificate_pdf(certificate, *, url, language=None):
    """One A4 landscape page: who, what, the teachers' signatures, a seal, the time and the date, the code and a
    QR code to the verification page; in the learner's language at issue unless ``language`` asks for another."""
    with translation.override(certificate_language(certificate, language)):
        return _certificate_pdf(certificate, url=url)


def _certificate_pdf(certificate, *, url):
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{certificate.title} · {certificate.learner_name}")
    pdf.set_author("Platziflix")
    pdf.set_creator("Platziflix")
    pdf.set_lang(translation.get_language())
    for (family, style), path in _font_files().items():
        pdf.add_font(family, style=style, fname=str(path))
    pdf.add_page()
    width, height = pdf.w, pdf.h
    center = width / 2

    _draw_frame(pdf, width, height)

    pdf.set_text_color(*ACCENT)
    pdf.set_font("DejaVu", "B", 15)
    pdf.set_xy(0, 22)
    pdf.cell(width, 8, "PLATZIFLIX", align="C")
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 11)
    pdf.set_char_spacing(2.5)
    pdf.set_xy(0, 32)
    pdf.cell(width, 7, _("Certificate of completion").upper(), align="C")
    pdf.set_char_spacing(0)

    pdf.set_font("DejaVu", "", 12)
    pdf.set_xy(0, 46)
    pdf.cell(width, 7, _("This certifies that"), align="C")
    pdf.set_text_color(*INK)
    name_size = 32 if len(certificate.learner_name) <= 28 else 24
    pdf.set_font("DejaVu", "B", name_size)
    pdf.set_xy(30, 55)
    pdf.cell(width - 60, 15, certificate.learner_name, align="C")
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.4)
    pdf.line(center - 70, 73, center + 70, 73)

    kind = _("has completed the learning path") if certificate.kind == "path" else _("has completed the course")
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 12)
    pdf.set_xy(0, 78)
    pdf.cell(width, 7, kind, align="C")
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 21 if len(certificate.title) <= 50 else 17)
    pdf.set_xy(40, 87)
    pdf.multi_cell(width - 80, 10, certificate.title, align="C")

    pdf.set_font("DejaVu", "", 11)
    pdf.set_text_color(*MUTED)
    facts = [
        _("%(length)s of video") % {"length": certificate.length},
        _("Issued on %(date)s") % {"date": formats.date_format(certificate.issued_at, "DATE_FORMAT")},
    ]
    pdf.set_xy(0, max(pdf.get_y() + 3, 110))
    pdf.cell(width, 7, "  ·  ".join(facts), align="C")
    if certificate.reissued_at:
        pdf.set_font("DejaVu", "", 8)
        pdf.set_xy(0, pdf.get_y() + 6)
        pdf.cell(
            width,
            5,
            _("Reissued on %(date)s with the learner's corrected name")
            % {"date": formats.date_format(certificate.reissued_at, "DATE_FORMAT")},
            align="C",
        )

    _draw_signatures(pdf, certificate.teachers, center=center, top=140)
    _draw_seal(pdf, x=48, y=158)

    qr_size = 30
    qr_x, qr_y = width - 26 - qr_size, height - 30 - qr_size
    _draw_qr(pdf, certificate_qr(url), qr_x, qr_y, qr_size)
    pdf.set_font("DejaVu", "", 6.5)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(qr_x - 25, qr_y + qr_size + 1)
    pdf.cell(qr_size + 25, 3.5, _("Verify it at"), align="R", new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.cell(qr_size + 25, 3.5, url, align="R", new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 7)
    pdf.cell(qr_size + 25, 3.5, _("Code: %(code)s") % {"code": certificate.code}, align="R")
    if certificate.revoked_at:
        with pdf.rotation(18, center, height / 2):
            pdf.set_text_color(200, 40, 40)
            pdf.set_font("DejaVu", "B", 54)
            pdf.set_xy(0, height / 2 - 12)
            pdf.cell(width, 24, _("REVOKED"), align="C")
    return bytes(pdf.output())


def _draw_frame(pdf, width, height):
    """Paper, a green outer rule, a thin gold inner rule and small diamonds in the corners."""
    pdf.set_fill_color(*PAPER)
    pdf.rect(0, 0, width, height, style="F")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(2.2)
    pdf.rect(8, 8, width - 16, height - 16)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.35)
    pdf.rect(12.5, 12.5, width - 25, height - 25)
    pdf.set_fill_color(*GOLD)
    for x, y in ((12.5, 12.5), (width - 12.5, 12.5), (12.5, height - 12.5), (width - 12.5, height - 12.5)):
        pdf.regular_polygon(x, y, 4, 3.2, rotateDegrees=45, style="F")


def _draw_signatures(pdf, teachers, *, center, top):
    """Each teacher's name in the script face over a rule, then printed with their role, side by side."""
    names = [name.strip() for name in teachers.split(",") if name.strip()][:MAX_SIGNATURES]
    if not names:
        return
    column = 70
    start = center - column * len(names) / 2
    for index, name in enumerate(names):
        x = start + index * column
        pdf.set_text_color(*INK)
        size = 26
        pdf.set_font("Script", "", size)
        while size > 14 and pdf.get_string_width(name) > column - 10:
            size -= 1
            pdf.set_font("Script", "", size)
        pdf.set_xy(x, top)
        pdf.cell(column, 14, name, align="C")
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.3)
        pdf.line(x + 6, top + 15, x + column - 6, top + 15)
        pdf.set_font("DejaVu", "B", 9)
        pdf.set_xy(x, top + 17)
        pdf.cell(column, 5, name, align="C")
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(x, top + 22)
        pdf.cell(column, 4, _("Teacher"), align="C")


def _draw_seal(pdf, *, x, y):
    """A rosette: ribbon tails, a scalloped gold disc, a green ring and a star, drawn (no image involved)."""
    pdf.set_fill_color(*ACCENT)
    pdf.polygon([(x - 9, y + 6), (x - 15, y + 28), (x - 9, y + 24), (x - 4, y + 29), (x - 1, y + 8)], style="F")
    pdf.polygon([(x + 9, y + 6), (x + 15, y + 28), (x + 9, y + 24), (x + 4, y + 29), (x + 1, y + 8)], style="F")
    pdf.set_fill_color(*GOLD)
    pdf.star(x, y, 16, 19, 24, style="F")
    pdf.set_fill_color(*ACCENT)
    pdf.circle(x, y, 15, style="F")
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(0.5)
    pdf.circle(x, y, 12.5, style="D")
    pdf.set_fill_color(255, 255, 255)
    pdf.star(x, y - 3.5, 2.2, 5.2, 5, rotate_degrees=-90, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("DejaVu", "B", 5.5)
    pdf.set_xy(x - 12, y + 2)
    pdf.cell(24, 3, "PLATZIFLIX", align="C")
    pdf.set_font("DejaVu", "", 4.5)
    pdf.set_xy(x - 12, y + 5.5)
    pdf.cell(24, 3, _("Verified").upper(), align="C")


def _draw_qr(pdf, qr, x, y, size):
    """The QR modules as filled squares: sharp at any zoom and no image library involved."""
    rows = list(qr.matrix_iter(scale=1, border=2))
    module = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(*INK)
    for row_index, row in enumerate(rows):
        for column_index, dark in enumerate(row):
            if dark:
                pdf.rect(x + column_index * module, y + row_index * module, module, module, style="F")


CARD_SIZE = (1200, 630)


def certificate_card_png(certificate, *, language=None):
    """A 1200×630 picture of the certificate for link previews (``og:image``): who, what, how long and who
    taught it, drawn with Pillow in the shipped fonts."""
    with translation.override(certificate_language(certificate, language)):
        return _certificate_card_png(certificate)


def _fit(draw, text, font_path, size, width, minimum=18):
    """The font at the largest size up to ``size`` at which ``text`` fits in ``width`` pixels."""
    while True:
        font = ImageFont.truetype(str(font_path), size)
        if size <= minimum or draw.textlength(text, font=font) <= width:
            return font
        size -= 2


def _certificate_card_png(certificate):
    fonts = _font_files()
    regular, bold, script = fonts[("DejaVu", "")], fonts[("DejaVu", "B")], fonts[("Script", "")]
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width - 1, height - 1], outline=ACCENT, width=18)
    draw.rectangle([30, 30, width - 31, height - 31], outline=GOLD, width=2)
    center = width / 2

    def centered(y, text, font, fill):
        draw.text((center, y), text, font=font, fill=fill, anchor="mt")

    centered(62, "PLATZIFLIX", ImageFont.truetype(str(bold), 30), ACCENT)
    centered(108, _("Certificate of completion").upper(), ImageFont.truetype(str(regular), 22), MUTED)
    centered(170, certificate.learner_name, _fit(draw, certificate.learner_name, bold, 64, width - 160), INK)
    draw.line([center - 220, 262, center + 220, 262], fill=GOLD, width=2)
    kind = _("has completed the learning path") if certificate.kind == "path" else _("has completed the course")
    centered(282, kind, ImageFont.truetype(str(regular), 24), MUTED)
    centered(326, certificate.title, _fit(draw, certificate.title, bold, 44, width - 160), INK)
    facts = "  ·  ".join(
        [
            _("%(length)s of video") % {"length": certificate.length},
            formats.date_format(certificate.issued_at, "DATE_FORMAT"),
        ]
    )
    centered(404, facts, ImageFont.truetype(str(regular), 24), MUTED)
    names = [name.strip() for name in certificate.teachers.split(",") if name.strip()][:MAX_SIGNATURES]
    if names:
        signatures = "      ".join(names)
        centered(462, signatures, _fit(draw, signatures, script, 54, width - 200, minimum=28), INK)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
