import { allowedMethods, DELIVERY_HEALTH_ROUTE, HEALTHZ_ROUTE, READYZ_ROUTE } from '@gleantap-capture/shared';
import { Router } from 'express';
import type { DeliveryHealth } from '../metrics/delivery-health.ts';
import { methodNotAllowed } from '../middleware/not-found.ts';

/** A readiness probe: resolves true when the dependency it checks can do its job now. */
export type ReadinessCheck = () => Promise<boolean>;

/**
 * `/healthz` answers while the process runs; `/readyz` only while every readiness check
 * passes (the store's write probe), so a load balancer stops sending traffic to an
 * instance that could not keep a lead. `/healthz/delivery` answers whether leads reach Gleantap
 * (503 while the queue is older than `outbox.alertAfter` or the keys are refused), for uptime
 * monitors: an instance can be ready and still not deliver.
 */
export function healthRoutes(checks: readonly ReadinessCheck[], delivery?: () => Promise<DeliveryHealth>): Router {
  const router = Router();
  router
    .route(HEALTHZ_ROUTE.path)
    .get((_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json({ status: 'ok' });
    })
    .all(methodNotAllowed(allowedMethods(HEALTHZ_ROUTE.path)));
  router
    .route(READYZ_ROUTE.path)
    .get(async (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      const results = await Promise.all(checks.map((check) => check().catch(() => false)));
      const ready = results.every(Boolean);
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready' });
    })
    .all(methodNotAllowed(allowedMethods(READYZ_ROUTE.path)));
  if (delivery) {
    router
      .route(DELIVERY_HEALTH_ROUTE.path)
      .get(async (_req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        let health: DeliveryHealth;
        try {
          health = await delivery();
        } catch {
          // The store cannot be read (closing, failing): delivery is not known to work.
          res.status(503).json({ status: 'unknown' });
          return;
        }
        res.status(health.status === 'ok' ? 200 : 503).json(health);
      })
      .all(methodNotAllowed(allowedMethods(DELIVERY_HEALTH_ROUTE.path)));
  }
  return router;
}
