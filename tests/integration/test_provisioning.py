"""Provisioning the shipped Walloon layout against a real Synapse (SPEC §1)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from bot.services.provisioning import ANNOUNCEMENTS_KEY, FAQ_KEY, bassin_key, room_key
from config.layout import Layout, load_layout
from config.settings import DEFAULT_LAYOUT
from storage.models import ProvisionedRoom
from tests.support.bot import small_layout

pytestmark = pytest.mark.integration


def walloon_layout(prefix: str) -> Layout:
    layout = load_layout(DEFAULT_LAYOUT)
    network = layout.network.model_copy(update={"alias_prefix": prefix})
    return layout.model_copy(update={"network": network})


async def test_walloon_layout_is_provisioned_once(bot_factory):
    layout = walloon_layout("wal-")
    bot = await bot_factory(layout=layout, start=False)
    app = await bot.start()

    rows = await app.rooms.all()
    kinds = [row.kind for row in rows]
    assert kinds.count("root") == 1 and kinds.count("bassin") == 9
    assert kinds.count("groupe") == 27
    assert kinds.count("theme") == sum(1 for t in layout.themes if t.room) == 3
    assert kinds.count("faq") == 1 and kinds.count("annonces") == 1
    assert len({row.room_id for row in rows}) == len(rows) == 42

    # The rooms really exist on the homeserver, with the expected state.
    client = app.client
    namur_space = await app.rooms.by_key(bassin_key("namur"))
    ts_namur = await app.rooms.by_key(room_key("namur", "travailleurs-sociaux"))
    assert namur_space is not None and ts_namur is not None
    assert await client.resolve_alias(f"#wal-ts-namur:{client.server_name}") == ts_namur.room_id
    join_rules = await client.get_state(ts_namur.room_id, "m.room.join_rules")
    assert join_rules == {
        "join_rule": "restricted",
        "allow": [{"type": "m.room_membership", "room_id": namur_space.room_id}],
    }
    create = await client.get_state(namur_space.room_id, "m.room.create")
    assert create is not None and create.get("type") == "m.space"
    child = await client.get_state(namur_space.room_id, "m.space.child", ts_namur.room_id)
    assert child is not None and child["via"] == [client.server_name]
    levels = await client.get_state(ts_namur.room_id, "m.room.power_levels")
    assert levels is not None and levels["kick"] == 50 and levels["events_default"] == 0
    faq = await app.rooms.by_key(FAQ_KEY)
    assert faq is not None
    faq_levels = await client.get_state(faq.room_id, "m.room.power_levels")
    assert faq_levels is not None and faq_levels["events_default"] == 50
    assert await app.rooms.by_key(ANNOUNCEMENTS_KEY) is not None

    # A second run creates nothing and sends nothing.
    second = await app.provision()
    assert (second.created, second.adopted, second.updated, second.archived) == (0, 0, 0, 0)
    print(f"second provisioning run: {second.seconds:.3f}s")


async def test_layout_changes_update_and_archive(bot_factory):
    bot = await bot_factory(layout=small_layout("chg-", bassins=3))
    app = bot.app
    assert app is not None

    changed = small_layout("chg-", bassins=2)
    bassins = [
        b.model_copy(update={"name": "Bassin du Nord"}) if b.slug == "nord" else b
        for b in changed.bassins
    ]
    app.layout = changed.model_copy(update={"bassins": bassins})
    plan = await app.provisioner.plan(app.layout)
    assert plan.count("create") == 0
    report = await app.provision()
    # Nord's space and its three rooms are renamed; Est's space and rooms are archived.
    assert report.updated == 4 and report.archived == 4 and report.created == 0
    est = await app.rooms.by_key(room_key("est", "encadrants"))
    assert est is not None and est.archived
    name = await app.client.get_state(est.room_id, "m.room.name")
    assert name is not None and name["name"].startswith("[archivé]")
    levels = await app.client.get_state(est.room_id, "m.room.power_levels")
    assert levels is not None and levels["events_default"] == 100

    # Bringing the bassin back restores its archived rooms rather than making new ones.
    app.layout = small_layout("chg-", bassins=3)
    report = await app.provision()
    assert (report.created, report.updated, report.archived) == (0, 4 + 4, 0)
    name = await app.client.get_state(est.room_id, "m.room.name")
    assert name == {"name": "Encadrants techniques · Bassin Est"}


async def test_rooms_are_adopted_by_alias_when_the_database_forgot_them(bot_factory):
    bot = await bot_factory(layout=small_layout("adopt-"))
    app = bot.app
    assert app is not None
    before = {row.key: row.room_id for row in await app.rooms.all()}
    async with app.database.transaction() as session:
        await session.execute(delete(ProvisionedRoom))
    app.rooms.invalidate()  # as a new process would find it
    report = await app.provision()
    assert report.created == 0 and report.adopted == len(before)
    assert {row.key: row.room_id for row in await app.rooms.all()} == before


async def test_provisioning_with_default_rate_limits(synapse_factory, bot_factory):
    homeserver = await synapse_factory(default_rate_limits=True)
    layout = small_layout("rl-", bassins=3, themes_with_rooms=2)
    bot = await bot_factory(layout=layout, homeserver=homeserver)
    assert bot.app is not None
    assert len(await bot.app.rooms.all()) == 1 + 3 + 9 + 2 + 2
