"""Fan-out: ``!envoyer`` of a help request routed to 10 rooms, until the last room has it,
against the least a relaying bot can do (the echo client posting the same text to the same 10
rooms from one command, ``!relayer``) and against one plain send, on the same homeserver.

The layout routes a request to the requester's groupe room plus the specialist rooms of nine
detected themes: ten rooms. The figure is the homeserver's time between the ``!envoyer`` event
and the last of the ten posts (``origin_server_ts``); sends that went out one after the other
would take about ten plain sends, concurrent ones about one.

``!envoyer`` is typed once the ``!aide`` it confirms has been redacted (the bot takes the raw
text off the homeserver right after the preview): the homeserver writes one room's events one
at a time, so a command typed in the same millisecond as the preview arrives waits for that
redaction, a cost of the previous command that a person reading the preview never meets.
"""

from __future__ import annotations

import asyncio
import os
import re
import time

from bench.echo_bot import RELAY
from bench.harness import bench_synapse, bot_and_echo, line, median, percentile, work_dir
from bench.latency import sample as echo_sample
from bot.homeserver.bot_process import NEVER_QUIET, token_user
from bot.homeserver.matrix_user import MatrixUser
from bot.homeserver.received import Event

SAMPLES = 15
GOAL_RATIO = 2.0
# Two plain keywords per theme, both in the request: each theme is confident (a specialist room
# follows only confident themes), as sure as the others, and so kept beside them.
THEMES = {
    "logement": ("loyer", "bail"), "mobilite": ("permis", "voiture"),
    "sante": ("medecin", "hopital"), "addictions": ("cannabis", "cocaine"),
    "dettes": ("huissier", "creancier"), "formation": ("diplome", "alternance"),
    "emploi": ("embauche", "licenciement"), "langue": ("alphabetisation", "illettrisme"),
    "justice": ("avocat", "tribunal"),
}  # fmt: skip
SITUATION = (
    "Une personne a un loyer trop cher et un bail résilié, a perdu son permis et sa voiture, "
    "doit voir un medecin à l'hopital, parle de cannabis et de cocaine, reçoit un huissier "
    "envoyé par un creancier, n'a pas de diplome et cherche une alternance, attend une "
    "embauche après un licenciement, suit une alphabetisation contre l'illettrisme et cherche "
    "un avocat pour le tribunal. Par où commencer ?"
)


def fanout_layout(prefix: str) -> dict[str, object]:
    return {
        "network": {"slug": "fan", "name": "Réseau fan-out", "alias_prefix": prefix},
        "groupes": [
            {"slug": "travailleurs-sociaux", "short": "ts", "name": "Travailleurs sociaux"}
        ],
        "bassins": [{"slug": "b1", "name": "Bassin Un"}],
        "themes": [
            {"slug": slug, "label": slug.capitalize(), "keywords": list(words), "room": True}
            for slug, words in THEMES.items()
        ],
        "policy": {
            **NEVER_QUIET,
            "daily_cap_per_room": 100_000,
            "themes_per_request": len(THEMES),
        },
    }


async def join_everything(user: MatrixUser, prefix: str) -> list[str]:
    """Accept the bot's invites, then join the specialist rooms (open to the network's space)."""
    await asyncio.sleep(2)
    await user.accept_invites()
    rooms = [await user.join(f"#{prefix}ts-b1:{user.synapse.server_name}")]
    for slug in THEMES:
        rooms.append(await user.join(f"#{prefix}theme-{slug}:{user.synapse.server_name}"))
    return rooms


async def preview(user: MatrixUser, dm: str) -> None:
    """``!aide``, its preview, and the redaction of its raw text."""
    start = user.mark()
    sent = await user.send(dm, f"!aide {SITUATION}")
    await user.wait_for(lambda e: e.in_reply_to == sent, 60, after=start)
    await user.wait_for(lambda e: e.type == "m.room.redaction" and redacts(e) == sent, 60)


def redacts(event: Event) -> str | None:
    return event.source.get("redacts") or event.content.get("redacts")


