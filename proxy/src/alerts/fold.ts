import type { AlertEvent } from './alert-event.ts';
import { alertForm } from './alert-event.ts';

/** At most one message per kind per form in this window (injected clock). */
export const FOLD_WINDOW_MS = 5 * 60_000;
/** Folded dead letters are named up to this many per message; beyond it they are only counted. */
const MAX_FOLDED_IDS = 100;

/** What the next message says about the events folded since the previous one. */
export interface Folded {
  readonly count: number;
  /** Submission ids of folded dead letters (at most MAX_FOLDED_IDS). */
  readonly submissionIds: readonly string[];
  /** When the previous message of this kind and form went, if one did. */
  readonly sinceMs: number | undefined;
}

/** One message to send: an event and what was folded before it. */
export interface Release {
  readonly event: AlertEvent;
  readonly folded: Folded;
}

interface Window {
  openedAt: number;
  count: number;
  ids: string[];
  /** The newest folded event: the subject of the message that closes the window. */
  latest: AlertEvent | undefined;
}

/** Per kind and form: the first event of a window goes, the rest are counted and named later. */
export interface Folder {
  /** The message to send now, or undefined when the event is folded into the next one. */
  admit(event: AlertEvent, nowMs: number): Release | undefined;
  /** Messages for windows that ended with folded events: the newest one, carrying the count of the others. */
  due(nowMs: number): Release[];
}

const keyOf = (event: AlertEvent): string => `${event.kind}\u0000${alertForm(event) ?? ''}`;
const idOf = (event: AlertEvent): string | undefined => (event.kind === 'dead_letter' ? event.id : undefined);

export function createFolder(windowMs: number = FOLD_WINDOW_MS): Folder {
  const windows = new Map<string, Window>();
  // A clock that went back ends the window rather than muting alerts until it catches up.
  const ended = (window: Window, nowMs: number): boolean => nowMs - window.openedAt >= windowMs || nowMs < window.openedAt;
  const open = (key: string, nowMs: number): void => {
    windows.set(key, { openedAt: nowMs, count: 0, ids: [], latest: undefined });
  };
  const foldedOf = (window: Window | undefined, count: number, ids: readonly string[]): Folded => ({ count, submissionIds: ids, sinceMs: window?.openedAt });

  return {
    admit(event, nowMs) {
      const key = keyOf(event);
      const window = windows.get(key);
      if (window === undefined || ended(window, nowMs)) {
        open(key, nowMs);
        return { event, folded: foldedOf(window, window?.count ?? 0, window?.ids ?? []) };
      }
      window.count += 1;
      const id = idOf(event);
      if (id !== undefined && window.ids.length < MAX_FOLDED_IDS) window.ids.push(id);
      window.latest = event;
      return undefined;
    },
    due(nowMs) {
      const releases: Release[] = [];
      for (const [key, window] of windows) {
        if (!ended(window, nowMs)) continue;
        if (window.latest === undefined) {
          windows.delete(key);
          continue;
        }
        const latest = window.latest;
        // The newest folded event is the message's subject; the others are its folded count.
        const latestId = idOf(latest);
        const ids = latestId === undefined ? window.ids : window.ids.filter((id) => id !== latestId);
        releases.push({ event: latest, folded: foldedOf(window, window.count - 1, ids) });
        open(key, nowMs);
      }
      return releases;
    },
  };
}
