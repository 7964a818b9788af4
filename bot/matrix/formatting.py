"""Matrix message formatting: Markdown → sanitised HTML with a plain-text fallback, and pills."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import nh3
from markdown_it import MarkdownIt

# Raw HTML in the source is never passed through: user text can only ever become text.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("table")
_MD.disable("image")

ALLOWED_TAGS = {
    "a", "b", "strong", "i", "em", "code", "pre", "p", "br", "ul", "ol", "li", "blockquote",
    "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "del", "hr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"data-mx-color"}, "ol": {"start"}}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
_MD_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~&])")


@dataclass(frozen=True)
class Message:
    """What the bot sends: a plain ``body`` and the same content as HTML."""

    body: str
    html: str

    def content(self, msgtype: str = "m.notice") -> dict[str, Any]:
        return {
            "msgtype": msgtype,
            "body": self.body,
            "format": "org.matrix.custom.html",
            "formatted_body": self.html,
        }

    def __add__(self, other: Message) -> Message:
        return Message(f"{self.body}\n\n{other.body}", f"{self.html}\n{other.html}")


def escape_markdown(text: str) -> str:
    """Backslash-escape everything Markdown could interpret, so user text stays literal."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def unescape_markdown(text: str) -> str:
    """The inverse of `escape_markdown`, for plain-text bodies."""
    return _MD_ESCAPED.sub(r"\1", text)


def sanitize_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "matrix", "mxc"},
        link_rel=None,
    )


def markdown_to_html(source: str) -> str:
    rendered = _MD.render(source).strip()
    # A single paragraph is shown without its <p> wrapper, as Matrix clients do.
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return sanitize_html(rendered)


def plain_message(text: str) -> Message:
    """A message made of literal user-facing text (no Markdown interpretation)."""
    return Message(text, html.escape(text).replace("\n", "<br>"))


def pill(user_id: str, display_name: str | None = None) -> str:
    """Markdown for a mention pill; the link target is what clients turn into a pill."""
    label = escape_markdown(display_name or user_id)
    return f"[{label}](https://matrix.to/#/{user_id})"
