"""An echo server on Python's `websockets` library: a third-party target for Gauntlet's tests and CI.

Usage: python server.py [PORT]   (PORT 0 or absent picks a free port; the first stdout line names it)
Loopback only. Limits are raised so Autobahn section 9 (16 MiB messages) can pass. permessage-deflate stays on, as
websockets ships it (sections 12, 13 and D need it; the other sections offer no extension, so it is never used there).
"""

import asyncio
import os
import sys

# websockets caps a message at 4096 fragments unless told otherwise; Autobahn 9.x sends up to 65536. The library
# reads the variable when it is imported, so it must be set before the import below.
os.environ.setdefault("WEBSOCKETS_MAX_FRAGMENTS", "1000000")

from websockets.asyncio.server import serve  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402


async def echo(connection):
    try:
        async for message in connection:
            await connection.send(message)
    except ConnectionClosed:
        pass  # Gauntlet breaks protocol on purpose; a failed connection is the expected outcome, not an error.


async def main(port: int) -> None:
    # Keep-alive pings are off: on a loaded CI machine a 1 MiB message written in 64-octet chops (9.5.1) can take
    # longer than websockets' 20 s ping timeout to parse, and the pong waits behind it in the same stream.
    async with serve(echo, "127.0.0.1", port, max_size=2**25, ping_interval=None) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
