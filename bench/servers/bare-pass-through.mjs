// The floor: a bare node:http pass-through with no checks. Reads the body, forwards it to the
// upstream over a keep-alive agent, answers with the upstream's status and body. Prints its port.
import { Agent, createServer, request } from 'node:http';

const upstream = new URL(process.env.UPSTREAM_URL);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: '/v2/ExternalApi/newContact', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (answer) => {
        const parts = [];
        answer.on('data', (chunk) => parts.push(chunk));
        answer.on('end', () => {
          const out = Buffer.concat(parts);
          res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json', 'content-length': out.length });
          res.end(out);
        });
      },
    );
    forward.on('error', () => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"upstream_unavailable"}}');
    });
    forward.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => process.exit(0));
