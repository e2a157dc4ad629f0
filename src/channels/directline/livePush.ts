/**
 * "Conversation X has something new": in-process for one instance, over Redis pub/sub between
 * several, so a WebSocket held by instance B hears of a reply written by instance A. Only the
 * conversation id travels; each socket then reads the history from its own watermark.
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export interface LivePush {
  publish(conversationId: string): void;
  subscribe(conversationId: string, listener: () => void): () => void;
  close(): Promise<void>;
}

export function createLivePush(redis?: { client: Redis; channel: string }): LivePush {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  if (!redis) {
    return {
      publish: (id) => void local.emit(id),
      subscribe(id, listener) {
        local.on(id, listener);
        return () => local.off(id, listener);
      },
      close: async () => undefined,
    };
  }
  // A subscribed ioredis connection can do nothing else: a connection of its own. The app's
  // client refuses commands while disconnected; this one queues its SUBSCRIBE until connected
  // (and ioredis subscribes again after a reconnect).
  const subscriber = redis.client.duplicate({ enableOfflineQueue: true });
  // A notice published while this instance was not (yet, or no longer) subscribed is lost:
  // every time the subscription is (re)confirmed, each local socket re-reads from its
  // watermark, so what it missed comes now rather than with the next notice. Redis answers
  // commands in order, so this SUBSCRIBE's reply also means ioredis's own resubscribe is done.
  const wakeAll = () => {
    for (const id of local.eventNames()) local.emit(id);
  };
  const confirm = () => void subscriber.subscribe(redis.channel).then(wakeAll, () => undefined);
  subscriber.on('ready', confirm);
  subscriber.on('message', (channel: string, id: string) => {
    if (channel === redis.channel) local.emit(id);
  });
  return {
    publish(id) {
      // Redis delivers to this instance too, but a local emit now saves the round trip;
      // a socket reads from its watermark, so hearing twice sends nothing twice.
      local.emit(id);
      void redis.client.publish(redis.channel, id).catch(() => undefined);
    },
    subscribe(id, listener) {
      local.on(id, listener);
      return () => local.off(id, listener);
    },
    async close() {
      subscriber.disconnect();
    },
  };
}
