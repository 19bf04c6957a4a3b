import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { turnWrites } from './turn-writes.ts';

function setup() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  const count = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM t').get()?.n ?? 0;
  // How many rows each commit left in the table.
  const commits: number[] = [];
  const write = turnWrites(db, (run) => {
    const result = run();
    commits.push(count());
    return result;
  });
  return { db, write, insert, count, commits };
}

describe('turnWrites', () => {
  it('commits the writes asked for in one turn together, after the turn, and settles each with its own result', async () => {
    const { write, insert, count, commits } = setup();
    const pending = ['a', 'b', 'c'].map((k, index) => write(() => insert.run(k, index).changes));
    expect(count()).toBe(0);
    expect(await Promise.all(pending)).toEqual([1, 1, 1]);
    expect(count()).toBe(3);
    expect(commits).toEqual([3]);

    await write(() => insert.run('d', 9).changes);
    expect(commits).toEqual([3, 4]);
  });

  it('stores nothing of a turn whose transaction fails, and rejects every write in it', async () => {
    const { write, insert, count } = setup();
    const results = await Promise.allSettled([write(() => insert.run('a', 1)), write(() => insert.run('a', 2)), write(() => insert.run('b', 3))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(count()).toBe(0);
    // The next turn writes again.
    await write(() => insert.run('c', 4));
    expect(count()).toBe(1);
  });
});
