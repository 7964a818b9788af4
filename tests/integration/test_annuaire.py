"""The directory on a real Synapse (SPEC §2): opted-in people only, filtered, with counts."""

from __future__ import annotations

import pytest

from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot import BotHarness

pytestmark = pytest.mark.integration


async def join(bot: BotHarness, user: MatrixUser, bassin: str, groupe: str, *profile: str) -> str:
    dm = await user.create_dm(bot.user_id)
    await user.ask(dm, f"!inscription {bassin} {groupe}")
    for command in profile:
        reply = await user.ask(dm, command)
        assert "mis à jour" in reply.body, (command, reply.body)
    return dm


def order(body: str, *user_ids: str) -> list[str]:
    return sorted(user_ids, key=lambda user_id: body.index(user_id))


async def test_directory_lists_opted_in_people_by_contribution(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory()
    app = bot.app
    assert app is not None
    alice, bob, carol, dave = [await matrix_user(n) for n in ("alice", "bob", "carol", "dave")]
    alice_dm = await join(
        bot,
        alice,
        "nord",
        "travailleurs-sociaux",
        "!profil structure CPAS de Nordville",
        "!profil themes logement, mobilité",
        "!profil annuaire oui",
    )
    bob_dm = await join(
        bot, bob, "sud", "encadrants", "!profil themes logement", "!profil annuaire oui"
    )
    carol_dm = await join(bot, carol, "nord", "responsables", "!profil annuaire oui")
    await join(bot, dave, "nord", "travailleurs-sociaux", "!profil themes logement")

    # Contributions: Bob answered two requests and wrote a fiche, Alice wrote one fiche,
    # Dave (not listed) answered too.
    request = await app.requests.create(
        requester=dave.user_id, dm_room_id="!x:localhost", bassin="nord", text="…"
    )
    for number, author in enumerate((bob.user_id, bob.user_id, dave.user_id)):
        await app.requests.add_answer(request.id, f"$answer{number}", "!r:localhost", author, "…")
    for user, dm in ((alice, alice_dm), (bob, bob_dm)):
        made = await user.ask(dm, "!fiche nouvelle\nTitre: Atelier loyer\nContexte: loyers chers")
        assert "enregistrée" in made.body

    everyone = await carol.ask(carol_dm, "!annuaire")
    assert "3 personnes" in everyone.body
    assert dave.user_id not in everyone.body
    assert order(everyone.body, alice.user_id, bob.user_id, carol.user_id) == [
        bob.user_id,
        alice.user_id,
        carol.user_id,
    ]
    bob_line = next(line for line in everyone.body.splitlines() if bob.user_id in line)
    assert "réponses : 2" in bob_line and "fiches : 1" in bob_line
    alice_line = next(line for line in everyone.body.splitlines() if alice.user_id in line)
    assert "CPAS de Nordville" in alice_line and "Mobilité" in alice_line
    assert "réponses : 0" in alice_line and "fiches : 1" in alice_line
    assert everyone.formatted_body is not None
    assert f'href="https://matrix.to/#/{alice.user_id}"' in everyone.formatted_body

    by_theme = await carol.ask(carol_dm, "!annuaire Logement")
    assert "Logement" in by_theme.body and "2 personnes" in by_theme.body
    assert carol.user_id not in by_theme.body and dave.user_id not in by_theme.body
    by_bassin = await carol.ask(carol_dm, "!annuaire bassin nord")
    assert "Bassin Nord" in by_bassin.body
    assert {alice.user_id, carol.user_id} == {
        u for u in (alice.user_id, bob.user_id, carol.user_id) if u in by_bassin.body
    }
    by_groupe = await carol.ask(carol_dm, "!annuaire encadrants")
    assert bob.user_id in by_groupe.body and alice.user_id not in by_groupe.body
    empty = await carol.ask(carol_dm, "!annuaire mobilite")
    assert alice.user_id in empty.body and "1 personne," in empty.body
    unknown = await carol.ask(carol_dm, "!annuaire jardinage")
    assert "jardinage" in unknown.body and "logement" in unknown.body

    await alice.ask(alice_dm, "!profil annuaire non")
    after = await carol.ask(carol_dm, "!annuaire mobilité")
    assert alice.user_id not in after.body and "Personne" in after.body
