/**
 * The embedded default across a restart: the watch and its schedule are in the file store, so
 * a new process (new store, scheduler and monitor on the same directory) carries on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { FileStore } from '../../src/storage/fileStore.js';
import { LocalLockService } from '../../src/storage/localLock.js';
import { BLOCKED, createTicket, makeClient, makeInstance, recipient, sleep, waitFor, type Sent } from './harness.js';

const INTERVAL = 60;
let simulator: Simulator;
let dir: string;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
  dir = mkdtempSync(join(tmpdir(), 'sop007-monitor-'));
});
afterAll(async () => {
  await simulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a restart between the watch and the number becoming active', () => {
  it('loses no schedule: the new process sends the message exactly once', async () => {
    const sent: Sent[] = [];
    const ticketId = await createTicket(makeClient(simulator));

    // First process: watches, checks a few times (still blocked), then stops.
    const firstStore = await FileStore.open(dir);
    const first = makeInstance({ simulator, store: firstStore, locks: new LocalLockService(), sent, intervalMs: INTERVAL });
    await first.monitor.start();
    const watched = await first.monitor.watch({ conversationId: 'conv-restart', msisdn: BLOCKED, ticketId, recipient: recipient('conv-restart'), kind: 'TICKET' });
    await waitFor('two checks', () => first.dscCalls() >= 2);
    await first.monitor.stop();
    await firstStore.close(); // one owner per directory

    simulator.activate(BLOCKED); // while no process runs
    await sleep(INTERVAL * 2);
    expect(sent).toEqual([]);

    // Second process on the same directory.
    const secondStore = await FileStore.open(dir);
    const second = makeInstance({ simulator, store: secondStore, locks: new LocalLockService(), sent, intervalMs: INTERVAL });
    try {
      expect(await second.monitor.current('conv-restart')).toMatchObject({ watchId: watched.watchId, status: 'watching' });
      expect(await secondStore.keys('schedule/')).toHaveLength(1);
      await second.monitor.start();
      await waitFor('the active message', () => sent.length > 0);
      await sleep(INTERVAL * 4);
      expect(sent).toEqual([{ kind: 'numberActive', conversationId: 'conv-restart', ticketId, locale: 'id' }]);
      expect(simulator.notes(ticketId)).toHaveLength(1);
      expect(second.noteCalls()).toBe(1);
      expect(await secondStore.keys('schedule/')).toEqual([]);
    } finally {
      await second.monitor.stop();
      await secondStore.close();
    }
  });
});
