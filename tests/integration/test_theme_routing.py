"""Help requests reach a theme's specialist room only when they are surely about that theme.

Issue 16: a request that mentions housing in passing went to the housing specialists' room.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.services.provisioning import theme_key
from storage.models import RequestPost
from tests.integration.test_aide import register
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration

IN_PASSING = (
    "Un travailleur demande si son contrat de travail peut être prolongé : son employeur dit "
    "que le boulot manque, et il a peur de ne plus pouvoir payer son loyer."
)
NOT_SURE = "Une stagiaire cherche un appartement plus près du chantier ; son boulot commence à 6 h."
ABOUT_HOUSING = (
    "Son propriétaire refuse de rendre la garantie du bail et menace d'augmenter le loyer "
    "de 150 € : que peut faire la locataire ?"
)


def _rooms_line(body: str) -> str:
    return next(line for line in body.splitlines() if "Salons qui la recevront" in line)


async def _rooms_of(app, request_id: int) -> set[str]:
    async with app.database.sessions() as session:
        rows = await session.scalars(
            select(RequestPost).where(RequestPost.request_id == request_id)
        )
        return {row.room_id for row in rows}


async def test_specialist_room_only_for_a_confident_theme(
    bot_factory, matrix_user: MatrixUserFactory
):
    bot = await bot_factory()
    app = bot.app
    assert app is not None
    housing = await app.rooms.by_key(theme_key("logement"))
    assert housing is not None
    alice = await matrix_user("alice")
    dm = await register(bot, alice, "nord", "travailleurs-sociaux")

    # Housing mentioned in passing: neither a theme of the request nor its specialists' room.
    preview = await alice.ask(dm, f"!aide {IN_PASSING}")
    assert "Emploi" in preview.body and housing.name not in _rooms_line(preview.body)
    await alice.ask(dm, "!envoyer")
    assert housing.room_id not in await _rooms_of(app, 1)
    request = await app.requests.get(1)
    assert request is not None and "logement" not in (request.themes or [])

    # Surely about housing: the housing room receives it.
    preview = await alice.ask(dm, f"!aide {ABOUT_HOUSING}")
    assert housing.name in _rooms_line(preview.body)
    await alice.ask(dm, "!envoyer")
    assert housing.room_id in await _rooms_of(app, 2)

    # One word of housing, one of employment: housing is shown, but not sure enough to call
    # the specialists in.
    preview = await alice.ask(dm, f"!aide {NOT_SURE}")
    assert "Logement" in preview.body and housing.name not in _rooms_line(preview.body)
    await alice.ask(dm, "!envoyer")
    assert housing.room_id not in await _rooms_of(app, 3)
