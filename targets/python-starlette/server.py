"""The agent-dashboard sample protocol on Starlette, served by uvicorn, plus an RFC 6455 echo on every other path.

Usage: python server.py --port N   (0 or absent picks a free port; the first stdout line names it)

Loopback only. `/ws/dashboard` speaks the protocol in scenarios/agent-dashboard/; other `/ws/` paths are 404; every
other path echoes. uvicorn runs its `websockets-sansio` protocol (README.md says why) with one message limit for
the whole server, 32 MiB so Autobahn section 9 (16 MiB messages) can pass, so the dashboard checks its own 1 MiB
limit and closes with 1009. permessage-deflate is on, as uvicorn ships it (sections 12, 13 and D). The token comes from
DASHBOARD_TOKEN (default: the sample's demo token) and is never printed.
"""

import argparse
import json
import os
import re
import socket
from collections import deque
from datetime import datetime, timezone
from itertools import count

# websockets caps a message at 4096 fragments unless told otherwise; Autobahn 9.x sends up to 65536. The library
# reads the variable when it is imported (uvicorn imports it), so it must be set before the imports below.
os.environ.setdefault("WEBSOCKETS_MAX_FRAGMENTS", "1000000")

import uvicorn  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
from starlette.routing import WebSocketRoute  # noqa: E402
from starlette.websockets import WebSocket, WebSocketDisconnect  # noqa: E402

TOKEN = os.environ.get("DASHBOARD_TOKEN", "gauntlet-demo-token-0001")
DASHBOARD_MAX_MESSAGE = 2**20
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
        self.topics: dict[WebSocket, list[str]] = {}
        self.log: deque = deque(maxlen=256)  # (sequence, topics, text)
        self.sequence = count(1)

    async def publish(self, event: dict, topics: set) -> None:
        # The event's id is its sequence number: the value a client passes back as resume_from.
        sequence = next(self.sequence)
        text = json.dumps({**event, "id": str(sequence)})
        self.log.append((sequence, topics, text))
        for websocket, subscribed in list(self.topics.items()):
            if topics.intersection(subscribed):
                try:
                    await websocket.send_text(text)
                except (WebSocketDisconnect, RuntimeError, OSError):
                    pass  # that dashboard is going away; the others still get the event

    def replay(self, after: int, topics: list) -> list:
        return [text for sequence, logged, text in self.log if sequence > after and logged.intersection(topics)]


hub = Hub()


class Session:
    """One dashboard connection: turns each request into replies, broadcasts and replays."""

    def __init__(self, websocket: WebSocket, token, resume_from) -> None:
        self.websocket = websocket
        self.authenticated = token == TOKEN
        self.resume_from = resume_from
        self.message_ids = count(1)
        self.executions = count(1)

    def envelope(self, kind: str, payload: dict, reply_to=None) -> dict:
        message = {"id": f"srv-{next(self.message_ids)}", "type": kind, "timestamp": now()}
        if reply_to is not None:
            message["reply_to"] = reply_to
        message["payload"] = payload
        return message

    async def send(self, kind: str, payload: dict, reply_to=None) -> None:
        await self.websocket.send_text(json.dumps(self.envelope(kind, payload, reply_to)))

    async def error(self, code: str, text: str, reply_to=None) -> None:
        # An error never closes the connection: the client may go on (the protocol's invalid_message rule).
        await self.send("error", {"code": code, "message": text}, reply_to)

    def auth_payload(self) -> dict:
        if self.authenticated:
            return {"ok": True, "user": {"id": "u-1", "name": "Gauntlet"}}
        return {"ok": False, "reason": "invalid or missing token"}

    async def handle(self, text) -> None:
        try:
            request = json.loads(text) if text is not None else None
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
            return await self.send("subscriptions", {"topics": hub.topics[self.websocket]}, ident)
        if kind == "command.execute":
            return await self.execute(payload, ident)
        await self.change_topics(kind == "subscribe", payload, ident)

    async def change_topics(self, subscribe: bool, payload: dict, ident: str) -> None:
        listed = payload.get("topics")
        topics = [t for t in listed if isinstance(t, str)] if isinstance(listed, list) else []
        if not topics or not all(TOPIC.fullmatch(t) for t in topics):
            return await self.error("bad_request", 'payload.topics must list topics such as "agents"', ident)
        current = hub.topics[self.websocket]
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
            for text in hub.replay(after, topics):
                await self.websocket.send_text(text)

    async def execute(self, payload: dict, ident: str) -> None:
        agent, command = payload.get("agent_id"), payload.get("command")
        if not (isinstance(agent, str) and AGENT.fullmatch(agent) and isinstance(command, str) and command):
            return await self.error("bad_request", "command.execute needs agent_id (agent-...) and command", ident)
        execution = f"exec-{next(self.executions)}"
        await self.send("ack", {"execution_id": execution}, ident)
        await self.status(agent, "running", command)
        for seq, line in enumerate([f"$ {command}", "working", "done"]):
            output = {"agent_id": agent, "execution_id": execution, "stream": "stdout", "seq": seq, "data": line + "\n"}
            await self.send("event.terminal_output", output)
        await self.status(agent, "idle", None)

    async def status(self, agent: str, status: str, task) -> None:
        payload = {"agent_id": agent, "status": status, "task": task, "updated_at": now()}
        await hub.publish(self.envelope("event.agent_status", payload), {"agents", f"{agent}.status"})


