"""The directory: members who chose to be listed (``!profil annuaire oui``), most active first."""

from __future__ import annotations

from aiohttp import web

from bot.web.keys import SITE
from bot.web.render import page

routes = web.RouteTableDef()


@routes.get("/annuaire")
async def directory(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE]
    layout = site.layout()
    answers = await site.requests.answer_counts_by_author()
    fiches = await site.fiches.counts_by_author()
    people = []
    for member in await site.members.directory():
        bassin, groupe = layout.bassin(member.bassin or ""), layout.groupe(member.groupe or "")
        people.append(
            {
                "user_id": member.user_id,
                "structure": member.structure,
                "place": " / ".join(x.name for x in (bassin, groupe) if x is not None),
                "themes": [t.label for s in member.themes or [] if (t := layout.theme(s))],
                "answers": answers.get(member.user_id, 0),
                "fiches": fiches.get(member.user_id, 0),
            }
        )
    people.sort(key=lambda p: (-(p["answers"] + p["fiches"]), p["user_id"]))  # type: ignore[operator]
    return page(request, "directory.html", people=people)
