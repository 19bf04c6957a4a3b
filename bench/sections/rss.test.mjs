// node --test bench/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slope } from './rss.mjs';

test('growth per submission is the least-squares slope of RSS over submissions', () => {
  const points = Array.from({ length: 10 }, (_, i) => ({ x: i * 1000, y: 50e6 + i * 1000 * 24 + (i % 2 === 0 ? 100 : -100) }));
  assert.ok(Math.abs(slope(points) - 24) < 0.1);
  assert.equal(
    slope([
      { x: 0, y: 5 },
      { x: 10, y: 5 },
    ]),
    0,
  );
  assert.ok(Number.isNaN(slope([{ x: 1, y: 1 }])));
});