async def dashboard(websocket: WebSocket) -> None:
    """The handshake rules first (401 without a token, 400 for a non-integer resume_from), then the session."""
    token, resume_from = websocket.query_params.get("token"), websocket.query_params.get("resume_from")
    if not token:
        text = "/ws/dashboard needs a token query parameter\n"
        return await websocket.send_denial_response(PlainTextResponse(text, status_code=401))
    if resume_from is not None and not INTEGER.fullmatch(resume_from):
        text = "resume_from must be an integer\n"
        return await websocket.send_denial_response(PlainTextResponse(text, status_code=400))
    await websocket.accept()
    session = Session(websocket, token, None if resume_from is None else int(resume_from))
    hub.topics[websocket] = []
    try:
        await session.send("auth_result", session.auth_payload())
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            data = message.get("text") if message.get("text") is not None else message.get("bytes") or b""
            size = len(data.encode()) if isinstance(data, str) else len(data)
            if size > DASHBOARD_MAX_MESSAGE:
                # uvicorn's limit is one per server (the echo's); the protocol's 1 MiB is enforced here.
                await websocket.close(code=1009, reason="message too big")
                break
            await session.handle(data if isinstance(data, str) else None)
    except WebSocketDisconnect:
        pass  # the client went away mid-reply; nothing to report
    finally:
        del hub.topics[websocket]


async def unknown(websocket: WebSocket) -> None:
    text = f"no endpoint at {websocket.url.path}; try /ws/dashboard\n"
    await websocket.send_denial_response(PlainTextResponse(text, status_code=404))


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                await websocket.send_text(message["text"])
            else:
                await websocket.send_bytes(message.get("bytes") or b"")
    except WebSocketDisconnect:
        pass  # Gauntlet breaks protocol on purpose; a failed connection is the expected outcome, not an error.


app = Starlette(
    routes=[
        WebSocketRoute("/ws/dashboard", dashboard),
        WebSocketRoute("/ws/{rest:path}", unknown),
        WebSocketRoute("/{rest:path}", echo),
    ]
)


def main(port: int, implementation: str) -> None:
    # Bind and listen first, so port 0 can be reported before uvicorn takes the socket over.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)  # connections wait in the backlog until uvicorn starts accepting
    print(f"listening on ws://127.0.0.1:{listener.getsockname()[1]}/", flush=True)
    # Keep-alive pings are off, as for the other targets: under load a pong can queue behind a 16 MiB message.
    # uvicorn logs every invalid frame or request it refuses as an error with a traceback; here that is the point of
    # the exercise, so only critical messages are shown.
    config = uvicorn.Config(
        app, ws=implementation, ws_max_size=2**25, ws_per_message_deflate=True, ws_ping_interval=None,
        lifespan="off", log_level="critical",
    )
    uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free port)")
    parser.add_argument("legacy_port", type=int, nargs="?", help=argparse.SUPPRESS)  # older callers pass it bare
    parser.add_argument("--ws", default="websockets-sansio", choices=["websockets", "websockets-sansio", "wsproto"],
                        help="uvicorn's WebSocket implementation (README.md says why the default)")
    arguments = parser.parse_args()
    main(arguments.legacy_port if arguments.legacy_port is not None else arguments.port, arguments.ws)
