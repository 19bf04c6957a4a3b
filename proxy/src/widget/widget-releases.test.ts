import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startHarness, tempDataDir } from '../testing/harness.ts';
import { runCli } from '../testing/run-cli.ts';
import { loadWidgetBundle, pinnedSnippet, type WidgetBundle } from './widget-bundle.ts';
import { keepWidgetReleases, RELEASES_DIR } from './widget-releases.ts';

const BASE_URL = 'https://forms.example.com';
const mode = (path: string): number => statSync(path).mode & 0o777;
const sha384 = (bytes: Buffer): string => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const shortHash = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 8);

/** The bundle the widget package built: the one `widget-sri` prints. */
function builtBundle(): WidgetBundle {
  const bundle = loadWidgetBundle();
  if (!bundle) throw new Error('the widget is not built: run `npx -y pnpm@10 build`');
  return bundle;
}

/** A second release, as an upgrade would bring: a real script file with other bytes. */
function nextRelease(built: WidgetBundle): WidgetBundle {
  const path = join(tempDataDir(), 'widget.js');
  writeFileSync(path, Buffer.concat([built.bytes, Buffer.from('\n/* the next release */\n')]));
  const bundle = loadWidgetBundle(path);
  if (!bundle) throw new Error('test bundle not readable');
  return bundle;
}

/** `src` and `integrity` of a pinned snippet. */
function parseSnippet(snippet: string): { path: string; integrity: string } {
  const match = /src="https:\/\/forms\.example\.com(\/widget\/widget\.[0-9a-f]{8}\.js)" integrity="(sha384-[A-Za-z0-9+/=]+)"/.exec(snippet);
  if (!match?.[1] || !match[2]) throw new Error(`not a pinned snippet: ${snippet}`);
  return { path: match[1], integrity: match[2] };
}

