"""Agent dashboard WebSocket protocol, as the dashboard team keeps it: Pydantic v2 models.

Every message shares one envelope: {id, type, timestamp, payload, reply_to?}. `type` tags the message; replies
(ack, error, pong, auth_result, subscriptions) carry the request's `id` in `reply_to`.

`python generate.py` exports these models as JSON Schema (client-messages.schema.json and
server-messages.schema.json) and writes the same protocol as AsyncAPI 3.0, AsyncAPI 2.6 and a WebSocket API
definition, so all formats stay in step.
"""

from datetime import datetime
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

MessageId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
AgentId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^agent-[a-z0-9-]+$")]
Topic = Annotated[str, Field(pattern=r"^(agents|agent-[a-z0-9-]+\.(status|terminal))$", max_length=96)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Envelope(Strict):
    id: MessageId
    timestamp: datetime
    reply_to: Optional[MessageId] = None


# ---- client -> server ----------------------------------------------------------------------------------------


class ClientInfo(Strict):
    name: Annotated[str, Field(max_length=64)]
    version: Annotated[str, Field(max_length=32)]


class AuthenticatePayload(Strict):
    token: Annotated[str, Field(min_length=16, max_length=4096)]
    client: Optional[ClientInfo] = None


class Authenticate(Envelope):
    type: Literal["authenticate"]
    payload: AuthenticatePayload


class TopicsPayload(Strict):
    topics: Annotated[list[Topic], Field(min_length=1, max_length=50)]


class Subscribe(Envelope):
    type: Literal["subscribe"]
    payload: TopicsPayload


class Unsubscribe(Envelope):
    type: Literal["unsubscribe"]
    payload: TopicsPayload


class EmptyPayload(Strict):
    pass


class ListSubscriptions(Envelope):
    type: Literal["list_subscriptions"]
    payload: EmptyPayload


class PingPayload(Strict):
    nonce: Optional[Annotated[str, Field(max_length=64)]] = None


class Ping(Envelope):
    type: Literal["ping"]
    payload: PingPayload


class CommandPayload(Strict):
    agent_id: AgentId
    command: Annotated[str, Field(min_length=1, max_length=4096)]
    args: Annotated[list[Annotated[str, Field(max_length=4096)]], Field(max_length=256)] = []
    cwd: Optional[Annotated[str, Field(max_length=1024)]] = None
    timeout_ms: Annotated[int, Field(ge=100, le=600_000)] = 30_000


class CommandExecute(Envelope):
    type: Literal["command.execute"]
    payload: CommandPayload


ClientMessage = Annotated[
    Union[Authenticate, Subscribe, Unsubscribe, ListSubscriptions, Ping, CommandExecute],
    Field(discriminator="type"),
]

# ---- server -> client ----------------------------------------------------------------------------------------


class AckPayload(Strict):
    execution_id: Optional[Annotated[str, Field(max_length=64)]] = None


class Ack(Envelope):
    type: Literal["ack"]
    payload: AckPayload


class ErrorPayload(Strict):
    code: Literal[
        "bad_request", "unauthorized", "forbidden", "not_found", "rate_limited", "internal", "shutting_down"
    ]
    message: Annotated[str, Field(max_length=1024)]
    details: Optional[dict[str, Any]] = None


class Error(Envelope):
    type: Literal["error"]
    payload: ErrorPayload


class Pong(Envelope):
    type: Literal["pong"]
    payload: PingPayload


class User(Strict):
    id: Annotated[str, Field(max_length=64)]
    name: Annotated[str, Field(max_length=128)]


class AuthResultPayload(Strict):
    ok: bool
    user: Optional[User] = None
    expires_at: Optional[datetime] = None
    reason: Optional[Annotated[str, Field(max_length=256)]] = None


class AuthResult(Envelope):
    type: Literal["auth_result"]
    payload: AuthResultPayload


class SubscriptionsPayload(Strict):
    topics: Annotated[list[Topic], Field(max_length=50)]


class Subscriptions(Envelope):
    type: Literal["subscriptions"]
    payload: SubscriptionsPayload


class AgentStatusPayload(Strict):
    agent_id: AgentId
    status: Literal["idle", "running", "waiting_for_input", "error", "offline"]
    task: Optional[Annotated[str, Field(max_length=512)]] = None
    updated_at: datetime


class AgentStatusEvent(Envelope):
    type: Literal["event.agent_status"]
    payload: AgentStatusPayload


class TerminalOutputPayload(Strict):
    agent_id: AgentId
    execution_id: Optional[Annotated[str, Field(max_length=64)]] = None
    stream: Literal["stdout", "stderr"]
    seq: Annotated[int, Field(ge=0)]
    data: Annotated[str, Field(max_length=65536)]


class TerminalOutputEvent(Envelope):
    type: Literal["event.terminal_output"]
    payload: TerminalOutputPayload


ServerMessage = Annotated[
    Union[Ack, Error, Pong, AuthResult, Subscriptions, AgentStatusEvent, TerminalOutputEvent],
    Field(discriminator="type"),
]
