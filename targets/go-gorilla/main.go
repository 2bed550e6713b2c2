// Command dashboard serves the agent-dashboard sample protocol on gorilla/websocket (Debian's
// golang-github-gorilla-websocket-dev), plus an RFC 6455 echo on every other path.
//
// Usage: dashboard --port N   (0 picks a free port; the first stdout line names it)
//
// Loopback only. /ws/dashboard speaks the protocol in scenarios/agent-dashboard/ (gorilla's read limit of 1 MiB
// fails a bigger message with 1009); other /ws/ paths are 404; every other path echoes with a 32 MiB limit so
// Autobahn section 9 (16 MiB messages) can pass. The echo negotiates permessage-deflate (gorilla: no context takeover only). The token comes
// from DASHBOARD_TOKEN (default: the sample's demo token) and is never printed.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

var (
	token          = envOr("DASHBOARD_TOKEN", "gauntlet-demo-token-0001")
	topicRE        = regexp.MustCompile(`^(agents|agent-[a-z0-9-]+\.(status|terminal))$`)
	agentRE        = regexp.MustCompile(`^agent-[a-z0-9-]{1,58}$`)
	idRE           = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	envelopeFields = map[string]bool{"id": true, "timestamp": true, "reply_to": true, "type": true, "payload": true}
	// Each request type and the payload fields its schema defines
	// (scenarios/agent-dashboard/client-messages.schema.json).
	payloads = map[string][]string{
		"authenticate":       {"token", "client"},
		"ping":               {"nonce"},
		"subscribe":          {"topics"},
		"unsubscribe":        {"topics"},
		"list_subscriptions": {},
		"command.execute":    {"agent_id", "command", "args", "cwd", "timeout_ms"},
	}
	// Gauntlet sends Origin headers from nowhere in particular; a loopback test target accepts them all.
	upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	// The echo also negotiates permessage-deflate, for Autobahn's sections 12 and 13 and Gauntlet's section D.
	echoUpgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }, EnableCompression: true}
)

const writeWait = 10 * time.Second

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

// envelope is every server message: the protocol's id, type, timestamp, reply_to when answering, and payload.
type envelope struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Timestamp string `json:"timestamp"`
	ReplyTo   string `json:"reply_to,omitempty"`
	Payload   any    `json:"payload"`
}

type object = map[string]any

// client is one dashboard connection. gorilla allows one writer at a time, and broadcasts come from other
// connections' goroutines, so every write takes the lock.
type client struct {
	conn   *websocket.Conn
	mu     sync.Mutex
	topics []string // in subscription order; guarded by hub.mu
}

func (c *client) write(data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	c.conn.WriteMessage(websocket.TextMessage, data)
}

type logged struct {
	sequence int
	topics   []string
	data     []byte
}

// hub holds every open dashboard and the last 256 events, for clients that resume with resume_from.
type hub struct {
	mu       sync.Mutex
	clients  map[*client]bool
	log      []logged
	sequence int
}

// publish numbers the event (its id becomes the sequence number clients pass back as resume_from) and sends it
// to every dashboard subscribed to any of topics.
func (h *hub) publish(event envelope, topics []string) {
	h.mu.Lock()
	h.sequence++
	event.ID = strconv.Itoa(h.sequence)
	data, _ := json.Marshal(event)
	h.log = append(h.log, logged{h.sequence, topics, data})
	if len(h.log) > 256 {
		h.log = h.log[1:]
	}
	var recipients []*client
	for c := range h.clients {
		if overlaps(c.topics, topics) {
			recipients = append(recipients, c)
		}
	}
	h.mu.Unlock()
	for _, c := range recipients {
		c.write(data)
	}
}

func (h *hub) replay(after int, topics []string) [][]byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	var events [][]byte
	for _, event := range h.log {
		if event.sequence > after && overlaps(event.topics, topics) {
			events = append(events, event.data)
		}
	}
	return events
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func contains(list []string, item string) bool { return overlaps(list, []string{item}) }

// session is the protocol state of one connection.
type session struct {
	hub           *hub
	client        *client
	authenticated bool
	resumeFrom    *int
	nextID        int
	nextExecution int
}

