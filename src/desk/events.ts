/**
 * What happens at the desk, told to every agent's browser on every instance: in-process with
 * one instance, over Redis pub/sub (one channel under REDIS_PREFIX) with several.
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export type DeskEvent =
  | { type: 'handoff'; conversationId: string }
  | { type: 'customerMessage'; conversationId: string; text: string; at: string }
  | { type: 'agentMessage'; conversationId: string; text: string; at: string; agent: string }
  | { type: 'claimed'; conversationId: string; agent: string }
  | { type: 'closed'; conversationId: string; by: 'agent' | 'customer' };

export interface DeskEvents {
  publish(event: DeskEvent): Promise<void>;
  /** Returns the unsubscribe. */
  subscribe(listener: (event: DeskEvent) => void): () => void;
  close(): Promise<void>;
}

export function localDeskEvents(): DeskEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: async (event) => void emitter.emit('event', event),
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    close: async () => void emitter.removeAllListeners(),
  };
}

/** Redis pub/sub: a subscriber connection of its own (a subscribed connection can do nothing else). */
export async function redisDeskEvents(redis: Redis, prefix: string, log: Logger): Promise<DeskEvents> {
  const channel = `${prefix}desk:events`;
  const subscriber = redis.duplicate({ enableOfflineQueue: true });
  const local = localDeskEvents();
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    try {
      void local.publish(JSON.parse(message) as DeskEvent);
    } catch (err) {
      log.warn({ event: 'desk.event_unreadable', err }, 'desk: an event on the Redis channel was not JSON; ignored');
    }
  });
  await subscriber.subscribe(channel);
  return {
    publish: async (event) => void (await redis.publish(channel, JSON.stringify(event))),
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      await local.close();
      subscriber.disconnect();
    },
  };
}
