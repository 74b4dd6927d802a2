"""The Spanish catalogue is complete and its compiled file matches it."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SPANISH = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"


def _entries(po_text):
    for block in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)', block, re.M)
        if match and match.group(1) != '""\n':
            yield block


def _msgstrs(entry):
    return re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry + "\n", re.M)


def _joined(quoted_lines):
    return "".join(re.findall(r'"(.*)"', quoted_lines))


def test_every_spanish_message_is_translated_and_none_is_fuzzy():
    entries = list(_entries((SPANISH / "django.po").read_text()))

    untranslated = [e for e in entries if any(not _joined(value) for value in _msgstrs(e))]
    fuzzy = [e for e in entries if "#, fuzzy" in e]

    assert entries
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (Debian's gettext) is not installed")
def test_compiled_spanish_catalogue_is_up_to_date(tmp_path):
    compiled = tmp_path / "django.mo"

    subprocess.run(["msgfmt", "-o", str(compiled), str(SPANISH / "django.po")], check=True)

    assert compiled.read_bytes() == (SPANISH / "django.mo").read_bytes()
