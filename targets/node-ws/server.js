// The agent-dashboard sample protocol on Node's `ws` library (Debian's node-ws), plus an RFC 6455 echo elsewhere.
//
// Usage: NODE_PATH=<folder>/usr/share/nodejs node server.js --port N
//   N 0 or absent picks a free port; the first stdout line names it. Loopback only.
//   /ws/dashboard speaks the protocol in scenarios/agent-dashboard/ (ws's maxPayload of 1 MiB fails a bigger
//   message with 1009); other /ws/ paths are 404; every other path echoes with a 32 MiB limit so Autobahn
//   section 9 (16 MiB messages) can pass. permessage-deflate is on for the echo with ws's defaults (sections 12, 13 and D).
//   The token comes from DASHBOARD_TOKEN (default: the sample's demo token) and is never printed.
'use strict';

const http = require('http');
const { WebSocketServer } = require('ws');

const TOKEN = process.env.DASHBOARD_TOKEN || 'gauntlet-demo-token-0001';
const TOPIC = /^(agents|agent-[a-z0-9-]+\.(status|terminal))$/;
const AGENT = /^agent-[a-z0-9-]{1,58}$/;
const INTEGER = /^[+-]?[0-9]+$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ENVELOPE = new Set(['id', 'timestamp', 'reply_to', 'type', 'payload']);
// Each request type and the payload fields its schema defines (scenarios/agent-dashboard/client-messages.schema.json).
const PAYLOADS = {
    authenticate: ['token', 'client'],
    ping: ['nonce'],
    subscribe: ['topics'],
    unsubscribe: ['topics'],
    list_subscriptions: [],
    'command.execute': ['agent_id', 'command', 'args', 'cwd', 'timeout_ms'],
};

const isText = (value, shortest, longest) => typeof value === 'string'
    && [...value].length >= shortest && [...value].length <= longest;
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Why a request breaks its schema, or null: the server answers bad_request rather than serve what it can. */
function requestProblem(request, type) {
    if (Object.keys(request).some((key) => !ENVELOPE.has(key))) return 'unknown field';
    if (typeof request.timestamp !== 'string') return 'timestamp must be a date-time string';
    const replyTo = request.reply_to;
    if (replyTo !== undefined && replyTo !== null && !(typeof replyTo === 'string' && ID.test(replyTo))) {
        return 'reply_to must be null or an id';
    }
    const { payload } = request;
    if (!isObject(payload)) return 'payload must be an object';
    if (Object.keys(payload).some((key) => !PAYLOADS[type].includes(key))) {
        return `payload has a field ${type} does not define`;
    }
    const present = (key) => payload[key] !== undefined && payload[key] !== null;
    switch (type) {
    case 'authenticate': {
        const { client } = payload;
        if (!isText(payload.token, 16, 4096)) return 'payload.token must be a string of 16 to 4096 characters';
        if (present('client') && !(isObject(client) && Object.keys(client).sort().join() === 'name,version'
            && isText(client.name, 0, 64) && isText(client.version, 0, 32))) {
            return 'payload.client needs name (at most 64) and version (at most 32)';
        }
        return null;
    }
    case 'subscribe':
    case 'unsubscribe': {
        const { topics } = payload;
        const valid = Array.isArray(topics) && topics.length >= 1 && topics.length <= 50
            && topics.every((t) => isText(t, 0, 96) && TOPIC.test(t));
        return valid ? null : 'payload.topics must list 1 to 50 topics such as "agents"';
    }
    case 'ping':
        return present('nonce') && !isText(payload.nonce, 0, 64)
            ? 'payload.nonce must be a string of at most 64 characters' : null;
    case 'command.execute': {
        const args = payload.args === undefined ? [] : payload.args;
        const timeout = payload.timeout_ms === undefined ? 30000 : payload.timeout_ms;
        if (!isText(payload.command, 1, 4096)) return 'payload.command must be a string of 1 to 4096 characters';
        if (present('cwd') && !isText(payload.cwd, 0, 1024)) return 'payload.cwd must be at most 1024 characters';
        if (typeof payload.agent_id !== 'string' || !AGENT.test(payload.agent_id)) {
            return 'payload.agent_id must look like agent-...';
        }
        if (!Array.isArray(args) || args.length > 256 || !args.every((a) => isText(a, 0, 4096))) {
            return 'payload.args must list at most 256 strings';
        }
        if (!Number.isInteger(timeout) || timeout < 100 || timeout > 600000) {
            return 'payload.timeout_ms must be a whole number from 100 to 600000';
        }
        return null;
    }
    default:
        return null;
    }
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

// One ws server per endpoint, sharing the HTTP server: ws's documented way to give paths different options.
const echo = new WebSocketServer({ noServer: true, maxPayload: 2 ** 25, perMessageDeflate: true });
const dashboard = new WebSocketServer({ noServer: true, maxPayload: 2 ** 20, perMessageDeflate: false });

echo.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    // Gauntlet breaks the protocol on purpose; a failed connection is the expected outcome, not a crash.
    socket.on('error', () => {});
});

