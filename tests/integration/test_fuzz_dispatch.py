"""Every registered command, fed random and hostile text through the dispatcher.

Events are handed to `Dispatcher.handle` directly (no round trip through a sync per example),
while every send still goes to the real homeserver, so handlers meet a genuine room. What is
checked for each reply: no apology with an error reference (an unhandled exception), a French
sentence, and HTML that carries no markup the user typed (``<script>``, ``<img onerror>``…).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Awaitable, Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import commands
from bot.framework.registry import ArgKind, CommandRegistry
from bot.matrix.events import IncomingEvent
from bot.matrix.formatting import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration

REGISTRY = CommandRegistry.from_package(commands)
NAMES = sorted({name for spec in REGISTRY.specs for name in (spec.name, *spec.aliases)})
_ids = itertools.count(1)

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "![img](https://exemple.org/x.png)",
    "**gras** _it_ `code` ~~barré~~",
    "<b>gras</b>",
    "# titre",
    "> citation",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "{reference}",
    "{0}",
    "%(x)s",
    "@room",
    "https://matrix.to/#/@alice:localhost",
    "@alice:localhost",
    "#12",
    "0",
    "-1",
    "99999999999",
    "nord",
    "sud",
    "oui",
    "non",
    "ts",
    "logement",
    "\u202eévil",
    "\x00",
    "\u200b",
]
WORD = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=15),
)
ARGUMENTS = st.one_of(
    st.lists(WORD, max_size=6).map(" ".join),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=120),
    st.sampled_from(["x" * 25_000, "é " * 3_000, "<script>" * 500]),
)

FRENCH_MARKERS = {
    "le", "la", "les", "de", "des", "du", "un", "une", "pour", "vous", "votre", "je", "est",
    "pas", "à", "et", "en", "commande", "utilisation", "exemple", "aucun", "aucune", "dans",
    "par", "sur", "avec", "quel", "quelle", "vos", "nous", "ce", "cette", "ou", "mais",
    # « Fiche abandonnée : rien n'a été enregistré. » has none of the words above
    "rien", "été",
}  # fmt: skip


class _Markup(HTMLParser):
    """Collects the tags and attributes of a formatted body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


FILE_TYPES = {"m.file", "m.image", "m.audio", "m.video"}


def check_reply(content: dict[str, Any]) -> None:
    body = content.get("body", "")
    assert isinstance(body, str) and body.strip(), content
    if content.get("msgtype") in FILE_TYPES:  # a file's body is its name (`!mes-donnees`)
        assert content.get("url") or content.get("file"), content
        return
    assert "référence" not in body, f"unhandled exception: {body}"
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", body)}
    assert words & FRENCH_MARKERS, f"not French: {body[:200]!r}"
    html = content.get("formatted_body")
    if html is None:
        return
    parser = _Markup()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"raw <{tag}> in {html[:300]!r}"
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), f"{tag}[{name}] in {html[:300]!r}"
            if name == "href":
                assert value is not None and value.startswith(("https:", "http:", "matrix:"))
    # User text may say "onerror=…" as text (escaped, harmless); what must never appear is
    # markup: a script tag, or any event-handler attribute on any tag.
    assert "<script" not in html.lower()
    for tag, attrs in parser.tags:
        assert not any(name.lower().startswith("on") for name, _ in attrs), (tag, attrs)


Sender = Callable[..., Awaitable[str]]


@pytest.fixture
async def fuzz_bot(bot_factory, matrix_user: MatrixUserFactory) -> Any:
    alice = await matrix_user("fuzz")
    bot = await bot_factory(admins=[])
    dm = await alice.create_dm(bot.user_id)
    app = bot.app
    assert app is not None
    assert await app.direct_rooms.is_direct(dm)
    sent: list[dict[str, Any]] = []
    real_send: Sender = app.client.send

    async def recording_send(room_id: str, content: dict[str, Any], **kwargs: Any) -> str:
        event_id = await real_send(room_id, content, **kwargs)
        if kwargs.get("event_type", "m.room.message") == "m.room.message":
            sent.append(content)
        return event_id

    app.client.send = recording_send  # type: ignore[method-assign]
    # A community room too, for commands that only work there.
    room = await app.rooms.by_key("room:nord:travailleurs-sociaux")
    assert room is not None
    # Threads need a real root: the homeserver refuses a relation to an unknown event.
    roots = {
        room_id: await real_send(room_id, {"msgtype": "m.text", "body": "racine"})
        for room_id in (dm, room.room_id)
    }
    return app, alice.user_id, dm, room.room_id, sent, roots


def make_event(
    room_id: str, sender: str, body: str, html: str | None, thread_root: str | None
) -> IncomingEvent:
    content: dict[str, Any] = {"msgtype": "m.text", "body": body}
    if html is not None:
        content["format"] = "org.matrix.custom.html"
        content["formatted_body"] = html
    if thread_root is not None:
        content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread_root}
    number = next(_ids)
    return IncomingEvent(f"$fuzz{number}:localhost", room_id, sender, "m.room.message",
                         1_700_000_000_000 + number, content)  # fmt: skip


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(
    name=st.sampled_from(NAMES),
    arguments=ARGUMENTS,
    casing=st.sampled_from([str, str.upper, str.title]),
    with_prefix=st.booleans(),
    in_room=st.booleans(),
    thread=st.booleans(),
    html=st.booleans(),
)
async def test_every_command_survives_random_arguments(
    fuzz_bot: Any,
    caplog: pytest.LogCaptureFixture,
    name: str,
    arguments: str,
    casing: Callable[[str], str],
    with_prefix: bool,
    in_room: bool,
    thread: bool,
    html: bool,
) -> None:
    app, sender, dm, community, sent, roots = fuzz_bot
    room_id = community if in_room else dm
    body = f"{'!' if with_prefix or in_room else ''}{casing(name)} {arguments}"
    event = make_event(
        room_id, sender, body, f"<p>{arguments}</p>" if html else None,
        roots[room_id] if thread else None,
    )  # fmt: skip
    before = len(sent)
    caplog.clear()
    await app.dispatcher.handle(event)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
    for content in sent[before:]:
        check_reply(content)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(text=st.text(st.characters(blacklist_categories=["Cs"]), max_size=200))
async def test_free_text_in_a_dm(
    fuzz_bot: Any, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    app, sender, dm, _community, sent, _roots = fuzz_bot
    before = len(sent)
    caplog.clear()
    await app.dispatcher.handle(make_event(dm, sender, text, None, None))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
    for content in sent[before:]:
        check_reply(content)


def test_the_fuzz_covers_every_argument_kind() -> None:
    kinds = {arg.kind for spec in REGISTRY.specs for arg in spec.args}
    assert ArgKind.REST in kinds and ArgKind.WORD in kinds
