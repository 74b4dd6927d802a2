"""Markdown written by learners (discussion posts, private notes) made safe to show: markdown-it-py renders it
(raw HTML is text, never markup), Pygments highlights fenced code with CSS classes (``static/css/pygments.css``;
the CSP allows no inline style), and nh3 keeps only the tags and attributes listed here, with every link marked
``rel="nofollow ugc noopener"``."""

import html

import nh3
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "span", "div", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "pre": {"class"},
    "span": {"class"},
    "div": {"class"},
    "code": {"class"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
_formatter = HtmlFormatter(cssclass="highlight", nowrap=True)


def _highlight(code, language, _attributes):
    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return ""  # markdown-it escapes it and wraps it in <pre><code> itself
    return f'<pre class="highlight"><code>{highlight(code, lexer, _formatter)}</code></pre>'


_markdown = (
    MarkdownIt("commonmark", {"html": False, "highlight": _highlight, "breaks": True})
    .enable("table")
    .enable("strikethrough")
    .disable("image")  # pictures from other hosts would break the CSP and track readers
)


def render(text):
    """Safe HTML for the Markdown ``text``."""
    rendered = _markdown.render(text or "")
    # Headings inside a post stay below the page's own h1 and h2.
    for level in (1, 2):
        rendered = rendered.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


def plain_text(text):
    """The text of a post without markup, for a short excerpt."""
    return html.unescape(nh3.clean(render(text), tags=set())).strip()


def has_link(text):
    """Whether the Markdown ``text`` would show a link (or a bare address a reader could follow)."""
    lowered = (text or "").lower()
    return "<a " in render(text) or any(marker in lowered for marker in ("http://", "https://", "www."))
