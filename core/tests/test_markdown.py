from core import markdown


def test_raw_html_is_shown_as_text_never_as_markup():
    html = markdown.render('<script>alert(1)</script> <img src=x onerror="alert(1)">')

    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_links_are_marked_nofollow_ugc_noopener():
    html = markdown.render("[docs](https://docs.djangoproject.com/)")

    assert '<a href="https://docs.djangoproject.com/" rel="nofollow ugc noopener">docs</a>' in html


def test_javascript_links_are_not_links():
    html = markdown.render("[click](javascript:alert(1))")

    assert "<a" not in html and 'href="javascript' not in html


def test_fenced_code_is_highlighted_with_classes_and_no_inline_style():
    html = markdown.render("```python\ndef saludo():\n    return 'hola'\n```")

    assert '<pre class="highlight"><code><span class="k">def</span>' in html
    assert "style=" not in html


def test_code_in_an_unknown_language_is_escaped_plain_code():
    html = markdown.render("```nosuchlanguage\n<b>x</b>\n```")

    assert "<pre><code" in html and "&lt;b&gt;" in html


def test_headings_stay_below_the_page_headings():
    assert markdown.render("# Título") == "<h3>Título</h3>\n"


def test_has_link_sees_markdown_links_and_bare_addresses():
    assert markdown.has_link("mira [esto](https://example.com)")
    assert markdown.has_link("ve a www.example.com")
    assert not markdown.has_link("sin enlaces aquí")
