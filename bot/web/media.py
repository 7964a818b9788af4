"""Files attached to fiches, fetched from the homeserver with the bot's token, server-side.

The browser never sees the token nor the homeserver: it asks the site for "attachment n of
fiche f", the site checks the fiche holds it, downloads it with the authenticated media API
and streams it back as a download (never rendered inline: a file is not a page of the site).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import aiohttp
from aiohttp import web

from bot.web.site import WebSite

_MXC = re.compile(r"^mxc://([A-Za-z0-9.:\-\[\]]+)/([A-Za-z0-9_\-]+)$")
CHUNK = 64 * 1024


async def proxy(
    request: web.Request, site: WebSite, attachment: dict[str, Any]
) -> web.StreamResponse:
    match = _MXC.match(str(attachment.get("url", "")))
    token = await site.bot_token()
    if match is None or token is None or not site.homeserver_url:
        raise web.HTTPNotFound()
    server, media_id = match.groups()
    url = (
        f"{site.homeserver_url.rstrip('/')}/_matrix/client/v1/media/download/"
        f"{quote(server)}/{quote(media_id)}"
    )
    timeout = aiohttp.ClientTimeout(total=120)
    async with (
        aiohttp.ClientSession(timeout=timeout) as http,
        http.get(url, headers={"Authorization": f"Bearer {token}"}) as upstream,
    ):
        if upstream.status != 200:
            raise web.HTTPNotFound()
        name = str(attachment.get("name") or media_id)
        response = web.StreamResponse(
            headers={
                "Content-Type": upstream.headers.get("Content-Type", "application/octet-stream"),
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
                "Content-Security-Policy": "default-src 'none'; sandbox",
                "Cache-Control": "private, max-age=3600",
            }
        )
        if upstream.content_length is not None:
            response.content_length = upstream.content_length
        await response.prepare(request)
        async for chunk in upstream.content.iter_chunked(CHUNK):
            await response.write(chunk)
        await response.write_eof()
        return response
