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
# An address written out so that robots do not read it: « jm.lecomte arobase skynet point be »,
# « g.dupont at gmail.com », « prenom.nom (at) hotmail (point) fr ».
# (Dictated, the parts of a name are joined by « point », « tiret », « underscore »:
# « k point diop tiret pro arobase yahoo point fr ».)
_SAID_JOINER = r"\s+(?:point|tiret|underscore|tiret\s+du\s+bas|trait\s+d'union)\s+"
SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+\-]+(?:{_SAID_JOINER}[\w.+\-]+)*\s*"
    r"(?:\(at\)|\[at\]|\bat\b|\barobase\b|\(arobase\))\s*[\w\-]+"
    r"(?:\s*(?:\.|\(point\)|\(dot\)|\bpoint\b|\bdot\b|\btiret\b)\s*[\w\-]+)*"
    r"\s*(?:\.|\(point\)|\(dot\)|\bpoint\b|\bdot\b)\s*(?:com|be|fr|net|org|eu|lu|nl|info)\b",
    re.IGNORECASE,
)
# A link dictated: a site, « point » and its ending, then « slash » and the parts of the path
# (« linkedin point com slash in slash bryan tiret mertens »).
SAID_URL = re.compile(
    rf"(?<![\w.-])[\w-]+\s+point\s+(?:com|be|fr|net|org|eu)(?:\s+slash\s+[\w-]+"
    rf"(?:{_SAID_JOINER}[\w-]+)*)+",
    re.IGNORECASE,
)
# Blogging and site-building platforms, whose sites are their owners' own.
_BLOG_PLATFORMS = r"(?:wixsite|wordpress|blogspot|webnode|jimdosite|over-blog|canva)"
# A site on a blogging platform, named by its owner's subdomain: « marie-patisse.wordpress.com ».
BLOG_HOST = re.compile(
    rf"(?<![\w@/.-])[\w-]+\.{_BLOG_PLATFORMS}\.(?:com|fr|be|site)(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# Sites where a page is a person's own: portfolios, code, music, fund-raising, payment links,
# small ads, other networks.
_PROFILE_SITES = (
    r"pinterest|github|gitlab|behance|dribbble|soundcloud|medium|substack|malt|calendly|leetchi"
    r"|gofundme|paypal|lydia|2ememain|marktplaats|bsky|reddit|viadeo|xing|tumblr|flickr|vimeo"
    r"|dailymotion|kisskissbankbank|ulule|skype|signal|mastodon|patreon|tipeee|etsy"
)
URL_PATTERN = re.compile(
    r"(?<![\w@])(?:https?://|www\.|(?:[\w-]+\.)*(?:facebook|fb|linkedin|instagram|twitter|x|tiktok"
    r"|snapchat|youtube|wa|t|m|vinted|leboncoin|messenger|telegram|threads|twitch|discord"
    rf"|{_PROFILE_SITES})"
    r"\.(?:com|me|be|fr|net|gg|org|io|app|co|social)/|sites\.google\.com/|linktr\.ee/|about\.me/)"
    r"[^\s<>\"']+",
    re.IGNORECASE,
)
URL_HINT = re.compile(r"://|www\.|\.[a-z]{2,6}/", re.IGNORECASE)
# What each of the other patterns cannot match without: searched once, they spare a text that
# has none of it (most requests) a search that tries every word. Each hint is a necessary part
# of its pattern, read with the same flags, so a text either pattern can match passes it.
_SAID_EMAIL_HINT = re.compile(r"\bat\b|arobase", re.IGNORECASE)
_SAID_URL_HINT = re.compile(r"\spoint\s", re.IGNORECASE)
_BLOG_HINT = re.compile(_BLOG_PLATFORMS, re.IGNORECASE)
# A link the sentence says is someone's own: « le lien du CV de Romain ici : https://… »,
# « son portfolio : … ». Such a page shows the person, whatever its site.
OWN_PAGE_BEFORE = re.compile(
    r"(?:\b(?:son|sa|ses|leur|mon|ma)\s+(?:cv|curriculum|portfolio|profil|site|page|compte)"
    r"|\b(?:cv|curriculum|portfolio|profil)\s+(?:de|d')\s*(?!l'|la\b|le\b|les\b)\w+)"
    r"[^.!?\n]{0,60}$"
)
PERSONAL_HOSTS = re.compile(
    r"(?:^|\.)(?:facebook|fb|linkedin|instagram|twitter|x|tiktok|snapchat|youtube|wa|t|m|"
    rf"messenger|telegram|vinted|leboncoin|onlyfans|threads|twitch|discord|{_PROFILE_SITES})"
    r"\.(?:com|me|be|fr|org|net|gg|io|app|co|social)$",
    re.IGNORECASE,
)
# Pages people build for themselves: the page is theirs, whatever its path.
SELF_MADE_HOSTS = re.compile(
    rf"(?:^|\.)(?:sites\.google\.com|linktr\.ee|about\.me|[\w-]+\.{_BLOG_PLATFORMS}"
    r"\.(?:com|fr|be|site)|[\w-]+\.github\.io)$",
    re.IGNORECASE,
)
PERSONAL_PATH = re.compile(r"/(?:in|profile|profil|user|users|u|people|pub|@)[/@]?", re.IGNORECASE)
_TRAILING = ".,;:!?)]}»\"'"
# A handle: "@marie_lf", "@jojo.du59" (not the middle of an e-mail address).
HANDLE = re.compile(r"(?<![\w.@+-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
_TIME = re.compile(r"^\d{1,2}h\d{0,2}$")
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
        text = document.text
        if "@" in text or "[at]" in text or "(at)" in text:
            for match in EMAIL_PATTERN.finditer(text):
                yield Entity(EMAIL, match.start(), match.end(), 1.0, self.name)
        if _SAID_EMAIL_HINT.search(text):
            for match in SPELLED_EMAIL.finditer(text):
                yield Entity(EMAIL, match.start(), match.end(), 0.9, self.name)


_NAMESAKE_LABELS = frozenset(
    [
        "saint",
        "sainte",
        "st",
        "ste",
        "lycee",
        "college",
        "ecole",
        "athenee",
        "institut",
        "fondation",
        "rue",
        "avenue",
        "place",
        "centre",
        "maison",
        "espace",
        "residence",
        "cite",
    ]
)


def _labels(hostname: str) -> list[str]:
    """The words of a host name without its "www" and its top-level domain."""
    parts = hostname.lower().removeprefix("www.").split(".")[:-1]
    return [word for part in parts for word in part.split("-") if word]


def _written_url(said: str) -> str:
    """The link a dictated one stands for: « forem point be slash emploi » → forem.be/emploi."""
    url = re.sub(r"\s+point\s+", ".", said, flags=re.IGNORECASE)
    url = re.sub(r"\s+slash\s+", "/", url, flags=re.IGNORECASE)
    return re.sub(_SAID_JOINER, "-", url, flags=re.IGNORECASE)


class UrlRecognizer:
    """URLs with a personal part; institutional links are left alone."""

    name = "url"
    entity_type = URL

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        # One-word organisations of the field ("cpas", "forem", "caf"), to tell their pages.
        self._institution_words = tuple(
            key
            for key in lexicons.institutions
            if " " not in key and "'" not in key and len(key) >= 3
        )

    def find(self, document: Document) -> Iterator[Entity]:
        # Every URL the pattern knows holds « :// », « www. » or a domain's end before a path:
        # a text with none of them is spared the pattern's search at each of its words.
        links = URL_PATTERN.finditer(document.text) if URL_HINT.search(document.text) else ()
        for match in links:
            url = match.group().rstrip(_TRAILING)
            own = OWN_PAGE_BEFORE.search(document.window_before(match.start(), 80))
            if own is not None or self.is_personal(url):
                yield Entity(URL, match.start(), match.start() + len(url), 0.95, self.name)
        said = SAID_URL.finditer(document.text) if _SAID_URL_HINT.search(document.text) else ()
        for match in said:  # « linkedin point com slash … »
            url = _written_url(match.group())
            own = OWN_PAGE_BEFORE.search(document.window_before(match.start(), 80))
            if own is not None or self.is_personal(url):
                yield Entity(URL, match.start(), match.end(), 0.9, self.name)
        blogs = BLOG_HOST.finditer(document.text) if _BLOG_HINT.search(document.text) else ()
        for match in blogs:  # its owner's own site, path or not
            url = match.group().rstrip(_TRAILING)
            yield Entity(URL, match.start(), match.start() + len(url), 0.95, self.name)
        yield from self._handles(document)

    def _handles(self, document: Document) -> Iterator[Entity]:
        """Social-network handles: a person's, unless the handle is an organisation's
        ("@Forem", "@caf")."""
        lex = self.lexicons
        handles = HANDLE.finditer(document.text) if "@" in document.text else ()
        for match in handles:
            key = fold_key(match.group()[1:])
            if _TIME.match(key) or not re.search(r"[a-z]", key):
                continue  # "rdv @14h", "@2024"
            if key not in lex.institutions and key not in lex.chains:
                yield Entity(URL, match.start(), match.end(), 0.95, "handle")
        for match in NETWORK_NAME.finditer(document.text):
            yield Entity(URL, match.start("handle"), match.end("handle"), 0.92, "handle")

    def _institution_page(self, page: str) -> bool:
        """An organisation's page on a network ("linkedin.com/company/forem",
        "facebook.com/CPASdeNamur"): context, like its site."""
        first = page.split("/")[0].split("?")[0].lower()
        if first in {
            "company",
            "pages",
            "groups",
            "school",
            "showcase",
            "org",
            "tag",
            "tags",
            "topic",
            "topics",
            "search",
            "explore",
            "hashtag",
        }:
            return "?" not in page
        parts = [part for part in re.split(r"[._-]+", fold_key(first)) if part]
        if len(parts) > 1:  # "christian.meunier.5439": its first word must be the organisation
            return parts[0] in self._institution_words
        key = re.sub(r"[^a-z0-9]", "", fold_key(first))
        return any(
            key.startswith(word) and not self._given_name_opens(key, len(word))
            for word in self._institution_words
        )

    def _given_name_opens(self, key: str, shortest: int) -> bool:
        """ "christianmeunier" opens with "Christian", not with the "CHR" of a hospital."""
        return any(
            self.lexicons.is_given_name(key[:end]) for end in range(shortest + 1, len(key) + 1)
        )

    def _named_host(self, hostname: str) -> bool:
        """A site named after a person: a given name as a word of its host, or opening a
        host word whose rest is an ordinary or a long word ("juliette-couture-arras.fr",
        "kevinmultiservices.be")."""
        lex = self.lexicons
        labels = _labels(hostname)
        if _NAMESAKE_LABELS & set(labels):
            return False  # "saint-vincent-de-paul.org", "lycee-victor-hugo.fr": a namesake
        for label in labels:
            if self._plain_given_name(label):
                return True
            for cut in range(4, len(label) - 3):
                rest = label[cut:]
                ordinary = len(rest) >= 5 and (
                    lex.is_french_word(rest) or lex.is_french_word(rest.rstrip("s"))
                )
                if self._plain_given_name(label[:cut]) and (ordinary or len(rest) >= 8):
                    return True
        return False

    def _plain_given_name(self, word: str) -> bool:
        lex = self.lexicons
        return len(word) >= 4 and lex.is_given_name(word) and not lex.is_ambiguous_name(word)

    def is_personal(self, url: str) -> bool:
        without_scheme = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
        host, _, rest = without_scheme.partition("/")
        hostname = host.split(":")[0]
        page = rest.strip("/")
        if (PERSONAL_HOSTS.search(hostname) or SELF_MADE_HOSTS.search(hostname)) and page:
            return not self._institution_page(page)
        if BLOG_HOST.fullmatch(hostname.removeprefix("www.")):
            return True  # "https://ecrits-de-marc.over-blog.com": the owner's own site
        if self._named_host(hostname):
            return True
        if "?" in rest or "@" in rest or PERSONAL_PATH.search("/" + rest):
            return True
        words = re.findall(r"[^\W\d_]+", rest.lower())
        if any(
            self.lexicons.is_given_name(w) and not self.lexicons.is_ambiguous_name(w)
            for w in words
            if len(w) > 2
        ):
            return True
        return self._surname_in_page(hostname, page)

    def _surname_in_page(self, hostname: str, page: str) -> bool:
        """ "annuaire-pro.be/artisans/maconnerie-gerkens": the last part of a page's path
        names someone when one of its words is in no dictionary, lexicon or gazetteer (not on
        an organisation's own site)."""
        labels = _labels(hostname)
        if any(label in self._institution_words for label in labels):
            return False
        last = page.split("?")[0].rstrip("/").split("/")[-1]
        last = re.sub(r"\.(?:html?|php|aspx?|pdf)$", "", last.lower())
        lex = self.lexicons
        return any(
            len(word) >= 5 and lex.looks_like_a_name(word) and fold_key(word) not in lex.gazetteer
            for word in re.findall(r"[^\W\d_]+", last)
        )
