"""An HTTP proxy in front of the test Synapse that can lose answers.

The homeserver carries the request out, and the proxy then tells the client ``502`` instead of
the real answer: the ambiguous failure a real deployment meets when a reverse proxy or the
network drops a response. Everything else is forwarded untouched.
"""

from __future__ import annotations

import socket

import aiohttp
from aiohttp import web

HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}


class LossyProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self._lose: dict[str, int] = {}
        self.lost: dict[str, int] = {}
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lose_answers(self, path_end: str, count: int) -> None:
        """Carry out the next ``count`` requests whose path ends with ``path_end``, answer 502."""
        self._lose[path_end] = count

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        async with self._session.request(
            request.method,
            self.upstream + request.path_qs,
            headers=headers,
            data=await request.read(),
        ) as upstream:
            body = await upstream.read()
            status, content_type = upstream.status, upstream.content_type
        for path_end, count in self._lose.items():
            if count > 0 and request.path.endswith(path_end):
                self._lose[path_end] = count - 1
                self.lost[path_end] = self.lost.get(path_end, 0) + 1
                return web.json_response(
                    {"errcode": "M_UNKNOWN", "error": "bad gateway"}, status=502
                )
        return web.Response(status=status, body=body, content_type=content_type)
