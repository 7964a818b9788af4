"""A member's rights over their data on a real Synapse: a copy of it, then being forgotten."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from storage.models import utcnow
from storage.repositories.personal_data import FORGOTTEN
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness

pytestmark = pytest.mark.integration


async def _download(user: MatrixUser, uri: str) -> dict:
    server, media_id = uri.removeprefix("mxc://").split("/", 1)
    response = await user.client.send(
        "GET",
        f"/_matrix/client/v1/media/download/{server}/{media_id}",
        headers={"Authorization": f"Bearer {user.client.access_token}"},
    )
    async with response:
        assert response.status == 200
        return json.loads(await response.read())


async def _copy(user: MatrixUser, dm: str) -> dict:
    start = user.mark()
    reply = await user.ask(dm, "!mes-donnees")
    assert "copie" in reply.body
    file = await user.wait_for(
        lambda e: e.is_message and e.content.get("msgtype") == "m.file", after=start
    )
    assert file.content["info"]["mimetype"] == "application/json"
    return await _download(user, file.content["url"])


async def test_a_member_gets_a_copy_of_their_data_then_is_forgotten(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot: BotHarness = await bot_factory()
    app = bot.app
    assert app is not None
    alice = await matrix_user("alice")
    dm = await alice.create_dm(bot.user_id)
    await alice.ask(dm, "!inscription nord travailleurs-sociaux")
    await alice.ask(dm, "!profil structure CPAS de Nordville")
    request = await app.requests.create(
        requester=alice.user_id, dm_room_id=dm, bassin="nord", text="[PERSONNE] cherche un logement"
    )
    entry = await app.faq.add(
        "Garantie locative ?", "Le CPAS.", ["logement"], contributors=[alice.user_id, "@b:x"]
    )

    copy = await _copy(alice, dm)
    assert copy["user_id"] == alice.user_id
    assert copy["profile"]["structure"] == "CPAS de Nordville"
    assert [r["id"] for r in copy["help_requests"]] == [request.id]
    assert copy["faq"]["credited"] == [entry.id]

    question = await alice.ask(dm, "!oubli")
    assert "oubli confirmer" in question.body
    assert (await app.members.get(alice.user_id)) is not None  # nothing before the confirmation
    done = await alice.ask(dm, "!oubli confirmer")
    assert "effacées" in done.body

    assert await app.members.get(alice.user_id) is None
    reloaded = await app.faq.get(entry.id)
    assert reloaded is not None and reloaded.contributors == ["@b:x"]
    closed = await app.requests.get(request.id)
    assert closed is not None and closed.requester == FORGOTTEN and closed.state != "open"
    profile = await alice.ask(dm, "!profil")
    assert "inscrit" in profile.body
    again = await _copy(alice, dm)
    assert (
        again["profile"] is None and again["help_requests"] == [] and again["faq"]["credited"] == []
    )
    nothing = await alice.ask(dm, "!oubli confirmer")
    assert "Rien à confirmer" in nothing.body


async def test_retention_purges_the_relay_data_of_old_closed_requests(bot_factory):
    bot: BotHarness = await bot_factory()
    app = bot.app
    assert app is not None
    old = await app.requests.create(
        requester="@a:x", dm_room_id="!dm:x", bassin="nord", text="[PERSONNE] ancienne demande"
    )
    recent = await app.requests.create(
        requester="@a:x", dm_room_id="!dm:x", bassin="nord", text="[PERSONNE] récente"
    )
    for request in (old, recent):
        await app.requests.add_answer(request.id, f"$a{request.id}", "!r:x", "@b:x", "réponse")
        await app.requests.close(request.id, "resolved")
    async with app.database.transaction() as session:
        from storage.models import HelpRequest

        row = await session.get(HelpRequest, old.id)
        assert row is not None
        row.closed_at = utcnow() - timedelta(days=400)

    assert await app.personal_data.purge_expired() == 1
    purged, kept = await app.requests.get(old.id), await app.requests.get(recent.id)
    assert purged is not None and purged.text == "" and purged.requester == FORGOTTEN
    assert purged.bassin == "nord" and purged.closed_at is not None  # the figures keep it
    assert kept is not None and kept.text.endswith("récente")
    assert await app.personal_data.purge_expired() == 0
