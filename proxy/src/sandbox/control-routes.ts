import express, { type Router } from 'express';
import * as z from 'zod';
import { FaultSpec } from './fault-spec.ts';
import type { SandboxState } from './sandbox-state.ts';

/** The sandbox-only control endpoints under `/_sandbox`; never part of the real proxy. */
export function createControlRoutes(state: SandboxState): Router {
  const router = express.Router();

  router.get('/contacts', (_req, res) => {
    res.json(state.contacts.all());
  });
  router.delete('/contacts', (_req, res) => {
    state.reset();
    res.json({ status: 'success' });
  });
  router.get('/calls', (_req, res) => {
    res.json(state.calls.all());
  });
  router.get('/faults', (_req, res) => {
    res.json(state.faults.list());
  });
  router.post('/faults', (req, res) => {
    const parsed = FaultSpec.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ status: 'error', message: z.prettifyError(parsed.error) });
      return;
    }
    state.faults.set(parsed.data);
    res.json({ status: 'success', fault: parsed.data });
  });
  router.delete('/faults', (_req, res) => {
    state.faults.clear();
    res.json({ status: 'success' });
  });
  return router;
}