// Every open dashboard's topics, in subscription order, and the last 256 events for clients that resume.
const topicsOf = new Map();
const log = [];
let sequence = 0;

function publish(event, topics) {
    // The event's id is its sequence number: the value a client passes back as resume_from.
    sequence += 1;
    const text = JSON.stringify({ ...event, id: String(sequence) });
    log.push({ sequence, topics, text });
    if (log.length > 256) log.shift();
    for (const [socket, subscribed] of topicsOf) {
        if (subscribed.some((topic) => topics.includes(topic))) socket.send(text);
    }
}

dashboard.on('connection', (socket, request, query) => {
    let authenticated = query.get('token') === TOKEN;
    let resumeFrom = query.has('resume_from') ? Number(query.get('resume_from')) : null;
    let nextID = 1;
    let nextExecution = 1;
    topicsOf.set(socket, []);

    const envelope = (type, payload, replyTo) => {
        const message = { id: `srv-${nextID++}`, type, timestamp: now() };
        if (replyTo !== undefined) message.reply_to = replyTo;
        message.payload = payload;
        return message;
    };
    const send = (type, payload, replyTo) => socket.send(JSON.stringify(envelope(type, payload, replyTo)));
    // An error never closes the connection: the client may go on (the protocol's invalid_message rule).
    const error = (code, message, replyTo) => send('error', { code, message }, replyTo);
    const authPayload = () => authenticated
        ? { ok: true, user: { id: 'u-1', name: 'Gauntlet' } }
        : { ok: false, reason: 'invalid or missing token' };
    const status = (agent, state, task) => publish(
        envelope('event.agent_status', { agent_id: agent, status: state, task, updated_at: now() }),
        ['agents', `${agent}.status`],
    );

    function changeTopics(subscribe, payload, id) {
        const listed = Array.isArray(payload.topics) ? payload.topics.filter((t) => typeof t === 'string') : [];
        if (listed.length === 0 || !listed.every((t) => TOPIC.test(t))) {
            return error('bad_request', 'payload.topics must list topics such as "agents"', id);
        }
        const current = topicsOf.get(socket);
        if (subscribe) {
            for (const topic of listed) if (!current.includes(topic)) current.push(topic);
        } else {
            const missing = listed.find((t) => !current.includes(t));
            if (missing !== undefined) return error('not_found', `not subscribed to ${missing}`, id);
            topicsOf.set(socket, current.filter((t) => !listed.includes(t)));
        }
        send('ack', {}, id);
        if (subscribe && resumeFrom !== null) {
            // Only the first subscribe after a resuming handshake replays what the client missed.
            const after = resumeFrom;
            resumeFrom = null;
            for (const event of log) {
                if (event.sequence > after && event.topics.some((t) => listed.includes(t))) socket.send(event.text);
            }
        }
    }

    function execute(payload, id) {
        const { agent_id: agent, command } = payload;
        if (typeof agent !== 'string' || !AGENT.test(agent) || typeof command !== 'string' || command === '') {
            return error('bad_request', 'command.execute needs agent_id (agent-...) and command', id);
        }
        const execution = `exec-${nextExecution++}`;
        send('ack', { execution_id: execution }, id);
        status(agent, 'running', command);
        [`$ ${command}`, 'working', 'done'].forEach((line, seq) => send('event.terminal_output', {
            agent_id: agent, execution_id: execution, stream: 'stdout', seq, data: `${line}\n`,
        }));
        status(agent, 'idle', null);
    }

    function handle(data, isBinary) {
        let request = null;
        try {
            if (!isBinary) request = JSON.parse(data.toString('utf8'));
        } catch {
            request = null;
        }
        if (request === null || typeof request !== 'object' || Array.isArray(request)) {
            return error('bad_request', 'the message is not a JSON object');
        }
        // An id that breaks the schema's pattern must not travel back in reply_to, where it would break it too.
        const id = typeof request.id === 'string' && ID.test(request.id) ? request.id : undefined;
        const { type } = request;
        if (typeof type !== 'string') return error('bad_request', 'the message has no string field "type"', id);
        if (id === undefined) return error('bad_request', 'the message has no valid string field "id"');
        if (!Object.hasOwn(PAYLOADS, type)) {
            const shown = type.length <= 64 ? type : `${type.slice(0, 64)}...`; // errors have at most 1024 characters
            return error('bad_request', `unknown message type ${shown}`, id);
        }
        const problem = requestProblem(request, type);
        if (problem !== null) return error('bad_request', problem, id);
        const { payload } = request;
        if (type === 'ping') return send('pong', payload, id);
        if (type === 'authenticate') {
            authenticated = payload.token === TOKEN;
            return send('auth_result', authPayload(), id);
        }
        if (!authenticated) return error('unauthorized', `authenticate before ${type}`, id);
        if (type === 'list_subscriptions') return send('subscriptions', { topics: topicsOf.get(socket) }, id);
        if (type === 'command.execute') return execute(payload, id);
        return changeTopics(type === 'subscribe', payload, id);
    }

    send('auth_result', authPayload());
    socket.on('message', handle);
    socket.on('close', () => topicsOf.delete(socket));
    socket.on('error', () => {}); // 1009 and other failures end the connection; nothing to report
});

