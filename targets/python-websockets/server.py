"""The agent-dashboard sample protocol on Python's `websockets` library, plus an RFC 6455 echo on every other path.

Usage: python server.py --port N   (0 or absent picks a free port; the first stdout line names it)

Loopback only. `/ws/dashboard` speaks the protocol in scenarios/agent-dashboard/; other `/ws/` paths are 404; every
path outside `/ws/` echoes, with limits raised so Autobahn section 9 (16 MiB messages) can pass. The token comes
from DASHBOARD_TOKEN (default: the sample's demo token) and is never printed.
"""

import argparse
import asyncio
import json
import os
import re
from collections import deque
from datetime import datetime, timezone
from http import HTTPStatus
from itertools import count
from urllib.parse import parse_qs, urlsplit

# websockets caps a message at 4096 fragments unless told otherwise; Autobahn 9.x sends up to 65536. The library
# reads the variable when it is imported, so it must be set before the import below.
os.environ.setdefault("WEBSOCKETS_MAX_FRAGMENTS", "1000000")

from websockets.asyncio.server import broadcast, serve  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

DASHBOARD = "/ws/dashboard"
TOKEN = os.environ.get("DASHBOARD_TOKEN", "gauntlet-demo-token-0001")
DASHBOARD_MAX_MESSAGE = 2**20  # the protocol's limit; a bigger message fails the connection with 1009
ECHO_MAX_MESSAGE = 2**25
TOPIC = re.compile(r"^(agents|agent-[a-z0-9-]+\.(status|terminal))$")
AGENT = re.compile(r"^agent-[a-z0-9-]{1,58}$")
INTEGER = re.compile(r"^[+-]?[0-9]+$")


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
ENVELOPE = {"id", "timestamp", "reply_to", "type", "payload"}
# Each request type and the payload fields its schema defines (scenarios/agent-dashboard/client-messages.schema.json).
PAYLOADS = {
    "authenticate": {"token", "client"},
    "ping": {"nonce"},
    "subscribe": {"topics"},
    "unsubscribe": {"topics"},
    "list_subscriptions": set(),
    "command.execute": {"agent_id", "command", "args", "cwd", "timeout_ms"},
}


def is_text(value, shortest: int, longest: int) -> bool:
    return isinstance(value, str) and shortest <= len(value) <= longest


def request_problem(request: dict, kind: str):
    """Why a request breaks its schema, or None: the server answers bad_request rather than serve what it can."""
    if set(request) - ENVELOPE:
        return "unknown field"
    if not isinstance(request.get("timestamp"), str):
        return "timestamp must be a date-time string"
    reply_to = request.get("reply_to")
    if reply_to is not None and not (isinstance(reply_to, str) and ID.fullmatch(reply_to)):
        return "reply_to must be null or an id"
    payload = request.get("payload")
    if not isinstance(payload, dict):
        return "payload must be an object"
    if set(payload) - PAYLOADS[kind]:
        return f"payload has a field {kind} does not define"
    if kind == "authenticate":
        client = payload.get("client")
        if not is_text(payload.get("token"), 16, 4096):
            return "payload.token must be a string of 16 to 4096 characters"
        if client is not None and not (isinstance(client, dict) and set(client) == {"name", "version"}
                                       and is_text(client["name"], 0, 64) and is_text(client["version"], 0, 32)):
            return "payload.client needs name (at most 64) and version (at most 32)"
    elif kind in ("subscribe", "unsubscribe"):
        topics = payload.get("topics")
        if not (isinstance(topics, list) and 1 <= len(topics) <= 50
                and all(is_text(t, 0, 96) and TOPIC.fullmatch(t) for t in topics)):
            return 'payload.topics must list 1 to 50 topics such as "agents"'
    elif kind == "ping":
        if payload.get("nonce") is not None and not is_text(payload["nonce"], 0, 64):
            return "payload.nonce must be a string of at most 64 characters"
    elif kind == "command.execute":
        args, timeout = payload.get("args", []), payload.get("timeout_ms", 30000)
        if not is_text(payload.get("command"), 1, 4096):
            return "payload.command must be a string of 1 to 4096 characters"
        if payload.get("cwd") is not None and not is_text(payload["cwd"], 0, 1024):
            return "payload.cwd must be a string of at most 1024 characters"
        if not (isinstance(payload.get("agent_id"), str) and AGENT.fullmatch(payload["agent_id"])):
            return "payload.agent_id must look like agent-..."
        if not (isinstance(args, list) and len(args) <= 256 and all(is_text(a, 0, 4096) for a in args)):
            return "payload.args must list at most 256 strings"
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout != int(timeout) \
                or not 100 <= timeout <= 600000:
            return "payload.timeout_ms must be a whole number from 100 to 600000"
    return None


