import { describe, expect, it } from 'vitest';
import type { AlertEvent } from './alert-event.ts';
import { createFolder, FOLD_WINDOW_MS } from './fold.ts';

const dead = (id: string, form = 'trial'): AlertEvent => ({ kind: 'dead_letter', form, id, reason: 'rejected', gleantapMessage: null });

describe('folding alerts: one message per kind per form per window', () => {
  it('sends the first, counts and names the rest, and sends the newest of them with the count when the window ends', () => {
    const folder = createFolder();
    expect(folder.admit(dead('a'), 0)).toEqual({ event: dead('a'), folded: { count: 0, submissionIds: [], sinceMs: undefined } });
    expect(folder.admit(dead('b'), 1_000)).toBeUndefined();
    expect(folder.admit(dead('c'), 2_000)).toBeUndefined();
    // Another form and another kind have windows of their own.
    expect(folder.admit(dead('x', 'other'), 2_000)).toBeDefined();
    expect(folder.admit({ kind: 'keys_refused', form: 'trial' }, 2_000)).toBeDefined();
    expect(folder.due(FOLD_WINDOW_MS - 1)).toEqual([]);
    expect(folder.due(FOLD_WINDOW_MS)).toEqual([{ event: dead('c'), folded: { count: 1, submissionIds: ['b'], sinceMs: 0 } }]);
    expect(folder.due(3 * FOLD_WINDOW_MS)).toEqual([]);
  });

  it('puts what was folded into the next event that opens a window', () => {
    const folder = createFolder(100);
    folder.admit({ kind: 'degraded', oldestQueuedSeconds: 60, waiting: 1 }, 0);
    folder.admit({ kind: 'degraded', oldestQueuedSeconds: 90, waiting: 2 }, 50);
    expect(folder.admit({ kind: 'degraded', oldestQueuedSeconds: 120, waiting: 3 }, 150)).toMatchObject({ event: { waiting: 3 }, folded: { count: 1, sinceMs: 0 } });
  });

  it('treats a clock that went back as the end of the window', () => {
    const folder = createFolder();
    folder.admit(dead('a'), 10 * FOLD_WINDOW_MS);
    expect(folder.admit(dead('b'), 0)).toBeDefined();
  });
});
