"""Every moderator command × every role, against a real Synapse and the real bot (issue 11).

Each trial makes a fresh target in bassin ``nord`` (a FAQ entry, a fiche, a focus session, a
message, a person…), sends the command as one of five people — a plain member, a moderator of
``nord``, a moderator of ``sud``, a global moderator, an admin — and reads back whether the
target changed. A change made by someone not entitled to it is an *unauthorised change*; the
matrix must count none, and every entitled person must still get their change done.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest

from bot.app import Application
from bot.homeserver.local_synapse import LocalSynapse
from bot.services.provisioning import bassin_key, room_key
from storage.models import utcnow
from storage.repositories.fiches import NewFiche
from storage.repositories.focus import FocusRepository
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import small_layout
from tests.support.bot_process import register_with_token

pytestmark = pytest.mark.integration

ROLES = ("member", "other", "same", "global", "admin")
# Who may act, by the scope of the target: a nord target, the whole network, or no target.
ALLOWED = {
    "nord": {"same", "global", "admin"},
    "network": {"global", "admin"},
    "moderators": {"same", "other", "global", "admin"},
}
AUTHOR = "@auteur:example.org"
_numbers = itertools.count(1)


@dataclass
class Place:
    app: Application
    synapse: LocalSynapse
    bot_id: str
    nord_room: str
    sud_room: str
    people: dict[str, MatrixUser]
    dms: dict[str, str]
    victim: MatrixUser


Probe = Callable[[], Awaitable[bool]]
# A trial's setup: (the command text, where to send it, what to reply to, the probe).
Setup = Callable[[Place, str], Awaitable[tuple[list[str], str | None, str | None, Probe]]]


async def membership(app: Application, room_id: str, user_id: str) -> str | None:
    content = await app.client.get_state(room_id, "m.room.member", user_id)
    return None if content is None else content.get("membership")


async def fresh_person(place: Place) -> str:
    number = next(_numbers)
    user_id, _, _ = await register_with_token(place.synapse, f"cible{number}x")
    return user_id


async def bot_said(app: Application, room_id: str, text: str) -> bool:
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/messages?dir=b&limit=50"
    status, data = await app.client.api("GET", path)
    assert status == 200, data
    return any(
        text in str(e.get("content", {}).get("body", ""))
        for e in data.get("chunk", [])
        if e.get("sender") == app.client.user_id
    )


# ------------------------------------------------------------------------------ the commands
async def faq_modify(place: Place, role: str) -> Any:
    entry = await place.app.faq.add("Question ?", "Réponse.", bassin="nord", author_id=AUTHOR)
    text = f"Question changée par {role} ?"

    async def probe() -> bool:
        found = await place.app.faq.get(entry.id, include_deleted=True)
        return found is not None and found.question == text

    return [f"!faq modifier {entry.id} question {text}"], None, None, probe


async def faq_delete(place: Place, role: str) -> Any:
    entry = await place.app.faq.add("Question ?", "Réponse.", bassin="nord", author_id=AUTHOR)

    async def probe() -> bool:
        found = await place.app.faq.get(entry.id, include_deleted=True)
        return found is not None and found.deleted

    return [f"!faq supprimer {entry.id} doublon"], None, None, probe


async def faq_add(place: Place, role: str) -> Any:
    user = place.people[role]

    async def probe() -> bool:
        app = place.app
        return await app.conversations.current(user.user_id, place.dms[role], "faq_add") is not None

    return ["!faq ajouter"], None, None, probe


async def fiche_edit(place: Place, role: str) -> Any:
    fiche = await place.app.fiches.add(
        NewFiche({"titre": "Atelier", "contexte": "Contexte"}, bassin="nord", author_id=AUTHOR)
    )
    title = f"Atelier de {role}"

    async def probe() -> bool:
        found = await place.app.fiches.get(fiche.id)
        return found is not None and found.titre == title

    return [f"!fiche modifier {fiche.id} titre {title}"], None, None, probe


async def focus_cancel(place: Place, role: str) -> Any:
    repository = FocusRepository(place.app.database)
    session = await repository.create(
        author_id=AUTHOR,
        theme="Logement",
        target="nord",
        bassins=["nord"],
        room_ids=[],
        starts_at=utcnow() + timedelta(days=3),
        timezone="Europe/Paris",
    )

    async def probe() -> bool:
        found = await repository.get(session.id)
        return found is not None and found.status != "planned"

    return [f"!focus annuler {session.id}"], None, None, probe


async def topic(place: Place, role: str) -> Any:
    text = f"Sujet posé par {role}"

    async def probe() -> bool:
        state = await place.app.client.get_state(place.nord_room, "m.room.topic")
        return (state or {}).get("topic") == text

    return [f"!mod sujet {text}"], place.nord_room, None, probe


async def redact(place: Place, role: str) -> Any:
    message = await place.victim.send(place.nord_room, f"message à modérer ({role})")
    path = f"/_matrix/client/v3/rooms/{quote(place.nord_room)}/event/{quote(message)}"

    async def probe() -> bool:
        status, event = await place.app.client.api("GET", path)
        return status == 200 and event.get("content") == {}

    return ["!mod supprimer spam"], place.nord_room, message, probe


def _person_probe(place: Place, user_id: str, wanted: str | None, room: str = "") -> Probe:
    async def probe() -> bool:
        return await membership(place.app, room or place.nord_room, user_id) == wanted

    return probe


async def invite(place: Place, role: str) -> Any:
    target = await fresh_person(place)
    return [f"!mod inviter {target} nord"], None, None, _person_probe(place, target, "invite")


async def _invited(place: Place) -> str:
    target = await fresh_person(place)
    await place.app.client.invite(place.nord_room, target)
    return target


async def remove_from_nord(place: Place, role: str) -> Any:
    target = await _invited(place)
    return [f"!mod retirer {target} nord"], None, None, _person_probe(place, target, "leave")


async def remove_everywhere(place: Place, role: str) -> Any:
    target = await _invited(place)
    return [f"!mod retirer {target}"], None, None, _person_probe(place, target, "leave")


async def ban(place: Place, role: str) -> Any:
    target = await _invited(place)
    texts = [f"!mod bannir {target} publicité", "!confirmer"]
    return texts, None, None, _person_probe(place, target, "ban")


async def unban(place: Place, role: str) -> Any:
    target = await fresh_person(place)
    await place.app.client.ban(place.nord_room, target, "test")
    return [f"!mod debannir {target}"], None, None, _person_probe(place, target, "leave")


def _role_probe(place: Place, user_id: str, *, wanted: bool) -> Probe:
    async def probe() -> bool:
        return bool(await place.app.roles.of(user_id)) == wanted

    return probe


async def promote_nord(place: Place, role: str) -> Any:
    target = await fresh_person(place)
    probe = _role_probe(place, target, wanted=True)
    return [f"!mod promouvoir {target} nord"], None, None, probe


async def promote_global(place: Place, role: str) -> Any:
    target = await fresh_person(place)
    probe = _role_probe(place, target, wanted=True)
    return [f"!mod promouvoir {target}"], None, None, probe


async def demote(place: Place, role: str) -> Any:
    target = await fresh_person(place)
    await place.app.roles.grant(target, "moderator", "nord", "tests")
    probe = _role_probe(place, target, wanted=False)
    return [f"!mod retrograder {target}"], None, None, probe


async def announce_nord(place: Place, role: str) -> Any:
    text = f"Annonce au nord par {role}"

    async def probe() -> bool:
        return await bot_said(place.app, place.nord_room, text)

    return [f"!mod annonce nord {text}"], None, None, probe


async def announce_all(place: Place, role: str) -> Any:
    text = f"Annonce à tous par {role}"

    async def probe() -> bool:
        return await bot_said(place.app, place.sud_room, text)

    return [f"!mod annonce tous {text}"], None, None, probe


async def provision(place: Place, role: str) -> Any:
    """A room renamed behind the bot's back (state and record): provisioning renames it back."""
    key = room_key("nord", "encadrants")
    await place.app.client.put_state(place.nord_room, "m.room.name", {"name": "renommé"})
    await place.app.rooms.save(key, name="renommé")

    async def probe() -> bool:
        state = await place.app.client.get_state(place.nord_room, "m.room.name")
        return (state or {}).get("name") != "renommé"

    return ["!mod provisionner"], None, None, probe


