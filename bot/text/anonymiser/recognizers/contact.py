"""E-mail addresses and URLs that point to a person (profiles, links carrying names or ids).

A link to an institution's page is context and stays; a social-network profile, a messaging
link or any URL with a query string or a given name in its path is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import EMAIL, URL, Entity
from bot.text.anonymiser.text import Document, fold_key

EMAIL_PATTERN = re.compile(
    r"(?<![\w.+-])[\w.+\-]+\s?(?:@|\[at\]|\(at\))\s?[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
URL_PATTERN = re.compile(
    r"(?<![\w@])(?:https?://|www\.|(?:[\w-]+\.)*(?:facebook|fb|linkedin|instagram|twitter|x|tiktok"
    r"|snapchat|youtube|wa|t|m|vinted|leboncoin|messenger|telegram|threads|twitch|discord)"
    r"\.(?:com|me|be|fr|net|gg|org)/)[^\s<>\"']+",
    re.IGNORECASE,
)
PERSONAL_HOSTS = re.compile(
    r"(?:^|\.)(?:facebook|fb|linkedin|instagram|twitter|x|tiktok|snapchat|youtube|wa|t|m|"
    r"messenger|telegram|vinted|leboncoin|onlyfans|threads|twitch|discord)\.(?:com|me|be|fr|org|"
    r"net|gg)$",
    re.IGNORECASE,
)
PERSONAL_PATH = re.compile(r"/(?:in|profile|profil|user|users|u|people|pub|@)[/@]?", re.IGNORECASE)
_TRAILING = ".,;:!?)]}»\"'"
# A handle: "@marie_lf", "@jojo.du59" (not the middle of an e-mail address).
HANDLE = re.compile(r"(?<![\w.@+-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
# A user name given after its network without "@": "Insta : marie_lf59", "pseudo Vinted mariel".
NETWORK_NAME = re.compile(
    r"(?i:\b(?:insta|instagram|tiktok|snap|snapchat|facebook|fb|twitter|vinted|telegram|"
    r"discord|pseudo|pseudonyme|profil|compte|identifiant|user)\b[ \t]*(?:vinted|insta|"
    r"instagram|tiktok|snap|facebook)?[ \t]*(?::|=|-)?[ \t]*)"
    r"(?P<handle>[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+|[A-Za-z]+\d+[A-Za-z0-9]*)(?![\w@])"
)


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
        yield from self._handles(document)

    def _handles(self, document: Document) -> Iterator[Entity]:
        """Social-network handles: a person's, unless the handle is an organisation's
        ("@Forem", "@caf")."""
        lex = self.lexicons
        for match in HANDLE.finditer(document.text):
            key = fold_key(match.group()[1:])
            if key not in lex.institutions and key not in lex.chains:
                yield Entity(URL, match.start(), match.end(), 0.9, "handle")
        for match in NETWORK_NAME.finditer(document.text):
            yield Entity(URL, match.start("handle"), match.end("handle"), 0.85, "handle")

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