/** Answers a refused upgrade with a plain HTTP status and closes the socket. */
function refuse(socket, status, text) {
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n`
        + `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

const server = http.createServer((request, response) => {
    // A plain HTTP request, as ws's own server answers it.
    const body = http.STATUS_CODES[426];
    response.writeHead(426, { 'Content-Length': body.length, 'Content-Type': 'text/plain' });
    response.end(body);
});

server.on('upgrade', (request, socket, head) => {
    let url;
    try {
        url = new URL(request.url, 'http://localhost');
    } catch {
        return echo.handleUpgrade(request, socket, head, (ws) => echo.emit('connection', ws, request));
    }
    if (url.pathname === '/ws/dashboard') {
        // The handshake rules: 401 without a token, 400 for a resume_from that is not an integer.
        if (!url.searchParams.get('token')) return refuse(socket, 401, '/ws/dashboard needs a token query parameter\n');
        const resume = url.searchParams.get('resume_from');
        if (resume !== null && !INTEGER.test(resume)) return refuse(socket, 400, 'resume_from must be an integer\n');
        return dashboard.handleUpgrade(request, socket, head, (ws) => dashboard.emit('connection', ws, request,
            url.searchParams));
    }
    if (url.pathname.startsWith('/ws/')) return refuse(socket, 404, `no endpoint at ${url.pathname}\n`);
    return echo.handleUpgrade(request, socket, head, (ws) => echo.emit('connection', ws, request));
});

const args = process.argv.slice(2);
const flag = args.indexOf('--port');
const port = Number(flag >= 0 ? args[flag + 1] : args[0] || 0); // older callers pass the port bare
server.listen(port, '127.0.0.1', () => {
    console.log(`listening on ws://127.0.0.1:${server.address().port}/`);
});
