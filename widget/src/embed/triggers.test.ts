import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../core/events.ts';
import { waitFor } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork } from '../testing/fake-network.ts';
import { createGlobalApi } from './global-api.ts';
import { watchTrigger } from './triggers.ts';

const popups = () => document.querySelectorAll('[data-gleantap-dialog]').length;

// Every trigger a test installs is stopped after it, so none hears the next test's clicks.
const stops: (() => void)[] = [];

function pageApi() {
  vi.stubGlobal('fetch', fakeNetwork(DEFINITION).fetch);
  const api = createGlobalApi(createEventHub(), 'https://forms.example.com/');
  return {
    open(options: Parameters<typeof api.open>[0]) {
      const stop = api.open(options);
      stops.push(stop);
      return stop;
    },
  };
}

/** The close button appears with the form, once the definition has arrived. */
async function closePopup() {
  const close = await waitFor(() => document.querySelector('[data-gleantap-dialog]')?.shadowRoot?.querySelector<HTMLButtonElement>('button.close'));
  close?.click();
}

function scrollTo(y: number) {
  Object.defineProperty(window, 'scrollY', { value: y, configurable: true });
  window.dispatchEvent(new Event('scroll'));
}

function pointer(fine: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(pointer: fine)' && fine }));
}

beforeEach(() => {
  document.body.innerHTML = '<a id="book" href="#book"><span>Book a free class</span></a><p style="height:4000px">Schedule</p>';
});

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('reading a trigger', () => {
  it.each(['click:#book', 'click: .cta, #book', 'delay:0', 'delay:2.5', 'scroll:0', 'scroll:50', 'scroll:100', 'exit-intent'])('watches %s', (spec) => {
    const stop = watchTrigger(spec, () => {});
    expect(stop).toBeTypeOf('function');
    stop?.();
  });

  it.each(['', 'click', 'click:', 'delay', 'delay:', 'delay:soon', 'delay:-1', 'scroll:', 'scroll:101', 'scroll:-5', 'scroll:half', 'hover:#book', 'exit-intent:now', 'exit'])('refuses %j', (spec) => {
    expect(watchTrigger(spec, () => {})).toBeUndefined();
  });

  it('throws on a malformed selector before watching anything, so the page hears one console line', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    pageApi().open({ form: 'trial', trigger: 'click:#[' });
    document.getElementById('book')?.click();
    expect(popups()).toBe(0);
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toBe('Gleantap Capture: open failed');
    error.mockRestore();
  });

  it('names an unknown trigger in its console line and opens nothing', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    pageApi().open({ form: 'trial', trigger: 'hover:#book' });
    expect(popups()).toBe(0);
    expect(String(error.mock.calls[0]?.[1])).toContain('unknown trigger "hover:#book"');
    error.mockRestore();
  });
});

describe('opening the popup from a trigger', () => {
  it('click: opens from the element or anything inside it, instead of following its link, one popup at a time', async () => {
    pageApi().open({ form: 'trial', trigger: 'click:#book' });
    expect(popups()).toBe(0);
    const inner = document.querySelector('#book span') as HTMLElement;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    inner.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(popups()).toBe(1);
    inner.click();
    expect(popups()).toBe(1);
    // The visitor closed it and asks again: a button that stopped working would be a dead end.
    await closePopup();
    expect(popups()).toBe(0);
    inner.click();
    expect(popups()).toBe(1);
  });

  it('click: ignores clicks elsewhere on the page', () => {
    pageApi().open({ form: 'trial', trigger: 'click:#book' });
    document.querySelector<HTMLElement>('p')?.click();
    expect(popups()).toBe(0);
  });

  it('delay: opens once after the given seconds', () => {
    vi.useFakeTimers();
    pageApi().open({ form: 'trial', trigger: 'delay:3' });
    vi.advanceTimersByTime(2999);
    expect(popups()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(popups()).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(popups()).toBe(1);
  });

  it('scroll: opens once the given share of the page has been seen, and never again in this page view', async () => {
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: 4000, configurable: true });
    Object.defineProperty(window, 'innerHeight', { value: 1000, configurable: true });
    pageApi().open({ form: 'trial', trigger: 'scroll:50' });
    scrollTo(900);
    expect(popups()).toBe(0);
    scrollTo(1000);
    expect(popups()).toBe(1);
    await closePopup();
    scrollTo(0);
    scrollTo(3000);
    expect(popups()).toBe(0);
  });

  it('exit-intent: opens once when a mouse leaves through the top edge', async () => {
    pointer(true);
    pageApi().open({ form: 'trial', trigger: 'exit-intent' });
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 300 }));
    document.body.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, clientY: 0, relatedTarget: document.documentElement }));
    expect(popups()).toBe(0);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -2 }));
    expect(popups()).toBe(1);
    await closePopup();
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 0 }));
    expect(popups()).toBe(0);
  });

  it('exit-intent: never opens on a touch screen', () => {
    pointer(false);
    pageApi().open({ form: 'trial', trigger: 'exit-intent' });
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -2 }));
    expect(popups()).toBe(0);
  });

  it('the function open() returns stops the trigger and closes its popup', () => {
    vi.useFakeTimers();
    const api = pageApi();
    const stopClick = api.open({ form: 'trial', trigger: 'click:#book' });
    document.getElementById('book')?.click();
    expect(popups()).toBe(1);
    stopClick();
    expect(popups()).toBe(0);
    document.getElementById('book')?.click();
    expect(popups()).toBe(0);
    api.open({ form: 'trial', trigger: 'delay:1' })();
    vi.advanceTimersByTime(5000);
    expect(popups()).toBe(0);
  });
});