async def add_bassin(place: Place, role: str) -> Any:
    slug = f"neuf-{role}"

    async def probe() -> bool:
        return place.app.layout.bassin(slug) is not None

    return [f"!mod bassin ajouter {slug} Bassin neuf"], None, None, probe


async def archive_bassin(place: Place, role: str) -> Any:
    slug = "ouest" if role == "admin" else "est"

    async def probe() -> bool:
        return place.app.layout.bassin(slug) is None

    return [f"!mod bassin archiver {slug}", "!confirmer"], None, None, probe


COMMANDS: list[tuple[str, str, Setup]] = [
    ("!faq modifier", "nord", faq_modify),
    ("!faq supprimer", "nord", faq_delete),
    ("!fiche modifier", "nord", fiche_edit),
    ("!focus annuler", "nord", focus_cancel),
    ("!mod sujet", "nord", topic),
    ("!mod supprimer", "nord", redact),
    ("!mod inviter … nord", "nord", invite),
    ("!mod retirer … nord", "nord", remove_from_nord),
    ("!mod retirer", "network", remove_everywhere),
    ("!mod bannir", "network", ban),
    ("!mod debannir", "network", unban),
    ("!mod promouvoir … nord", "nord", promote_nord),
    ("!mod promouvoir", "network", promote_global),
    ("!mod retrograder", "nord", demote),
    ("!mod annonce nord", "nord", announce_nord),
    ("!mod annonce tous", "network", announce_all),
    ("!mod provisionner", "network", provision),
    ("!mod bassin ajouter", "network", add_bassin),
    ("!mod bassin archiver", "network", archive_bassin),
    ("!faq ajouter", "moderators", faq_add),
]