func (s *session) envelope(kind, replyTo string, payload any) envelope {
	s.nextID++
	return envelope{ID: fmt.Sprintf("srv-%d", s.nextID), Type: kind, Timestamp: now(), ReplyTo: replyTo, Payload: payload}
}

func (s *session) send(kind, replyTo string, payload any) {
	data, _ := json.Marshal(s.envelope(kind, replyTo, payload))
	s.client.write(data)
}

// fail answers with an error message; the connection stays open (the protocol's invalid_message rule).
func (s *session) fail(code, text, replyTo string) {
	s.send("error", replyTo, object{"code": code, "message": text})
}

func (s *session) authPayload() object {
	if s.authenticated {
		return object{"ok": true, "user": object{"id": "u-1", "name": "Gauntlet"}}
	}
	return object{"ok": false, "reason": "invalid or missing token"}
}

// text reads raw as a JSON string; ok is false for anything else, missing included.
func text(raw json.RawMessage) (string, bool) {
	var value string
	if raw == nil || json.Unmarshal(raw, &value) != nil {
		return "", false
	}
	return value, true
}

// isText says whether raw is a JSON string of shortest to longest characters.
func isText(raw json.RawMessage, shortest, longest int) bool {
	value, ok := text(raw)
	count := utf8.RuneCountInString(value)
	return ok && count >= shortest && count <= longest
}

// absent says whether a field is missing or null, which the schema treats alike for optional fields.
func absent(raw json.RawMessage) bool { return raw == nil || string(raw) == "null" }

// requestProblem says why a request breaks its schema, or "" when it does not: the server answers bad_request
// rather than serve what it happens to understand.
func requestProblem(request map[string]json.RawMessage, typ string) string {
	for key := range request {
		if !envelopeFields[key] {
			return "unknown field"
		}
	}
	if _, ok := text(request["timestamp"]); !ok {
		return "timestamp must be a date-time string"
	}
	if replyTo, ok := text(request["reply_to"]); !absent(request["reply_to"]) && !(ok && idRE.MatchString(replyTo)) {
		return "reply_to must be null or an id"
	}
	var payload map[string]json.RawMessage
	if json.Unmarshal(request["payload"], &payload) != nil || payload == nil {
		return "payload must be an object"
	}
	for key := range payload {
		if !contains(payloads[typ], key) {
			return "payload has a field " + typ + " does not define"
		}
	}
	switch typ {
	case "authenticate":
		if !isText(payload["token"], 16, 4096) {
			return "payload.token must be a string of 16 to 4096 characters"
		}
		var client map[string]json.RawMessage
		if !absent(payload["client"]) && (json.Unmarshal(payload["client"], &client) != nil || len(client) != 2 ||
			!isText(client["name"], 0, 64) || !isText(client["version"], 0, 32)) {
			return "payload.client needs name (at most 64) and version (at most 32)"
		}
	case "subscribe", "unsubscribe":
		var topics []json.RawMessage
		valid := json.Unmarshal(payload["topics"], &topics) == nil && len(topics) >= 1 && len(topics) <= 50
		for _, raw := range topics {
			topic, _ := text(raw)
			valid = valid && isText(raw, 0, 96) && topicRE.MatchString(topic)
		}
		if !valid {
			return `payload.topics must list 1 to 50 topics such as "agents"`
		}
	case "ping":
		if !absent(payload["nonce"]) && !isText(payload["nonce"], 0, 64) {
			return "payload.nonce must be a string of at most 64 characters"
		}
	case "command.execute":
		agent, _ := text(payload["agent_id"])
		if !isText(payload["command"], 1, 4096) {
			return "payload.command must be a string of 1 to 4096 characters"
		}
		if !absent(payload["cwd"]) && !isText(payload["cwd"], 0, 1024) {
			return "payload.cwd must be a string of at most 1024 characters"
		}
		if !agentRE.MatchString(agent) {
			return "payload.agent_id must look like agent-..."
		}
		if raw, ok := payload["args"]; ok {
			var args []json.RawMessage
			valid := json.Unmarshal(raw, &args) == nil && args != nil && len(args) <= 256
			for _, arg := range args {
				valid = valid && isText(arg, 0, 4096)
			}
			if !valid {
				return "payload.args must list at most 256 strings"
			}
		}
		if raw, ok := payload["timeout_ms"]; ok {
			var timeout float64
			if json.Unmarshal(raw, &timeout) != nil || timeout != math.Trunc(timeout) || timeout < 100 || timeout > 600000 {
				return "payload.timeout_ms must be a whole number from 100 to 600000"
			}
		}
	}
	return ""
}

