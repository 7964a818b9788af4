"""E-mail addresses and URLs that point to a person (profiles, links carrying names or ids).

A link to an institution's page is context and stays; a social-network profile, a messaging
link or any URL with a query string or a given name in its path is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import EMAIL, URL, Entity
from bot.text.anonymiser.text import Document

EMAIL_PATTERN = re.compile(
    r"(?<![\w.+-])[\w.+\-]+\s?(?:@|\[at\]|\(at\))\s?[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
URL_PATTERN = re.compile(
    r"(?<![\w@])(?:https?://|www\.|(?:[\w-]+\.)*(?:facebook|fb|linkedin|instagram|twitter|x|tiktok"
    r"|snapchat|youtube|wa|t|m)\.(?:com|me|be|fr)/)[^\s<>\"']+",
    re.IGNORECASE,
)
PERSONAL_HOSTS = re.compile(
    r"(?:^|\.)(?:facebook|fb|linkedin|instagram|twitter|x|tiktok|snapchat|youtube|wa|t|m|"
    r"messenger|telegram|vinted|leboncoin|onlyfans)\.(?:com|me|be|fr|org)$",
    re.IGNORECASE,
)
PERSONAL_PATH = re.compile(r"/(?:in|profile|profil|user|users|u|people|pub|@)[/@]?", re.IGNORECASE)
_TRAILING = ".,;:!?)]}»\"'"


class EmailRecognizer:
    name = "email"
    entity_type = EMAIL

    def find(self, document: Document) -> Iterator[Entity]:
        for match in EMAIL_PATTERN.finditer(document.text):
            yield Entity(EMAIL, match.start(), match.end(), 1.0, self.name)


class UrlRecognizer:
    """URLs with a personal part; institutional links are left alone."""

    name = "url"
    entity_type = URL

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        for match in URL_PATTERN.finditer(document.text):
            url = match.group().rstrip(_TRAILING)
            if self.is_personal(url):
                yield Entity(URL, match.start(), match.start() + len(url), 0.95, self.name)

    def is_personal(self, url: str) -> bool:
        without_scheme = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
        host, _, rest = without_scheme.partition("/")
        if PERSONAL_HOSTS.search(host.split(":")[0]) and rest.strip("/"):
            return True
        if "?" in rest or "@" in rest or PERSONAL_PATH.search("/" + rest):
            return True
        words = re.findall(r"[^\W\d_]+", rest.lower())
        return any(
            self.lexicons.is_given_name(w) and not self.lexicons.is_ambiguous_name(w)
            for w in words
            if len(w) > 2
        )
