#!/usr/bin/env python3
"""A deliberately fragile WebSocket server for the fuzzer's tests (stdlib only, its own handshake).

Two planted defects, each a real failure of the process or the connection:
  * CRASH: a frame with RSV2 set kills the whole process (os.abort, SIGABRT), as a native parser bug would.
  * HANG:  a text message {"type": "ping", "payload": {"nonce": ...}} (any nonce) makes the connection's thread sleep
           for an hour: no reply, no close, while other connections keep working. With --freeze the same message
           stops the whole process instead (SIGSTOP): no connection, old or new, gets an answer again.
Otherwise it speaks enough of the agent-dashboard protocol (scenarios/agent-dashboard) to answer: an ack, pong,
auth_result or subscriptions per request, an `error` message for anything it cannot read.

Usage: fragile_server.py PORT [--freeze]   (prints "listening on ws://127.0.0.1:PORT/" once ready)
"""
import base64, datetime, hashlib, json, os, signal, socket, struct, sys, threading, time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_MESSAGE = 1 << 20
FREEZE = "--freeze" in sys.argv[1:]
ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
ID_OK = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Closed(Exception):
    pass


def read_exact(conn, count):
    data = b""
    while len(data) < count:
        chunk = conn.recv(min(65536, count - len(data)))
        if not chunk:
            raise Closed()
        data += chunk
    return data


def send_frame(conn, opcode, payload):
    header = bytes([0x80 | opcode])
    if len(payload) < 126:
        header += bytes([len(payload)])
    elif len(payload) < 65536:
        header += bytes([126]) + struct.pack("!H", len(payload))
    else:
        header += bytes([127]) + struct.pack("!Q", len(payload))
    conn.sendall(header + payload)


def close(conn, code):
    try:
        send_frame(conn, 0x8, struct.pack("!H", code))
    except OSError:
        pass
    raise Closed()


def envelope(kind, reply_to, payload, counter=[0]):
    counter[0] += 1
    message = {"id": "srv-%d" % counter[0], "type": kind, "timestamp": now(), "payload": payload}
    if isinstance(reply_to, str) and 0 < len(reply_to) <= 64 and set(reply_to) <= ID_OK:
        message["reply_to"] = reply_to
    return json.dumps(message).encode()


def answer(conn, text):
    try:
        value = json.loads(text)
    except ValueError:
        return send_frame(conn, 0x1, envelope("error", None, {"code": "bad_request", "message": "not JSON"}))
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        return send_frame(conn, 0x1, envelope("error", None, {"code": "bad_request", "message": "no type"}))
    kind, request = value["type"], value.get("id")
    payload = value.get("payload") if isinstance(value.get("payload"), dict) else {}
    if kind == "ping" and "nonce" in payload and FREEZE:
        log("HANG: ping with a nonce; the whole process stops")
        os.kill(os.getpid(), signal.SIGSTOP)
    if kind == "ping" and "nonce" in payload:
        log("HANG: ping with a nonce; this connection sleeps for an hour")
        time.sleep(3600)
    replies = {
        "ping": ("pong", {}),
        "authenticate": ("auth_result", {"ok": False, "reason": "unknown token"}),
        "subscribe": ("ack", {}),
        "unsubscribe": ("ack", {}),
        "list_subscriptions": ("subscriptions", {"topics": []}),
        "command.execute": ("ack", {"execution_id": "exec-1"}),
    }
    reply = replies.get(kind, ("error", {"code": "bad_request", "message": "unknown type"}))
    send_frame(conn, 0x1, envelope(reply[0], request, reply[1]))


def serve(conn, address):
    try:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk or len(request) > 16384:
                return
            request += chunk
        key = ""
        for line in request.decode("latin-1").split("\r\n"):
            if line.lower().startswith("sec-websocket-key:"):
                key = line.split(":", 1)[1].strip()
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: %s\r\n\r\n" % accept).encode())
        send_frame(conn, 0x1, envelope("auth_result", None, {"ok": True, "user": {"id": "u-1", "name": "Fragile"}}))
        message, message_opcode = b"", None
        while True:
            first, second = read_exact(conn, 2)
            if first & 0x20:
                log("CRASH: frame with RSV2 set from %s:%d; aborting the process" % address)
                os.abort()
            opcode, fin, length = first & 0x0F, first & 0x80, second & 0x7F
            if length == 126:
                length = struct.unpack("!H", read_exact(conn, 2))[0]
            elif length == 127:
                length = struct.unpack("!Q", read_exact(conn, 8))[0]
            if not second & 0x80 or first & 0x50 or opcode in (3, 4, 5, 6, 7, 11, 12, 13, 14, 15):
                close(conn, 1002)
            if length > MAX_MESSAGE:
                close(conn, 1009)
            mask = read_exact(conn, 4)
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(read_exact(conn, length)))
            if opcode >= 8:
                if not fin or length > 125:
                    close(conn, 1002)
                if opcode == 0x9:
                    send_frame(conn, 0xA, data)
                elif opcode == 0x8:
                    code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else 1000
                    send_frame(conn, 0x8, struct.pack("!H", code if 1000 <= code < 5000 else 1002))
                    raise Closed()
                continue
            if opcode == 0:
                if message_opcode is None:
                    close(conn, 1002)
            elif message_opcode is not None:
                close(conn, 1002)
            else:
                message_opcode = opcode
            message += data
            if len(message) > MAX_MESSAGE:
                close(conn, 1009)
            if not fin:
                continue
            whole, kind, message, message_opcode = message, message_opcode, b"", None
            if kind == 0x2:
                send_frame(conn, 0x1, envelope("error", None, {"code": "bad_request", "message": "binary"}))
                continue
            try:
                text = whole.decode("utf-8")
            except UnicodeDecodeError:
                close(conn, 1007)
            answer(conn, text)
    except (Closed, OSError):
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(ARGS[0]) if ARGS else 0))
    listener.listen(128)
    print("listening on ws://127.0.0.1:%d/" % listener.getsockname()[1], flush=True)
    while True:
        conn, address = listener.accept()
        conn.settimeout(60)
        threading.Thread(target=serve, args=(conn, address), daemon=True).start()


if __name__ == "__main__":
    main()