async def _place(bot: Any, matrix_user: MatrixUserFactory, admin: MatrixUser) -> Place:
    app: Application = bot.app
    people = {"admin": admin}
    for role in ROLES[:-1]:
        people[role] = await matrix_user(f"matrice{role}")
    await app.roles.grant(people["same"].user_id, "moderator", "nord", "tests")
    await app.roles.grant(people["other"].user_id, "moderator", "sud", "tests")
    await app.roles.grant(people["global"].user_id, "moderator", None, "tests")
    victim = await matrix_user("matricevictime")
    nord = await app.rooms.by_key(room_key("nord", "encadrants"))
    sud = await app.rooms.by_key(room_key("sud", "encadrants"))
    assert nord is not None and sud is not None
    for user in [*people.values(), victim]:
        for key in (bassin_key("nord"), room_key("nord", "encadrants")):
            row = await app.rooms.by_key(key)
            assert row is not None
            await app.client.invite(row.room_id, user.user_id)
            await user.join(row.room_id)
    dms = {role: await user.create_dm(bot.user_id) for role, user in people.items()}
    return Place(app, bot.synapse, bot.user_id, nord.room_id, sud.room_id, people, dms, victim)


async def _run(place: Place, role: str, setup: Setup) -> bool:
    texts, room, reply_to, probe = await setup(place, role)
    user = place.people[role]
    where = room or place.dms[role]
    for text in texts:
        start = user.mark()
        sent = await user.send(where, text, reply_to=reply_to)
        await user.wait_for(
            lambda e, sent=sent: (
                e.is_message and e.sender == place.bot_id and e.in_reply_to == sent
            ),
            30,
            after=start,
            what=f"a reply to {text!r} from {role}",
        )
    changed = await probe()
    if texts == ["!faq ajouter"] and changed:
        await user.ask(place.dms[role], "annuler")
    return changed


async def test_every_moderator_command_checks_the_bassin_of_its_target(
    bot_factory, matrix_user: MatrixUserFactory
):
    admin = await matrix_user("matriceadmin")
    bot = await bot_factory(layout=small_layout("matrice-", bassins=4), admins=[admin.user_id])
    place = await _place(bot, matrix_user, admin)
    unauthorised: list[tuple[str, str]] = []
    refused_wrongly: list[tuple[str, str]] = []
    for name, scope, setup in COMMANDS:
        for role in ROLES:
            changed = await _run(place, role, setup)
            allowed = role in ALLOWED[scope]
            if changed and not allowed:
                unauthorised.append((name, role))
            if allowed and not changed:
                refused_wrongly.append((name, role))
    trials = len(COMMANDS) * len(ROLES)
    print(f"permission matrix: {trials} trials, {len(unauthorised)} unauthorised changes")
    assert unauthorised == [], f"{len(unauthorised)} unauthorised changes: {unauthorised}"
    assert refused_wrongly == [], refused_wrongly