/** The bytes on the wire (fetch would decode a compressed body silently). */
function wireBytes(url: string, acceptEncoding: string): Promise<{ headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(parts) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function fetchBytes(url: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('pinned embeds survive upgrades', () => {
  it('serves the release pinned before an upgrade, byte for byte, beside the new one', async () => {
    const dataDir = tempDataDir();
    const built = builtBundle();
    const printed = await runCli(['widget-sri', '--base-url', BASE_URL, '--form', 'trial']);
    expect(printed.code, printed.stderr).toBe(0);
    const pinned = parseSnippet(printed.stdout.trim());

    // Release 1: the owner pins the snippet widget-sri printed.
    const first = await startHarness({ dataDir, widget: built });
    const before = await fetchBytes(`${first.proxy.url}${pinned.path}`);
    expect(before.response.status).toBe(200);
    expect(sha384(before.bytes)).toBe(pinned.integrity);
    await first.close();

    // The upgrade: the same DATA_DIR, another bundle.
    const next = nextRelease(built);
    const nextPinned = parseSnippet(pinnedSnippet(next, BASE_URL, 'trial'));
    expect(nextPinned.path).not.toBe(pinned.path);
    const second = await startHarness({ dataDir, widget: next });
    try {
      const old = await fetchBytes(`${second.proxy.url}${pinned.path}`);
      expect(old.response.status).toBe(200);
      expect(old.bytes.equals(built.bytes)).toBe(true);
      expect(sha384(old.bytes)).toBe(pinned.integrity);
      expect(old.response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(old.response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(old.response.headers.get('access-control-allow-origin')).toBe('*');
      expect(old.response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      // The old release is compressed for the wire too (gzip; brotli only for the current one).
      const gz = await wireBytes(`${second.proxy.url}${pinned.path}`, 'br, gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['vary']).toMatch(/Accept-Encoding/);
      expect(gunzipSync(gz.bytes).equals(built.bytes)).toBe(true);

      const current = await fetchBytes(`${second.proxy.url}${nextPinned.path}`);
      expect(current.response.status).toBe(200);
      expect(current.bytes.equals(next.bytes)).toBe(true);
      expect(sha384(current.bytes)).toBe(nextPinned.integrity);
      const latest = await fetchBytes(`${second.proxy.url}/widget.js`);
      expect(latest.bytes.equals(next.bytes)).toBe(true);
      expect(latest.response.headers.get('cache-control')).toBe('public, max-age=300');
    } finally {
      await second.close();
    }

    // Kept like the rest of DATA_DIR: a 0700 folder, 0600 files named by their hash, nothing else.
    const dir = join(dataDir, RELEASES_DIR);
    expect(mode(dir)).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual([`widget.${built.hash}.js`, `widget.${next.hash}.js`].sort());
    for (const bundle of [built, next]) {
      const file = join(dir, `widget.${bundle.hash}.js`);
      expect(mode(file)).toBe(0o600);
      expect(readFileSync(file).equals(bundle.bytes)).toBe(true);
    }
  });

  it('serves only files named by a hash their bytes have, and warns about the rest', async () => {
    const dataDir = tempDataDir();
    const dir = join(dataDir, RELEASES_DIR);
    mkdirSync(dir, { mode: 0o700 });
    const kept = Buffer.from('/* an earlier release */ window.GleantapCapture = window.GleantapCapture || { q: [] };\n');
    writeFileSync(join(dir, `widget.${shortHash(kept)}.js`), kept, { mode: 0o600 });
    writeFileSync(join(dir, 'widget.deadbeef.js'), 'alert("edited")', { mode: 0o600 });
    writeFileSync(join(dir, 'notes.txt'), 'hello', { mode: 0o600 });
    const elsewhere = join(tempDataDir(), 'elsewhere.js');
    const linked = Buffer.from('/* reached through a link */\n');
    writeFileSync(elsewhere, linked);
    symlinkSync(elsewhere, join(dir, `widget.${shortHash(linked)}.js`));

    const harness = await startHarness({ dataDir });
    try {
      const served = await fetchBytes(`${harness.proxy.url}/widget/widget.${shortHash(kept)}.js`);
      expect(served.response.status).toBe(200);
      expect(served.bytes.equals(kept)).toBe(true);
      for (const name of ['widget.deadbeef.js', `widget.${shortHash(linked)}.js`, 'notes.txt']) {
        const refused = await fetch(`${harness.proxy.url}/widget/${name}`);
        expect(refused.status, name).toBe(404);
        expect(await refused.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
      }
      const warnings = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry['level'] === 'warn' && String(entry['msg']).startsWith('widget release:'));
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'widget.deadbeef.js', msg: expect.stringContaining('do not hash to its name') }),
          expect.objectContaining({ file: 'notes.txt', msg: expect.stringContaining('not a widget release name') }),
          expect.objectContaining({ file: `widget.${shortHash(linked)}.js`, msg: expect.stringContaining('not a regular file') }),
        ]),
      );
      expect(warnings).toHaveLength(3);
    } finally {
      await harness.close();
    }
  });

  it('never rewrites a kept release, and replaces a damaged file under the current name', () => {
    const dataDir = tempDataDir();
    const current = builtBundle();
    const first = keepWidgetReleases(dataDir, current);
    expect(first.notices).toEqual([]);
    const file = join(dataDir, RELEASES_DIR, `widget.${current.hash}.js`);
    const inode = statSync(file).ino;
    expect(keepWidgetReleases(dataDir, current).notices).toEqual([]);
    expect(statSync(file).ino).toBe(inode);

    writeFileSync(file, 'truncated');
    const repaired = keepWidgetReleases(dataDir, current);
    expect(repaired.notices).toEqual([{ level: 'warn', file: `widget.${current.hash}.js`, message: expect.stringContaining('did not match it') }]);
    expect(readFileSync(file).equals(current.bytes)).toBe(true);
    expect(mode(file)).toBe(0o600);
  });
});
