import type { Response } from 'express';
import type { FaultSpec } from './fault-spec.ts';
import { sendAnswer, vendorError } from './vendor-answer.ts';

/** `continue`: the request goes on normally; `handled`: the fault answered (or never will). */
export type FaultVerdict = 'continue' | 'handled';

/** Resolves true after `ms`, or false as soon as the client's connection closes. */
function waitWhileOpen(ms: number, res: Response): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      resolve(false);
      return;
    }
    // Clearing the timer on close lets a closing sandbox (and the test process) exit promptly.
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

/** Plays one fault on a request; see the `mode` list in the sandbox's header comment. */
export async function runFault(fault: FaultSpec, res: Response): Promise<FaultVerdict> {
  switch (fault.mode) {
    case 'error':
      sendAnswer(res, vendorError(fault.status, `Sandbox fault: injected HTTP ${fault.status}`));
      return 'handled';
    case '429':
      res.set('Retry-After', String(fault.retryAfter));
      sendAnswer(res, vendorError(429, 'Too many requests'));
      return 'handled';
    case 'timeout':
      // Never answer: the socket stays open until the client gives up or the sandbox closes.
      return 'handled';
    case 'reset': {
      // An RST (not a polite FIN) is what a crashing upstream or a middlebox produces.
      const socket = res.socket;
      if (socket !== null) socket.resetAndDestroy();
      return 'handled';
    }
    case 'slow':
      return (await waitWhileOpen(fault.delayMs, res)) ? 'continue' : 'handled';
    case 'refuse':
      sendAnswer(res, { status: 200, body: { status: 'error', message: fault.message } });
      return 'handled';
    case 'garble': {
      // The status line and part of a success body arrive, then the connection dies: the client
      // knows Gleantap answered 2xx but cannot read what it said.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '64' });
      res.write('{"status":"succ', () => res.socket?.resetAndDestroy());
      return 'handled';
    }
  }
}
