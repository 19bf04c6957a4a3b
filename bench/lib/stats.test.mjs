// node --test bench/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, summarise } from './stats.mjs';

test('percentile is the nearest rank: p50 of 1..100 is 50, p99 is 99, p100 is the maximum', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 50), 50);
  assert.equal(percentile(sorted, 99), 99);
  assert.equal(percentile(sorted, 100), 100);
  assert.equal(percentile(Float64Array.of(7), 99), 7);
  assert.ok(Number.isNaN(percentile(new Float64Array(0), 50)));
});

test('summarise sorts numerically and counts only 2xx answers as accepted', () => {
  const summary = summarise({ latencies: [10, 2, 30, 4], statuses: { 201: 2, 202: 1, 503: 1 } }, 2000);
  assert.equal(summary.requests, 4);
  assert.equal(summary.ok, 3);
  assert.equal(summary.rps, 2);
  assert.equal(summary.okPerSecond, 1.5);
  assert.equal(summary.p50, 4);
  assert.equal(summary.max, 30);
});
