// An echo server on Node's `ws` library (Debian's node-ws): a third-party target for Gauntlet's catalogue.
//
// Usage: NODE_PATH=<folder>/usr/share/nodejs node server.js [PORT]
//   PORT 0 or absent picks a free port; the first stdout line names it. Loopback only.
//   The message limit is raised to 32 MiB so Autobahn section 9 (16 MiB messages) can pass.
//   permessage-deflate is on with ws's defaults (sections 12, 13 and D need it; other sections offer no extension).
'use strict';

const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const server = new WebSocketServer({
    host: '127.0.0.1',
    port,
    maxPayload: 2 ** 25,
    perMessageDeflate: true,
});

server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
        socket.send(data, { binary: isBinary });
    });
    // Gauntlet breaks the protocol on purpose; a failed connection is the expected outcome, not a crash.
    socket.on('error', () => {});
});

server.on('listening', () => {
    console.log(`listening on ws://127.0.0.1:${server.address().port}/`);
});
