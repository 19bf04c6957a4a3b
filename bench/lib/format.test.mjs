// node --test bench/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, failures, mib, ms, ratio } from './format.mjs';
import { escapeXml } from './report-svg.mjs';

test('figures read as people write them', () => {
  assert.equal(count(2743.4), '2,743');
  assert.equal(ms(0.843), '0.84 ms');
  assert.equal(ms(12.34), '12.3 ms');
  assert.equal(ms(1282.2), '1,282 ms');
  assert.equal(ratio(372, 2743), '14%');
  assert.equal(ratio(1, 0), '–');
  assert.equal(mib(84.2 * 2 ** 20), '84.2 MiB');
});

test('failures lists every answer that was not 2xx, connection errors as "error"', () => {
  assert.equal(failures({ 201: 10, 202: 3 }), '');
  assert.equal(failures({ 201: 10, 503: 2, 0: 1 }), 'error×1, 503×2');
});

test('labels are escaped before they go into the SVG', () => {
  assert.equal(escapeXml('a <b> & "c"'), 'a &lt;b&gt; &amp; &quot;c&quot;');
});
