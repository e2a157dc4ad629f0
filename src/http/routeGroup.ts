/**
 * A feature's own HTTP routes (a channel endpoint, the agent desk, metrics, the report),
 * mounted by `createServer` next to the core routes. Each group lives in its own module and
 * is handed to the server by the composition root, so adding one touches no other route.
 */
import type restify from 'restify';

export interface RouteGroup {
  /** Registers the group's routes; called once, before the server listens. */
  mount(server: restify.Server): void;
  /**
   * Called when the server shuts down, after in-flight turns had their grace period: close
   * what plain HTTP connection handling does not (WebSockets, event streams, timers).
   */
  close?(): Promise<void>;
}
