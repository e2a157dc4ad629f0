/**
 * `GET /metrics` (Prometheus text format). With METRICS_TOKEN set it wants
 * `Authorization: Bearer <METRICS_TOKEN>`; unset, it answers loopback callers only (403
 * otherwise) — the same rule as the admin routes (`src/http/adminAuth.ts`), with its own token
 * so Prometheus never holds the operators' admin token.
 */
import type { Request, Response } from 'restify';
import type { Registry } from 'prom-client';
import { adminAccess } from '../../http/adminAuth.js';
import { problem } from '../../http/problem.js';
import type { RouteGroup } from '../../http/routeGroup.js';
import type { Logger } from '../../log.js';

export function metricsRoutes(options: { registry: Registry; token: string | undefined; log: Logger }): RouteGroup {
  const mayScrape = adminAccess(options.token);
  return {
    mount(server) {
      server.get('/metrics', async (req: Request, res: Response) => {
        const denied = mayScrape(req.headers.authorization, req.socket.remoteAddress);
        if (denied) {
          if (denied === 401) res.setHeader('www-authenticate', 'Bearer realm="metrics"');
          return problem(res, denied, denied === 401 ? 'Unauthorized' : 'Forbidden', {
            detail: denied === 401 ? 'Send Authorization: Bearer <METRICS_TOKEN>' : '/metrics answers only loopback callers while METRICS_TOKEN is unset',
          });
        }
        try {
          const body = await options.registry.metrics();
          res.setHeader('content-type', options.registry.contentType);
          res.writeHead(200);
          res.end(body);
        } catch (err) {
          // A store that cannot be read fails the scrape (Prometheus marks the target down), loudly.
          options.log.error({ event: 'metrics.failed', err }, 'collecting metrics failed');
          problem(res, 503, 'Metrics unavailable');
        }
      });
    },
  };
}
