"""An echo server on Python's `aiohttp`: a third-party target for Gauntlet's catalogue.

Usage: python server.py [PORT]   (PORT 0 or absent picks a free port; the first stdout line names it)
Loopback only. The message limit is raised to 32 MiB so Autobahn section 9 (16 MiB messages) can pass.
permessage-deflate is on, as aiohttp ships it (sections 12, 13 and D need it; other sections offer no extension).
"""

import asyncio
import sys

from aiohttp import WSMsgType, web


async def echo(request: web.Request) -> web.WebSocketResponse:
    socket = web.WebSocketResponse(max_msg_size=2**25, compress=True)
    await socket.prepare(request)
    async for message in socket:
        if message.type == WSMsgType.TEXT:
            await socket.send_str(message.data)
        elif message.type == WSMsgType.BINARY:
            await socket.send_bytes(message.data)
    return socket


async def main(port: int) -> None:
    app = web.Application()
    app.router.add_get("/{tail:.*}", echo)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    bound = site._server.sockets[0].getsockname()[1]
    print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
    await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
