import { DELIVERY_HEALTH_ROUTE, HEALTHZ_ROUTE, READYZ_ROUTE } from '@gleantap-capture/shared';
import type { DeliveryHealth } from '../metrics/delivery-health.ts';
import type { EndpointChain } from './endpoints.ts';

/** A readiness probe: resolves true when the dependency it checks can do its job now. */
export type ReadinessCheck = () => Promise<boolean>;

/**
 * `/healthz` answers while the process runs; `/readyz` only while every readiness check
 * passes (the store's write probe), so a load balancer stops sending traffic to an
 * instance that could not keep a lead. `/healthz/delivery` answers whether leads reach Gleantap
 * (503 while the queue is older than `outbox.alertAfter` or the keys are refused), for uptime
 * monitors: an instance can be ready and still not deliver.
 */
export function healthEndpoints(checks: readonly ReadinessCheck[], delivery?: () => Promise<DeliveryHealth>): EndpointChain[] {
  const chains: EndpointChain[] = [
    [
      HEALTHZ_ROUTE,
      (_req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json({ status: 'ok' });
      },
    ],
    [
      READYZ_ROUTE,
      async (_req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        const results = await Promise.all(checks.map((check) => check().catch(() => false)));
        const ready = results.every(Boolean);
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready' });
      },
    ],
  ];
  if (delivery) {
    chains.push([
      DELIVERY_HEALTH_ROUTE,
      async (_req, res) => {
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
      },
    ]);
  }
  return chains;
}