class Hub:
    """Every open dashboard and its topics, plus the last 256 events for clients that resume with `resume_from`."""

    def __init__(self) -> None:
        self.topics = {}  # connection -> list of topics, in subscription order
        self.log = deque(maxlen=256)  # (sequence, topics, text)
        self.sequence = count(1)

    def publish(self, event: dict, topics: set) -> None:
        # The event's id is its sequence number: the value a client passes back as resume_from.
        sequence = next(self.sequence)
        text = json.dumps({**event, "id": str(sequence)})
        self.log.append((sequence, topics, text))
        broadcast([c for c, subscribed in self.topics.items() if topics.intersection(subscribed)], text)

    def replay(self, after: int, topics: list) -> list:
        return [text for sequence, logged, text in self.log if sequence > after and logged.intersection(topics)]


class Session:
    """One dashboard connection: turns each request into replies, broadcasts and replays."""

    def __init__(self, connection, hub: Hub, query: dict) -> None:
        self.connection = connection
        self.hub = hub
        self.authenticated = query.get("token") == TOKEN
        self.resume_from = int(query["resume_from"]) if "resume_from" in query else None
        self.message_ids = count(1)
        self.executions = count(1)

    def envelope(self, kind: str, payload: dict, reply_to=None) -> dict:
        message = {"id": f"srv-{next(self.message_ids)}", "type": kind, "timestamp": now()}
        if reply_to is not None:
            message["reply_to"] = reply_to
        message["payload"] = payload
        return message

    async def send(self, kind: str, payload: dict, reply_to=None) -> None:
        await self.connection.send(json.dumps(self.envelope(kind, payload, reply_to)))

    async def error(self, code: str, text: str, reply_to=None) -> None:
        # An error never closes the connection: the client may go on (the protocol's invalid_message rule).
        await self.send("error", {"code": code, "message": text}, reply_to)

    def auth_payload(self) -> dict:
        if self.authenticated:
            return {"ok": True, "user": {"id": "u-1", "name": "Gauntlet"}}
        return {"ok": False, "reason": "invalid or missing token"}

    async def run(self) -> None:
        self.hub.topics[self.connection] = []
        try:
            await self.send("auth_result", self.auth_payload())
            async for message in self.connection:
                await self.handle(message)
        except ConnectionClosed:
            pass  # a closed or failed connection (1009 included) ends the session; nothing to report
        finally:
            del self.hub.topics[self.connection]

    async def handle(self, message) -> None:
        try:
            request = json.loads(message) if isinstance(message, str) else None
        except (ValueError, RecursionError):  # deep nesting (found by gauntlet fuzz) is invalid JSON too
            request = None
        if not isinstance(request, dict):
            return await self.error("bad_request", "the message is not a JSON object")
        # An id that breaks the schema's pattern must not travel back in reply_to, where it would break it too.
        ident = request.get("id") if isinstance(request.get("id"), str) and ID.fullmatch(request["id"]) else None
        kind = request.get("type")
        if not isinstance(kind, str):
            return await self.error("bad_request", 'the message has no string field "type"', ident)
        if ident is None:
            return await self.error("bad_request", 'the message has no valid string field "id"')
        if kind not in PAYLOADS:
            shown = kind if len(kind) <= 64 else kind[:64] + "..."  # an error message has at most 1024 characters
            return await self.error("bad_request", f"unknown message type {shown}", ident)
        problem = request_problem(request, kind)
        if problem is not None:
            return await self.error("bad_request", problem, ident)
        payload = request["payload"]
        if kind == "ping":
            return await self.send("pong", payload, ident)
        if kind == "authenticate":
            self.authenticated = payload.get("token") == TOKEN
            return await self.send("auth_result", self.auth_payload(), ident)
        if not self.authenticated:
            return await self.error("unauthorized", f"authenticate before {kind}", ident)
        if kind == "list_subscriptions":
            return await self.send("subscriptions", {"topics": self.hub.topics[self.connection]}, ident)
        if kind == "command.execute":
            return await self.execute(payload, ident)
        await self.change_topics(kind == "subscribe", payload, ident)

    async def change_topics(self, subscribe: bool, payload: dict, ident: str) -> None:
        listed = payload.get("topics")
        topics = [t for t in listed if isinstance(t, str)] if isinstance(listed, list) else []
        if not topics or not all(TOPIC.fullmatch(t) for t in topics):
            return await self.error("bad_request", 'payload.topics must list topics such as "agents"', ident)
        current = self.hub.topics[self.connection]
        if subscribe:
            current.extend(t for t in dict.fromkeys(topics) if t not in current)
        else:
            missing = next((t for t in topics if t not in current), None)
            if missing is not None:
                return await self.error("not_found", f"not subscribed to {missing}", ident)
            current[:] = [t for t in current if t not in topics]
        await self.send("ack", {}, ident)
        if subscribe and self.resume_from is not None:
            # Only the first subscribe after a resuming handshake replays what the client missed.
            after, self.resume_from = self.resume_from, None
            for text in self.hub.replay(after, topics):
                await self.connection.send(text)

    async def execute(self, payload: dict, ident: str) -> None:
        agent, command = payload.get("agent_id"), payload.get("command")
        if not (isinstance(agent, str) and AGENT.fullmatch(agent) and isinstance(command, str) and command):
            return await self.error("bad_request", "command.execute needs agent_id (agent-...) and command", ident)
        execution = f"exec-{next(self.executions)}"
        await self.send("ack", {"execution_id": execution}, ident)
        self.status(agent, "running", command)
        for seq, line in enumerate([f"$ {command}", "working", "done"]):
            output = {"agent_id": agent, "execution_id": execution, "stream": "stdout", "seq": seq, "data": line + "\n"}
            await self.send("event.terminal_output", output)
        self.status(agent, "idle", None)

    def status(self, agent: str, status: str, task) -> None:
        payload = {"agent_id": agent, "status": status, "task": task, "updated_at": now()}
        self.hub.publish(self.envelope("event.agent_status", payload), {"agents", f"{agent}.status"})


