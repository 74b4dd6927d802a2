"""A note's Markdown as safe HTML: CommonMark without raw HTML (markdown-it-py), then sanitized (nh3)."""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})


def note_html(body):
    return nh3.clean(_markdown.render(body), link_rel="noopener noreferrer nofollow")
