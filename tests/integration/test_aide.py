"""Anonymised help requests end to end on a real Synapse (SPEC §3).

Three people in two bassins: Alice (nord) asks, Bob (nord) and Carol (sud) answer.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from bot.services.provisioning import FAQ_KEY, room_key
from storage.models import RequestPost
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness, small_layout

pytestmark = pytest.mark.integration

SITUATION = (
    "Mme Claire Dubois, 34 ans, tél 0478 11 22 33, claire.dubois@gmail.com, doit déménager "
    "de Namur vers Liège pour un emploi. Personne ne sait qui finance le déménagement, "
    "le CPAS dit non. Une idée ?"
)
PERSONAL = ["Claire", "Dubois", "0478 11 22 33", "claire.dubois@gmail.com"]
CONTEXT = ["34 ans", "Namur", "Liège", "CPAS", "déménagement"]


async def register(bot: BotHarness, user: MatrixUser, bassin: str, groupe: str) -> str:
    """Register through the bot and join the groupe room; returns the DM room."""
    dm = await user.create_dm(bot.user_id)
    await user.ask(dm, f"!inscription {bassin} {groupe}")
    assert bot.app is not None
    room = await bot.app.rooms.by_key(room_key(bassin, groupe))
    assert room is not None
    await user.wait_for(
        lambda e: e.room_id == room.room_id and e.membership == "invite", what="room invite"
    )
    await user.join(room.room_id)
    return dm


def posts_in(user: MatrixUser, room_id: str) -> list:
    return [e for e in user.messages(room_id) if "Demande #" in e.body and e.thread_root is None]


async def test_help_request_from_preview_to_faq(
    bot_factory,
    matrix_user: MatrixUserFactory,
    caplog: pytest.LogCaptureFixture,
    bot_database: dict[str, str],
):
    caplog.set_level(logging.DEBUG)
    bot = await bot_factory(**bot_database)
    app = bot.app
    assert app is not None
    alice, bob, carol = [await matrix_user(n) for n in ("alice", "bob", "carol")]
    alice_dm = await register(bot, alice, "nord", "travailleurs-sociaux")
    await register(bot, bob, "nord", "travailleurs-sociaux")
    await register(bot, carol, "sud", "travailleurs-sociaux")
    ts_nord = (await app.rooms.by_key(room_key("nord", "travailleurs-sociaux"))).room_id
    ts_sud = (await app.rooms.by_key(room_key("sud", "travailleurs-sociaux"))).room_id

    # 1. The preview shows none of the personal data, and all of the context.
    preview = await alice.ask(alice_dm, f"!aide {SITUATION}")
    for item in PERSONAL:
        assert item not in preview.body and item not in preview.formatted_body
    for item in CONTEXT:
        assert item in preview.body
    assert "[PERSONNE]" in preview.body and "[TÉLÉPHONE]" in preview.body
    assert "Emploi" in preview.body or "Logement" in preview.body

    # 2. Sent: posted in Alice's own groupe room of her bassin only.
    sent = await alice.ask(alice_dm, "!envoyer")
    assert "Demande #1" in sent.body
    post = await bob.wait_for(
        lambda e: e.room_id == ts_nord and "Demande #1" in e.body, what="the post in ts-nord"
    )
    for item in PERSONAL:
        assert item not in post.body
    assert "un·e professionnel·le" in post.body
    await asyncio.sleep(1)
    assert not posts_in(carol, ts_sud)

    # 3. Widened on request: the neighbouring bassin's room receives it, once.
    await alice.ask(alice_dm, "!relancer 1")
    relaunched = await alice.ask(alice_dm, "!relancer 1")
    assert "Bassin Sud" in relaunched.body
    carol_post = await carol.wait_for(
        lambda e: e.room_id == ts_sud and "Demande #1" in e.body, what="the post in ts-sud"
    )
    rows = await _posts(app, 1)
    assert len({r.room_id for r in rows}) == len(rows)

    # 4. Answers in threads reach Alice, numbered.
    await bob.send(
        ts_nord,
        "Le Fonds Mazout n'y peut rien, mais la prime d'installation oui.",
        thread_root=post.event_id,
    )
    await alice.wait_for(lambda e: "Réponse 1 à la demande #1" in e.body, what="answer 1")
    await carol.send(
        ts_sud,
        "Demandez au CPAS de Liège une aide au déménagement (art. 57).",
        thread_root=carol_post.event_id,
    )
    relay = await alice.wait_for(lambda e: "Réponse 2 à la demande #1" in e.body, what="answer 2")
    assert carol.user_id in relay.body

    # 5. A follow-up reaches every thread, anonymised again.
    await alice.ask(alice_dm, "!repondre 1 Elle a aussi un fils, Kevin Dubois, 12 ans.")
    for user, room, root in ((bob, ts_nord, post.event_id), (carol, ts_sud, carol_post.event_id)):
        follow = await user.wait_for(
            lambda e, r=room, t=root: (
                e.room_id == r and e.thread_root == t and "Précision" in e.body
            ),
            what="the follow-up in the thread",
        )
        assert (
            "Kevin" not in follow.body and "Dubois" not in follow.body and "12 ans" in follow.body
        )

    # 6. Resolved: the FAQ draft shown to Alice first, nothing published before !publier;
    # then archived into the FAQ without personal data, posted in the FAQ room.
    draft = await alice.ask(alice_dm, "!resolu 1 1 2")
    assert "Brouillon pour la FAQ" in draft.body and "prime d'installation" in draft.body
    assert not await app.faq.search("déménagement financer CPAS")
    assert (await app.requests.get(1)).state == "open"
    done = await alice.ask(alice_dm, "!publier")
    assert "FAQ" in done.body
    entries = await app.faq.search("déménagement financer CPAS")
    assert entries and entries[0].entry.source_request_id == 1
    entry = entries[0].entry
    for item in PERSONAL:
        assert item not in entry.question and item not in entry.answer
    assert "prime d'installation" in entry.answer and "art. 57" in entry.answer
    faq_room = await app.rooms.by_key(FAQ_KEY)
    assert faq_room is not None
    await bob.wait_for(lambda e: "demande #1 est résolue" in e.body, what="thread told")
    # Members were invited to the FAQ room at registration: the new entry is posted there,
    # and anyone finds it with !faq, in other words than the question's.
    await bob.join(faq_room.room_id)
    announced = await bob.wait_for(
        lambda e: e.room_id == faq_room.room_id and "Nouvelle entrée de la FAQ" in e.body,
        what="the entry in the FAQ room",
    )
    for item in PERSONAL:
        assert item not in announced.body
    found = await bob.ask(ts_nord, "!faq aide pour déménager, qui paie ?")
    assert f"#{entry.id}" in found.body
    request = await app.requests.get(1)
    assert request is not None and request.state == "resolved"

    # 7. The raw text is nowhere outside Alice's DM: not in rooms, database, or logs.
    for user in (bob, carol):
        for event in user.events:
            if event.room_id != alice_dm:
                for item in PERSONAL:
                    assert item not in str(event.content), (item, event.describe())
    await assert_not_in_database(app, PERSONAL)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for item in PERSONAL:
        assert item not in logged


async def _posts(app, request_id: int) -> list[RequestPost]:
    async with app.database.sessions() as session:
        rows = await session.scalars(
            select(RequestPost).where(RequestPost.request_id == request_id)
        )
        return list(rows)


async def assert_not_in_database(app, needles: list[str]) -> None:
    """Every text column of every table, then the SQLite file itself, holds none of ``needles``."""
    async with app.database.engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        for table in tables:
            rows = (await conn.execute(text(f'SELECT * FROM "{table}"'))).all()
            dump = repr(rows)
            for needle in needles:
                assert needle not in dump, f"{needle!r} found in table {table}"
    if app.database.dialect == "sqlite":
        # Read as the running bot left them: no checkpoint (production never runs one).
        path = Path(app.database.engine.url.database)
        for candidate in [path] + [path.with_name(path.name + end) for end in ("-wal", "-shm")]:
            if candidate.exists():
                raw = candidate.read_bytes()
                for needle in needles:
                    assert needle.encode() not in raw, f"{needle!r} found in {candidate.name}"


async def test_preview_survives_a_restart_and_can_be_cancelled(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await register(bot, alice, "nord", "responsables")
    preview = await alice.ask(dm, "!aide M. Jean Martin cherche un logement à Namur.")
    assert "Martin" not in preview.body
    await bot.restart()
    sent = await alice.ask(dm, "envoyer")
    assert "Demande #1" in sent.body
    assert "pas de demande en attente" in (await alice.ask(dm, "!annuler")).body

    preview = await alice.ask(dm, "!aide Un monsieur cherche un logement à Namur.")
    # A reaction answers the preview too.
    await alice.react(dm, preview.event_id, "❌")
    await alice.wait_for(lambda e: "annulé" in e.body, what="cancelled")


async def test_aide_in_a_room_is_redacted_and_continued_in_dm(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory()
    alice = await matrix_user("alice")
    dm = await register(bot, alice, "nord", "encadrants")
    room = (await bot.app.rooms.by_key(room_key("nord", "encadrants"))).room_id
    event_id = await alice.send(room, "!aide Mme Fatima Benali n'a plus de logement.")
    redaction = await alice.wait_for(
        lambda e: (
            e.type == "m.room.redaction"
            and e.source.get("redacts", e.content.get("redacts")) == event_id
        ),
        what="the redaction of the room message",
    )
    assert redaction.sender == bot.user_id
    preview = await alice.wait_for(lambda e: e.room_id == dm and "Aperçu" in e.body, what="preview")
    assert "Benali" not in preview.body


async def test_escalation_fires_after_the_delay_and_not_before(
    bot_factory, matrix_user: MatrixUserFactory
):
    layout = small_layout("esc-", policy={"escalation_delays_hours": [0.002, 1, 2]})  # 7.2 s
    bot = await bot_factory(layout=layout)
    alice = await matrix_user("alice")
    dm = await register(bot, alice, "nord", "travailleurs-sociaux")
    await alice.ask(dm, "!aide Une personne cherche une formation de cariste.")
    await alice.ask(dm, "!envoyer")
    app = bot.app
    resp_nord = (await app.rooms.by_key(room_key("nord", "responsables"))).room_id
    await asyncio.sleep(3)
    assert resp_nord not in {p.room_id for p in await _posts(app, 1) if p.event_id}
    widened = await alice.wait_for(lambda e: "je l'élargis" in e.body, 20, what="escalation")
    assert "Responsables" in widened.body
    assert resp_nord in {p.room_id for p in await _posts(app, 1) if p.event_id}


async def test_quiet_hours_hold_a_request_back(bot_factory, matrix_user: MatrixUserFactory):
    every_day = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    bot = await bot_factory(layout=small_layout("quiet-", policy={"quiet_days": every_day}))
    alice = await matrix_user("alice")
    dm = await register(bot, alice, "nord", "travailleurs-sociaux")
    await alice.ask(dm, "!aide Une personne cherche une formation de cariste.")
    held = await alice.ask(dm, "!envoyer")
    assert "sera publiée" in held.body
    posts = await _posts(bot.app, 1)
    assert posts and all(p.event_id is None for p in posts)
    timer = await bot.app.timers.repository.get("aide:1:release")
    assert timer is not None and timer.state == "pending"


async def test_answers_are_relayed_after_a_restart(bot_factory, matrix_user: MatrixUserFactory):
    bot = await bot_factory()
    alice, bob = await matrix_user("alice"), await matrix_user("bob")
    dm = await register(bot, alice, "sud", "travailleurs-sociaux")
    await register(bot, bob, "sud", "travailleurs-sociaux")
    ts_sud = (await bot.app.rooms.by_key(room_key("sud", "travailleurs-sociaux"))).room_id
    await alice.ask(dm, "!aide Comment financer un permis de conduire ?")
    await alice.ask(dm, "!envoyer")
    post = await bob.wait_for(lambda e: e.room_id == ts_sud and "Demande #1" in e.body, what="post")
    await bot.stop()
    await bob.send(ts_sud, "Le Forem peut intervenir.", thread_root=post.event_id)
    await bot.start()
    await alice.wait_for(lambda e: "Réponse 1 à la demande #1" in e.body, what="relayed answer")
    listing = await alice.ask(dm, "!demandes")
    assert "#1" in listing.body and "1 réponse" in listing.body
    in_room = await bob.ask(ts_sud, "!demandes")
    assert "#1" in in_room.body
