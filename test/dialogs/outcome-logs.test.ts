/**
 * What an operator reads in the logs about a case: the diagnosis and every outcome, handed off
 * or not, with the conversation id and the number masked to its first four and last two digits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { DialogHarness } from '../support/dialogs.js';
import { captureLog } from '../support/logs.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latencyMs: 0 });
});
afterAll(async () => simulator.close());
beforeEach(() => simulator.reset());

describe('outcome log lines', () => {
  it('an outcome without a hand-off (row 2) logs diagnosis.done and outcome.decided with the conversation and the masked number', async () => {
    const captured = captureLog();
    const bot = await DialogHarness.start({ log: captured.log }, simulator);
    await bot.say('nomor 081100000002 udh bayar kemarin lewat m-banking bca tp internet blm bisa');
    await bot.say('belum');
    const done = captured.lines.find((l) => l.event === 'diagnosis.done');
    const decided = captured.lines.find((l) => l.event === 'outcome.decided');
    expect(done).toMatchObject({ msg: 'diagnosis done', outcome: 'CONFIRM_WITH_PAYMENT_CHANNEL', msisdn: '6281*******02' });
    expect(done?.conversationId).toEqual(expect.any(String));
    expect(decided).toMatchObject({ outcome: 'CONFIRM_WITH_PAYMENT_CHANNEL', handoff: false, msisdn: '6281*******02', conversationId: done?.conversationId });
    // The unmasked number is nowhere in what was written.
    expect(JSON.stringify(captured.lines)).not.toContain('081100000002');
  });

  it('rows 8–9 log the diagnosis as waiting for the location, then the outcome once it is known', async () => {
    const captured = captureLog();
    const bot = await DialogHarness.start({ log: captured.log }, simulator);
    await bot.say('nomor 081100000009 udh bayar kemarin lewat m-banking bca tp internet blm bisa');
    await bot.say('iya');
    expect(captured.lines.find((l) => l.event === 'diagnosis.done')).toMatchObject({ outcome: null, needs: 'location' });
    expect(captured.lines.some((l) => l.event === 'outcome.decided')).toBe(false);
    await bot.say('Bandung, Coblong');
    expect(captured.lines.find((l) => l.event === 'outcome.decided')).toMatchObject({ outcome: expect.any(String), msisdn: '6281*******09' });
  });
});