async def fan_out_sample(user: MatrixUser, dm: str, rooms: list[str]) -> tuple[float, float, str]:
    """Server-side ms from ``!envoyer`` to the last of the posts, and to the first (the bot's
    own share: what it does before its first send; the rest is the homeserver's), and the
    text of the last post."""
    await preview(user, dm)
    start = user.mark()
    sent = await user.send(dm, "!envoyer")
    reply = await user.wait_for(lambda e: e.in_reply_to == sent, 60, after=start)
    number = re.search(r"Demande #(\d+)", reply.body)
    assert number, reply.body
    marker = f"Demande #{number.group(1)} —"  # the post's title: "#1 —", not "#10 —"
    posts = {}
    for room in rooms:
        posts[room] = await user.wait_for(
            lambda e, r=room: e.room_id == r and marker in e.body,
            60,
            after=start,
            what=f"the post in {room}",
        )
    command = await user.wait_for(lambda e: e.event_id == sent, 30, after=start)
    stamps = [float(p.source["origin_server_ts"]) for p in posts.values()]
    sent_at = float(command.source["origin_server_ts"])
    return max(stamps) - sent_at, min(stamps) - sent_at, posts[rooms[-1]].body


async def relay_sample(user: MatrixUser, dm: str, rooms: list[str], text: str) -> float:
    """Server-side ms from ``!relayer`` to the last of the echo's posts of ``text``."""
    marker = f"relais-{time.monotonic_ns()}"
    start = user.mark()
    sent = await user.send(dm, f"{RELAY}{marker} {text}")
    stamps = []
    for room in rooms:
        post = await user.wait_for(
            lambda e, r=room: e.room_id == r and e.body.startswith(marker), 60, after=start
        )
        stamps.append(float(post.source["origin_server_ts"]))
    command = await user.wait_for(lambda e: e.event_id == sent, 30, after=start)
    return max(stamps) - float(command.source["origin_server_ts"])


async def invite_everywhere(user: MatrixUser, other: str, rooms: list[str]) -> None:
    """The echo joins the same rooms as the bot's posts (invited; it accepts every invite)."""
    for room in rooms:
        start = user.mark()
        await user.client.room_invite(room, other)
        await user.wait_for(
            lambda e, r=room: e.room_id == r and e.membership == "join" and e.state_key == other,
            60,
            after=start,
        )


async def run() -> list[str]:
    prefix = f"fan{os.getpid()}-"
    async with bench_synapse() as synapse:
        with work_dir() as directory:
            bot, echo = await bot_and_echo(synapse, directory, layout=fanout_layout(prefix))
            user = await token_user(synapse, "fanout")
            try:
                bot_dm = await user.create_dm(bot.user_id, timeout=30)
                echo_dm = await user.create_dm(echo.user_id, timeout=30)
                await user.ask(bot_dm, "!inscription b1 travailleurs-sociaux", 60)
                rooms = await join_everything(user, prefix)
                assert len(rooms) == 10
                await invite_everywhere(user, echo.user_id, rooms)
                *_, text = await fan_out_sample(user, bot_dm, rooms)  # warm-up
                await relay_sample(user, echo_dm, rooms, text)
                ours: list[float] = []
                first: list[float] = []
                relayed: list[float] = []
                base: list[float] = []
                for _ in range(SAMPLES):
                    last_ms, first_ms, text = await fan_out_sample(user, bot_dm, rooms)
                    ours.append(last_ms)
                    first.append(first_ms)
                    relayed.append(await relay_sample(user, echo_dm, rooms, text))
                    base.append((await echo_sample(user, echo_dm, "!commandes"))[0])
            finally:
                await user.close()
                await bot.stop()
                await echo.stop()
    return summary(ours, first, relayed, base)


def summary(
    ours: list[float], first: list[float], relayed: list[float], base: list[float]
) -> list[str]:
    ratio = median(ours) / max(median(base), 0.001)
    return [
        line(
            "fan-out to 10 rooms",
            f"!envoyer → last room median {median(ours):.0f} ms, "
            f"p95 {percentile(ours, 95):.0f} ms; "
            f"one plain send (echo) median {median(base):.0f} ms; ratio {ratio:.2f} "
            f"({SAMPLES} samples each, interleaved)",
            f"ratio ≤ {GOAL_RATIO}",
            ratio <= GOAL_RATIO,
        ),
        line(
            "fan-out to 10 rooms, against the least a relaying bot does",
            f"!envoyer → last room median {median(ours):.0f} ms; echo !relayer of the same text "
            f"to the same 10 rooms → last room median {median(relayed):.0f} ms, "
            f"p95 {percentile(relayed, 95):.0f} ms; ratio "
            f"{median(ours) / max(median(relayed), 0.001):.2f} (interleaved)",
        ),
        line(
            "fan-out to 10 rooms, first room",
            f"!envoyer → first room median {median(first):.0f} ms "
            f"(what the bot does before its first send), first → last room "
            f"{median(ours) - median(first):.0f} ms (medians)",
        ),
    ]


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