def first_values(query: str) -> dict:
    return {name: values[0] for name, values in parse_qs(query, keep_blank_values=True).items()}


def route(connection, request):
    """The handshake rules: 404 for unknown /ws/ paths, 401 without a token, 400 for a non-integer resume_from."""
    url = urlsplit(request.path)
    if url.path == DASHBOARD:
        query = first_values(url.query)
        if not query.get("token"):
            return connection.respond(HTTPStatus.UNAUTHORIZED, f"{DASHBOARD} needs a token query parameter\n")
        if "resume_from" in query and not INTEGER.fullmatch(query["resume_from"]):
            return connection.respond(HTTPStatus.BAD_REQUEST, "resume_from must be an integer\n")
        # The server-wide max_size serves the echo; the protocol allows 1 MiB, and the library fails a bigger
        # message with 1009 itself when the limit is lowered on this connection before it reads any frame.
        connection.protocol.max_message_size = DASHBOARD_MAX_MESSAGE
    elif url.path.startswith("/ws/"):
        return connection.respond(HTTPStatus.NOT_FOUND, f"no endpoint at {url.path}; try {DASHBOARD}\n")
    return None


async def main(port: int) -> None:
    hub = Hub()

    async def handler(connection):
        url = urlsplit(connection.request.path)
        if url.path == DASHBOARD:
            return await Session(connection, hub, first_values(url.query)).run()
        try:
            async for message in connection:
                await connection.send(message)
        except ConnectionClosed:
            pass  # Gauntlet breaks protocol on purpose; a failed connection is the expected outcome, not an error.

    # Keep-alive pings are off: on a loaded CI machine a 1 MiB message written in 64-octet chops (9.5.1) can take
    # longer than websockets' 20 s ping timeout to parse, and the pong waits behind it in the same stream.
    async with serve(handler, "127.0.0.1", port, process_request=route, max_size=ECHO_MAX_MESSAGE,
                     ping_interval=None) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free port)")
    parser.add_argument("legacy_port", type=int, nargs="?", help=argparse.SUPPRESS)  # older callers pass it bare
    arguments = parser.parse_args()
    asyncio.run(main(arguments.legacy_port if arguments.legacy_port is not None else arguments.port))