func (s *session) handle(kind int, data []byte) {
	var request map[string]json.RawMessage
	if kind != websocket.TextMessage || json.Unmarshal(data, &request) != nil || request == nil {
		s.fail("bad_request", "the message is not a JSON object", "")
		return
	}
	// An id that breaks the schema's pattern must not travel back in reply_to, where it would break it too.
	id, _ := text(request["id"])
	if !idRE.MatchString(id) {
		id = ""
	}
	typ, ok := text(request["type"])
	if !ok {
		s.fail("bad_request", `the message has no string field "type"`, id)
		return
	}
	if id == "" {
		s.fail("bad_request", `the message has no valid string field "id"`, "")
		return
	}
	if _, known := payloads[typ]; !known {
		shown := typ
		if utf8.RuneCountInString(typ) > 64 { // an error message has at most 1024 characters
			shown = string([]rune(typ)[:64]) + "..."
		}
		s.fail("bad_request", "unknown message type "+shown, id)
		return
	}
	if problem := requestProblem(request, typ); problem != "" {
		s.fail("bad_request", problem, id)
		return
	}
	var payload map[string]json.RawMessage
	json.Unmarshal(request["payload"], &payload)
	switch {
	case typ == "ping":
		s.send("pong", id, payload)
	case typ == "authenticate":
		given, _ := text(payload["token"])
		s.authenticated = given == token
		s.send("auth_result", id, s.authPayload())
	case !s.authenticated:
		s.fail("unauthorized", "authenticate before "+typ, id)
	case typ == "list_subscriptions":
		s.hub.mu.Lock()
		topics := append([]string{}, s.client.topics...)
		s.hub.mu.Unlock()
		s.send("subscriptions", id, object{"topics": topics})
	case typ == "command.execute":
		s.execute(payload, id)
	default:
		s.changeTopics(typ == "subscribe", payload, id)
	}
}

func (s *session) changeTopics(subscribe bool, payload map[string]json.RawMessage, id string) {
	var items []json.RawMessage
	json.Unmarshal(payload["topics"], &items)
	var topics []string
	for _, item := range items {
		if topic, ok := text(item); ok {
			topics = append(topics, topic)
		}
	}
	valid := len(topics) > 0
	for _, topic := range topics {
		valid = valid && topicRE.MatchString(topic)
	}
	if !valid {
		s.fail("bad_request", `payload.topics must list topics such as "agents"`, id)
		return
	}
	s.hub.mu.Lock()
	current := s.client.topics
	missing := ""
	if subscribe {
		for _, topic := range topics {
			if !contains(current, topic) {
				current = append(current, topic)
			}
		}
	} else {
		kept := []string{}
		for _, topic := range topics {
			if !contains(current, topic) && missing == "" {
				missing = topic
			}
		}
		for _, topic := range current {
			if !contains(topics, topic) {
				kept = append(kept, topic)
			}
		}
		if missing == "" {
			current = kept
		}
	}
	s.client.topics = current
	s.hub.mu.Unlock()
	if missing != "" {
		s.fail("not_found", "not subscribed to "+missing, id)
		return
	}
	s.send("ack", id, object{})
	if subscribe && s.resumeFrom != nil {
		// Only the first subscribe after a resuming handshake replays what the client missed.
		after := *s.resumeFrom
		s.resumeFrom = nil
		for _, event := range s.hub.replay(after, topics) {
			s.client.write(event)
		}
	}
}

