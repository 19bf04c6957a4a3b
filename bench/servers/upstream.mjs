// The fast local upstream every server under test forwards to: reads the body and answers what
// Gleantap answers a created contact, `200 {"status":"success","_id":"…"}`. Prints its port.
import { createServer } from 'node:http';

let next = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    next += 1;
    const body = `{"status":"success","_id":"bench${next.toString(16)}"}`;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => process.exit(0));
