import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness.ts';
import { rawRequest } from '../testing/raw-request.ts';
import { runCli } from '../testing/run-cli.ts';

/** The widget's hard budget: what `GET /widget.js` serves, gzip -9, at most 12 KB (read as 12,000 bytes, the stricter reading). */
const BUDGET_GZIP_BYTES = 12_000;

describe('widget assets', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  async function raw(path: string, encoding: string): Promise<{ response: Response; bytes: Buffer }> {
    const response = await fetch(`${harness.proxy.url}${path}`, { headers: { 'accept-encoding': encoding } });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('serves /widget.js for any site, cached five minutes, in the encoding asked for', async () => {
    const plain = await raw('/widget.js', 'identity');
    expect(plain.response.status).toBe(200);
    expect(plain.response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(plain.response.headers.get('access-control-allow-origin')).toBe('*');
    expect(plain.response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(plain.bytes.toString('utf8')).toContain('GleantapCapture');
    // fetch would decode the body silently; a raw request shows the encoding on the wire.
    const gz = await rawRequest(`${harness.proxy.url}/widget.js`, { method: 'GET', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['vary']).toMatch(/Accept-Encoding/);
  });

  it('stays within the size budget (gzip) and prints its sizes', async () => {
    const { bytes } = await raw('/widget.js', 'identity');
    const gzip = gzipSync(bytes, { level: 9 }).length;
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`widget.js: ${bytes.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${BUDGET_GZIP_BYTES} B gzip)`);
    expect(gunzipSync(gzipSync(bytes)).equals(bytes)).toBe(true);
    expect(brotliDecompressSync(brotliCompressSync(bytes)).equals(bytes)).toBe(true);
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('serves an immutable hashed copy and refuses other names', async () => {
    const { bytes } = await raw('/widget.js', 'identity');
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    const pinned = await raw(`/widget/widget.${hash}.js`, 'identity');
    expect(pinned.response.status).toBe(200);
    expect(pinned.response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(pinned.response.headers.get('access-control-allow-origin')).toBe('*');
    expect(pinned.bytes.equals(bytes)).toBe(true);
    expect((await fetch(`${harness.proxy.url}/widget/widget.00000000.js`)).status).toBe(404);
  });

  it('widget-sri prints a snippet whose integrity matches the served bytes', async () => {
    const { bytes } = await raw('/widget.js', 'identity');
    const result = await runCli(['widget-sri', '--base-url', 'https://forms.example.com', '--form', 'trial']);
    expect(result.code, result.stderr).toBe(0);
    const integrity = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    expect(result.stdout.trim()).toBe(`<script src="https://forms.example.com/widget/widget.${hash}.js" integrity="${integrity}" crossorigin="anonymous" data-form="trial" async></script>`);
  });
});
