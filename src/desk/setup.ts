/**
 * The desk, built for the composition root: users (DESK_USERS_FILE or the demo users), sessions,
 * events (Redis pub/sub with STORAGE=redis), the service, its routes and the wait sweeper.
 */
import { PeriodicPass } from '../services/periodicPass.js';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { projectPath } from '../paths.js';
import type { Stores } from '../storage/index.js';
import { deskRoutes } from '../http/deskApi.js';
import type { RouteGroup } from '../http/routeGroup.js';
import { localDeskEvents, redisDeskEvents } from './events.js';
import { DeskRepository } from './repository.js';
import { DeskService, type DeskServiceOptions } from './service.js';
import { DeskSessions } from './sessions.js';
import { DeskDirectory, readUsersFile } from './users.js';

export const DEMO_USERS_FILE = projectPath('src', 'desk', 'demo-users.json');

export interface Desk {
  service: DeskService;
  routes: RouteGroup;
  start(): void;
  stop(): Promise<void>;
}

export async function createDesk(input: {
  config: Pick<Config, 'DESK_USERS_FILE' | 'DESK_SESSION_SECRET' | 'DESK_SESSION_HOURS' | 'DESK_MAX_WAIT_MINUTES' | 'REDIS_PREFIX' | 'CONVERSATION_RETENTION_HOURS'>;
  stores: Stores;
  log: Logger;
  now: () => Date;
  customer: DeskServiceOptions['customer'];
  submitNote: DeskServiceOptions['submitNote'];
}): Promise<Desk> {
  const { config, stores, log, now } = input;
  if (!config.DESK_USERS_FILE) log.warn({ event: 'desk.demo_users', file: DEMO_USERS_FILE }, 'DESK_USERS_FILE unset: the desk accepts the DEMO users (docs/desk.md); never in production');
  const directory = new DeskDirectory(await readUsersFile(config.DESK_USERS_FILE ?? DEMO_USERS_FILE));
  if (!config.DESK_SESSION_SECRET) log.warn({ event: 'desk.session_secret_generated' }, 'DESK_SESSION_SECRET unset: a random one for this process (agents log in again after a restart; set it with several instances)');
  const sessions = new DeskSessions(config.DESK_SESSION_SECRET ?? randomBytes(32).toString('hex'), stores.store, config.DESK_SESSION_HOURS * 3_600_000, now);
  const events = stores.redis ? await redisDeskEvents(stores.redis, config.REDIS_PREFIX, log) : localDeskEvents();
  const maxWaitMs = config.DESK_MAX_WAIT_MINUTES * 60_000;
  const service = new DeskService({ repository: new DeskRepository(stores.store), events, locks: stores.locks, customer: input.customer, submitNote: input.submitNote, maxWaitMs, closedRetentionMs: config.CONVERSATION_RETENTION_HOURS * 3_600_000, log, now });
  const routes = deskRoutes({ desk: service, events, sessions, directory, log, now, redis: stores.redis ? { client: stores.redis, prefix: config.REDIS_PREFIX } : undefined });
  const waitSweep = new PeriodicPass(() => service.sweepWaiting(), (err) => log.error({ event: 'desk.sweep_failed', err }, 'desk: wait sweep failed'));
  const sessionSweep = new PeriodicPass(() => sessions.sweep(), (err) => log.warn({ event: 'desk.session_sweep_failed', err }, 'desk: session sweep failed'));
  return {
    service,
    routes,
    start() {
      const every = Math.max(200, Math.min(30_000, maxWaitMs / 4));
      waitSweep.start(every);
      sessionSweep.start(every);
    },
    async stop() {
      // The passes in flight finish before the event channel closes under them.
      await Promise.all([waitSweep.stop(), sessionSweep.stop()]);
      await events.close();
    },
  };
}
