"""The certificate as a document: its QR code (SVG for the page) and its A4 landscape PDF."""

from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

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
    return {"": FONTS / "DejaVuSans.ttf", "B": FONTS / "DejaVuSans-Bold.ttf"}


def certificate_pdf(certificate, *, url):
    """One A4 landscape page: who, what, hours, date, teachers, the verification code and a QR code to its page."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{certificate.title} · {certificate.learner_name}")
    pdf.set_author("Platziflix")
    pdf.set_creator("Platziflix")
    for style, path in _font_files().items():
        pdf.add_font("DejaVu", style=style, fname=str(path))
    pdf.add_page()
    width, height = pdf.w, pdf.h

    pdf.set_fill_color(*INK)
    pdf.rect(0, 0, width, 28, style="F")
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 28, width, 2, style="F")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.rect(10, 38, width - 20, height - 48)

    pdf.set_text_color(255, 255, 255)
    pdf.set_font("DejaVu", "B", 20)
    pdf.set_xy(20, 9)
    pdf.cell(0, 10, "Platziflix")

    kind = _("has completed the learning path") if certificate.kind == "path" else _("has completed the course")
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 14)
    pdf.set_xy(20, 50)
    pdf.cell(width - 40, 8, _("Certificate of completion").upper(), align="C")

    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 30)
    pdf.set_xy(20, 66)
    pdf.multi_cell(width - 40, 13, certificate.learner_name, align="C")

    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 14)
    pdf.set_x(20)
    pdf.cell(width - 40, 10, kind, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 22)
    pdf.set_x(20)
    pdf.multi_cell(width - 40, 11, certificate.title, align="C")

    pdf.set_font("DejaVu", "", 12)
    pdf.set_text_color(*MUTED)
    facts = [
        _("%(hours)s hours of video") % {"hours": formats.number_format(certificate.hours, 1)},
        _("Issued on %(date)s") % {"date": formats.date_format(certificate.issued_at, "DATE_FORMAT")},
    ]
    pdf.set_x(20)
    pdf.cell(width - 40, 9, " · ".join(facts), align="C", new_x="LMARGIN", new_y="NEXT")
    if certificate.teachers:
        pdf.set_x(20)
        pdf.multi_cell(width - 40, 7, _("Teachers: %(names)s") % {"names": certificate.teachers}, align="C")

    qr_size = 36
    qr_x, qr_y = width - 20 - qr_size, height - 20 - qr_size
    _draw_qr(pdf, certificate_qr(url), qr_x, qr_y, qr_size)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(20, height - 36)
    pdf.cell(0, 6, _("Verify it at"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_x(20)
    pdf.cell(0, 6, url, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_x(20)
    pdf.cell(0, 7, _("Code: %(code)s") % {"code": certificate.code})
    if certificate.revoked_at:
        pdf.set_text_color(180, 30, 30)
        pdf.set_font("DejaVu", "B", 16)
        pdf.set_xy(20, 40)
        pdf.cell(width - 40, 9, _("REVOKED"), align="C")
    return bytes(pdf.output())


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
