"""Benchmark of the web site: page p95 with 10 000 FAQ entries and 1 000 fiches, beside serving
a static file of the same size from the same process in the same run.

The site runs as `tisserand run` serves it (an aiohttp AppRunner on a TCP port, SQLite file,
search index warmed), the client is one aiohttp session fetching pages one after the other
with a member's session cookie, so each timing is one full HTTP request:

    python -m bench.web [--entries 10000] [--fiches 1000] [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from aiohttp import web

from bench.harness import line, percentile
from bench.search import SEED, THEMES, generate_entries, generate_queries
from bot.cli.web import free_listen
from bot.web.app import WebServer
from bot.web.security import SESSION_COOKIE
from bot.web.site import WebSite
from config.layout import parse_layout
from config.settings import Settings
from storage.database import Database, sqlite_url
from storage.repositories.fiches import NewFiche

GOAL_MS = 50.0
MEMBER = "@bench:example.org"


def _layout() -> object:
    return parse_layout(
        {
            "network": {"slug": "bench", "name": "Réseau bench"},
            "groupes": [{"slug": "ts", "short": "ts", "name": "Travailleurs sociaux"}],
            "bassins": [{"slug": f"b{n}", "name": f"Bassin {n}"} for n in range(5)],
            "themes": [
                {"slug": s, "label": s.capitalize(), "keywords": k[:5]} for s, k in THEMES.items()
            ],
        }
    )


async def _seed(site: WebSite, entries: int, fiches: int, rng: random.Random) -> None:
    await site.faq.import_jsonl(generate_entries(entries, rng))
    slugs = list(THEMES)
    await site.fiches.add_many(
        [
            NewFiche(
                {
                    "titre": f"Action {n} : {rng.choice(THEMES[slug])}",
                    "contexte": " ".join(rng.choice(THEMES[slug]) for _ in range(40)),
                },
                [slug],
                bassin=f"b{n % 5}",
            )
            for n in range(fiches)
            if (slug := rng.choice(slugs))
        ]
    )
    await site.members.upsert(MEMBER, bassin="b0", groupe="ts")


async def _time(get: Callable[[], Awaitable[int]], count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        assert await get() == 200
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _figures(name: str, timings: list[float], goal: bool = False) -> str:
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    text = f"p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(timings)} requests"
    if goal:
        return line(name, text, f"p95 <= {GOAL_MS:.0f} ms", p95 <= GOAL_MS)
    return line(name, text)


async def _static_server(path: Path) -> tuple[web.AppRunner, str]:
    app = web.Application()

    async def serve(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(path)

    app.router.add_get("/page.html", serve)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    listen = free_listen("127.0.0.1:0")
    host, _, port = listen.rpartition(":")
    await web.TCPSite(runner, host, int(port)).start()
    return runner, f"http://{listen}/page.html"


async def bench(entries: int, fiches: int, requests: int) -> list[str]:
    rng = random.Random(SEED)
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as directory:
        database = Database(sqlite_url(Path(directory) / "bench.db"))
        await database.migrate()
        listen = free_listen("127.0.0.1:0")
        settings = Settings(_env_file=None, data_dir=Path(directory), web_listen=listen)  # type: ignore[call-arg]
        site = WebSite.alone(settings, _layout(), database)  # type: ignore[arg-type]
        began = time.perf_counter()
        await _seed(site, entries, fiches, rng)
        lines.append(line("web seed", f"{entries} FAQ entries, {fiches} fiches in "
                          f"{time.perf_counter() - began:.1f} s"))  # fmt: skip
        server = WebServer(site, listen)
        await server.start()
        opened = await site.access.use_link(await site.access.create_link(MEMBER))
        assert opened is not None
        base = f"http://{listen}"
        queries = generate_queries(requests, rng)
        try:
            async with aiohttp.ClientSession(cookies={SESSION_COOKIE: opened[0]}) as http:

                async def fetch(path: str) -> int:
                    async with http.get(base + path) as response:
                        await response.read()
                        return response.status

                search_page = b""
                async with http.get(base + "/faq", params={"q": queries[0]}) as response:
                    search_page = await response.read()
                pending = iter(queries * 2)

                async def search() -> int:
                    async with http.get(base + "/faq", params={"q": next(pending)}) as response:
                        await response.read()
                        return response.status

                for _ in range(20):  # warm-up: connections, templates, caches
                    await search()
                static = Path(directory) / "page.html"
                await asyncio.to_thread(static.write_bytes, search_page)
                runner, static_url = await _static_server(static)

                async def fetch_static() -> int:
                    async with http.get(static_url) as response:
                        await response.read()
                        return response.status

                try:
                    lines.append(
                        _figures(
                            f"web static file ({len(search_page)} B)",
                            await _time(fetch_static, requests),
                        )
                    )
                    lines.append(
                        _figures("web FAQ search page", await _time(search, requests), goal=True)
                    )
                finally:
                    await runner.cleanup()
                for name, path, count in (
                    ("home", "/", requests),
                    ("FAQ entry", "/faq/5000", requests),
                    ("FAQ theme", "/faq/theme/logement", requests),
                    ("fiches by theme", "/fiches?theme=logement", requests),
                    ("one fiche", "/fiches/500", requests),
                    ("figures", "/chiffres", requests // 4),
                    ("figures chart", "/chiffres/bassins-taux.svg", requests // 4),
                ):
                    timings = await _time(lambda p=path: fetch(p), count)  # type: ignore[misc]
                    lines.append(_figures(f"web {name} page", timings))
        finally:
            await server.stop()
            await database.close()
    return lines


async def run() -> list[str]:
    return await bench(10_000, 1_000, 200)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--fiches", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    asyncio.run(bench(args.entries, args.fiches, args.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
