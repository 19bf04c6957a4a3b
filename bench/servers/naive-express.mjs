// What a quick hand-written proxy looks like: Express, `express.json()`, and `fetch` to the
// upstream with the parsed body re-serialised; no checks, no store. Express is resolved from the
// proxy package, so it is the version the proxy runs. Prints its port.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../proxy/package.json', import.meta.url));
const express = require('express');
const target = new URL('/v2/ExternalApi/newContact', process.env.UPSTREAM_URL).href;

const app = express();
app.post('/v1/forms/:formId/submissions', express.json(), async (req, res) => {
  try {
    const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req.body) });
    res.status(answer.status).json(await answer.json());
  } catch {
    res.status(502).json({ error: { code: 'upstream_unavailable' } });
  }
});
const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
server.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => process.exit(0));
