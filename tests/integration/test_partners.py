"""Partners end to end on a real Synapse (issue 15): an outside specialist for addictions.

Invited until a date, the partner receives an anonymised request in the addictions room,
answers in its thread, the answer reaches the requester labelled as a partner's; the partner
is refused the member directory and ``!aide``; when the date passes (the service's clock is
moved, nobody sleeps) the end timer removes them and says so.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.services.provisioning import theme_key
from bot.text.when import format_french_date
from config.layout import parse_layout
from storage.models import AuditEntry, Partner, Timer
from storage.repositories.fiches import NewFiche
from tests.integration.test_aide import register
from tests.support import MatrixUserFactory
from tests.support.bot import small_layout

pytestmark = pytest.mark.integration

SITUATION = (
    "M. Kevin Lambert, 41 ans, boit beaucoup d'alcool depuis sa perte d'emploi et rate ses "
    "journées au chantier ; il parle d'une dépendance à l'alcool et refuse le CPAS. "
    "Vers qui l'orienter pour un sevrage ?"
)


def addictions_layout(prefix: str):
    data = small_layout(prefix).model_dump(mode="json")
    data["themes"].append(
        {
            "slug": "addictions",
            "label": "Addictions",
            "keywords": ["alcool", "drogue", "cannabis", "dépendance", "sevrage"],
            "room": True,
        }
    )
    return parse_layout(data)


async def test_partner_for_addictions_until_a_date(bot_factory, matrix_user: MatrixUserFactory):
    moderator, alice, lea = [await matrix_user(n) for n in ("modo", "alice", "lea")]
    bot = await bot_factory(layout=addictions_layout("pa-"), admins=[moderator.user_id])
    app = bot.app
    assert app is not None
    addictions = await app.rooms.by_key(theme_key("addictions"))
    assert addictions is not None
    alice_dm = await register(bot, alice, "nord", "travailleurs-sociaux")
    lea_dm = await lea.create_dm(bot.user_id)
    mod_dm = await moderator.create_dm(bot.user_id)

    # 1. Invited for addictions in bassin nord, until a date ten days from now.
    end_day = date.today() + timedelta(days=10)
    invited = await moderator.ask(
        mod_dm,
        f"!mod partenaire inviter {lea.user_id} Fédito wallonne addictions nord "
        f"jusqu'au {format_french_date(end_day)}",
    )
    assert "Fédito wallonne" in invited.body and "Addictions" in invited.body, invited.body
    assert await lea.wait_for_invite(sender=bot.user_id) == addictions.room_id
    await lea.join(addictions.room_id)
    listing = await moderator.ask(mod_dm, "!mod partenaires")
    assert lea.user_id in listing.body and "Fédito wallonne" in listing.body

    # 2. An anonymised request on addictions reaches the partner's room at once (level 0).
    preview = await alice.ask(alice_dm, f"!aide {SITUATION}")
    assert addictions.name in preview.body
    await alice.ask(alice_dm, "!envoyer")
    post = await lea.wait_for(
        lambda e: e.room_id == addictions.room_id and "Demande #1" in e.body,
        what="the request in the addictions room",
    )
    assert "Kevin" not in post.body and "Lambert" not in post.body and "alcool" in post.body

    # 3. The partner answers in the thread: the requester reads it labelled as a partner's.
    await lea.send(
        addictions.room_id,
        "Le service d'accompagnement de notre fédération peut le recevoir sans rendez-vous.",
        thread_root=post.event_id,
    )
    relay = await alice.wait_for(lambda e: "Réponse 1 à la demande #1" in e.body, what="relay")
    assert "partenaire — Fédito wallonne" in relay.body
    assert "sans rendez-vous" in relay.body
    stats = (await moderator.ask(mod_dm, "!mod stats")).body.replace("**", "")
    assert "Partenaires en ce moment : 1" in stats, stats
    assert "réponses données par des partenaires : 1" in stats

    # 4. The FAQ and the fiches of their themes only.
    await app.faq.add(
        "Où orienter une personne pour un sevrage ?",
        "Le service d'accompagnement en assuétudes du bassin reçoit sans rendez-vous.",
        ["addictions"],
    )
    await app.faq.add(
        "Où orienter une personne pour une garantie locative ?",
        "Le CPAS peut avancer la garantie locative.",
        ["logement"],
    )
    await app.fiches.add(
        NewFiche({"titre": "Orienter vers un sevrage", "contexte": "…"}, ["addictions"])
    )
    await app.fiches.add(
        NewFiche({"titre": "Orienter vers un logement", "contexte": "…"}, ["logement"])
    )
    faq = (await lea.ask(lea_dm, "!faq orienter")).body
    assert "sevrage" in faq and "garantie locative" not in faq, faq
    fiches = (await lea.ask(lea_dm, "!fiche orienter")).body
    assert "Orienter vers un sevrage" in fiches and "logement" not in fiches, fiches

    # Refused what partners may not do; !commandes shows only what they may.
    refused = await lea.ask(lea_dm, "!annuaire")
    assert "partenaire" in refused.body and "annuaire" in refused.body
    refused = await lea.ask(lea_dm, "!aide un jeune cherche un logement")
    assert "partenaire" in refused.body
    help_text = (await lea.ask(lea_dm, "!commandes")).body
    assert "!faq" in help_text and "!commandes" in help_text and "!structures" in help_text
    assert "!annuaire" not in help_text and "!aide " not in help_text
    assert "!mod" not in help_text and "!inscription" not in help_text

    # 5. The date passes (the service's clock moves): the end timer removes the partner.
    async with app.database.sessions() as session:
        partner = await session.scalar(select(Partner).where(Partner.user_id == lea.user_id))
        timer = await session.scalar(select(Timer).where(Timer.kind == "partner.end"))
    assert partner is not None and partner.until is not None and timer is not None
    assert timer.due_at == partner.until
    assert partner.until.date() == end_day
    # Too early, nothing happens; past the date, removal.
    assert not await app.partners.expire(timer.key, partner.id, lea.user_id, lambda: "early")
    moved = partner.until + timedelta(minutes=1)
    app.partners.now = lambda: moved
    assert await app.timers.fire_now(timer.key)
    await lea.wait_for(
        lambda e: (
            e.room_id == addictions.room_id
            and e.membership == "leave"
            and e.state_key == lea.user_id
        ),
        what="the partner removed from the addictions room",
    )
    await lea.wait_for(
        lambda e: e.room_id == addictions.room_id and "date de fin" in e.body,
        what="the room told why the partner left",
    )
    assert await app.partners.partners.active(lea.user_id) is None
    refused = await lea.ask(lea_dm, "!faq alcool")
    assert "partenaire" not in refused.body  # no longer a partner: an ordinary visitor

    # Every change is in the audit log.
    async with app.database.sessions() as session:
        actions = list(
            await session.scalars(select(AuditEntry.action).where(AuditEntry.target == lea.user_id))
        )
    assert actions == ["partner.invite", "partner.end"]


async def test_a_bassin_moderator_invites_partners_for_their_bassin_only(
    bot_factory, matrix_user: MatrixUserFactory
):
    admin, nord_mod, lea = [await matrix_user(n) for n in ("admin", "nordmod", "lea")]
    bot = await bot_factory(layout=addictions_layout("pb-"), admins=[admin.user_id])
    admin_dm = await admin.create_dm(bot.user_id)
    await admin.ask(admin_dm, f"!mod promouvoir {nord_mod.user_id} nord")
    dm = await nord_mod.create_dm(bot.user_id)
    refused = await nord_mod.ask(dm, f"!mod partenaire inviter {lea.user_id} CPAS addictions sud")
    assert "Bassin Sud" in refused.body
    refused = await nord_mod.ask(dm, f"!mod partenaire inviter {lea.user_id} CPAS addictions")
    assert "tout le réseau" in refused.body
    done = await nord_mod.ask(
        dm, f"!mod partenaire inviter {lea.user_id} CPAS de Nord addictions nord"
    )
    assert "CPAS de Nord" in done.body and "sans date de fin" in done.body


async def test_invited_again_with_other_themes_the_partner_leaves_the_dropped_rooms(
    bot_factory, matrix_user: MatrixUserFactory
):
    moderator, lea = [await matrix_user(n) for n in ("modo", "lea")]
    bot = await bot_factory(layout=addictions_layout("pr-"), admins=[moderator.user_id])
    app = bot.app
    assert app is not None
    addictions = await app.rooms.by_key(theme_key("addictions"))
    logement = await app.rooms.by_key(theme_key("logement"))
    assert addictions is not None and logement is not None
    mod_dm = await moderator.create_dm(bot.user_id)

    done = await moderator.ask(
        mod_dm, f"!mod partenaire inviter {lea.user_id} Fédito wallonne addictions logement"
    )
    assert "2 salons" in done.body, done.body
    for room in (addictions, logement):  # invited before the reply was sent
        await lea.join(room.room_id)

    # Invited again for addictions only: out of the logement room, still in addictions.
    again = await moderator.ask(
        mod_dm, f"!mod partenaire inviter {lea.user_id} Fédito wallonne addictions"
    )
    assert "Retiré·e de 1 salon" in again.body and "Logement" in again.body, again.body
    await lea.wait_for(
        lambda e: (
            e.room_id == logement.room_id and e.membership == "leave" and e.state_key == lea.user_id
        ),
        what="the partner removed from the room of a dropped theme",
    )
    await lea.wait_for(
        lambda e: e.room_id == logement.room_id and "ses thèmes ont changé" in e.body,
        what="the room told why the partner left",
    )
    members = await app.client.get_state(addictions.room_id, "m.room.member", lea.user_id)
    assert members is not None and members["membership"] == "join"
    partner = await app.partners.partners.active(lea.user_id)
    assert partner is not None and partner.themes == ["addictions"]

    async with app.database.sessions() as session:
        entries = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.target == lea.user_id).order_by(AuditEntry.id)
            )
        )
    assert [e.action for e in entries] == ["partner.invite", "partner.invite", "partner.themes_end"]
    assert entries[-1].details["dropped"] == ["logement"]
    journal = await moderator.ask(mod_dm, "!mod journal 3")
    assert "thèmes qui ne sont plus les siens" in journal.body, journal.body