func (s *session) execute(payload map[string]json.RawMessage, id string) {
	agent, _ := text(payload["agent_id"])
	command, _ := text(payload["command"])
	if !agentRE.MatchString(agent) || command == "" {
		s.fail("bad_request", "command.execute needs agent_id (agent-...) and command", id)
		return
	}
	s.nextExecution++
	execution := fmt.Sprintf("exec-%d", s.nextExecution)
	s.send("ack", id, object{"execution_id": execution})
	s.status(agent, "running", command)
	for seq, line := range []string{"$ " + command, "working", "done"} {
		s.send("event.terminal_output", "", object{
			"agent_id": agent, "execution_id": execution, "stream": "stdout", "seq": seq, "data": line + "\n",
		})
	}
	s.status(agent, "idle", nil)
}

func (s *session) status(agent, status string, task any) {
	payload := object{"agent_id": agent, "status": status, "task": task, "updated_at": now()}
	s.hub.publish(s.envelope("event.agent_status", "", payload), []string{"agents", agent + ".status"})
}

// closeWith sends a close frame with code, for the failures gorilla leaves to the application.
func closeWith(conn *websocket.Conn, code int) {
	conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""), time.Now().Add(writeWait))
}

// finish ends a connection after ReadMessage failed. When gorilla failed it (a protocol error, or 1009 beyond the
// read limit) it has sent its close frame but not read the client's reply, and closing at once with unread bytes
// would reset the connection and could destroy that close frame on the way. So half-close and drain until the
// client closes too (RFC 6455 §7.1.1), bounded by writeWait.
func finish(conn *websocket.Conn, err error) {
	var closed *websocket.CloseError
	tcp, ok := conn.UnderlyingConn().(*net.TCPConn)
	if errors.As(err, &closed) || !ok {
		return // the closing handshake is complete (gorilla answered the client's close), or nothing to drain
	}
	tcp.CloseWrite()
	tcp.SetReadDeadline(time.Now().Add(writeWait))
	io.Copy(io.Discard, tcp)
}

func (h *hub) serveDashboard(w http.ResponseWriter, r *http.Request) {
	// The handshake rules: 401 without a token, 400 for a resume_from that is not an integer.
	query := r.URL.Query()
	if query.Get("token") == "" {
		http.Error(w, "/ws/dashboard needs a token query parameter", http.StatusUnauthorized)
		return
	}
	s := &session{hub: h, authenticated: query.Get("token") == token}
	if query.Has("resume_from") {
		after, err := strconv.Atoi(query.Get("resume_from"))
		if err != nil {
			http.Error(w, "resume_from must be an integer", http.StatusBadRequest)
			return
		}
		s.resumeFrom = &after
	}
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // gorilla has already answered the request with an HTTP error
	}
	defer conn.Close()
	conn.SetReadLimit(1 << 20) // gorilla closes with 1009 beyond it
	s.client = &client{conn: conn}
	h.mu.Lock()
	h.clients[s.client] = true
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, s.client)
		h.mu.Unlock()
	}()
	s.send("auth_result", "", s.authPayload())
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			finish(conn, err)
			return
		}
		if kind == websocket.TextMessage && !utf8.Valid(data) {
			closeWith(conn, websocket.CloseInvalidFramePayloadData)
			finish(conn, nil)
			return
		}
		s.handle(kind, data)
	}
}

func serveEcho(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/ws/") {
		http.Error(w, "no endpoint at "+r.URL.Path+"; try /ws/dashboard", http.StatusNotFound)
		return
	}
	conn, err := echoUpgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	conn.SetReadLimit(1 << 25)
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			finish(conn, err)
			return
		}
		// gorilla leaves RFC 6455 §8.1 (fail on invalid UTF-8 in a text message) to the application, as its own
		// examples/autobahn server does it.
		if kind == websocket.TextMessage && !utf8.Valid(data) {
			closeWith(conn, websocket.CloseInvalidFramePayloadData)
			finish(conn, nil)
			return
		}
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		if conn.WriteMessage(kind, data) != nil {
			return
		}
	}
}

func main() {
	port := flag.Int("port", 0, "port to listen on (0: any free port)")
	flag.Parse()
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on ws://%s/\n", listener.Addr())
	h := &hub{clients: map[*client]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws/dashboard", h.serveDashboard)
	mux.HandleFunc("/", serveEcho)
	log.Fatal(http.Serve(listener, mux))
}
