/** The desk's state machine: waiting → claimed → closed, and what each state refuses. */
import { describe, expect, it } from 'vitest';
import type { HandoffCase } from '../../src/channels/handoff/caseContext.js';
import { appendLine, claim, closeByAgent, closeByCustomer, mayReply, MAX_TRANSCRIPT, openCase, queueOf, waitExpired, type DeskCase } from '../../src/desk/machine.js';

const sari = { username: 'sari', displayName: 'Sari' };
const budi = { username: 'budi', displayName: 'Budi' };
const handoff = { reason: 'OUTCOME', outcome: 'TICKET_BLOCKED', ticket: { ticketId: 'TT-1', status: 'OPEN' } } as unknown as HandoffCase;
const at = new Date('2026-12-04T01:00:00Z');
const fresh = (id = 'c1', when = at): DeskCase =>
  openCase({ handoff, transcript: [{ from: 'customer', text: 'halo', at: when.toISOString() }], recipient: { conversationId: id, reference: {}, locale: 'id-ID' }, channel: 'emulator', at: when });
const value = <T>(o: { ok: true; value: T } | { ok: false }) => (o.ok ? o.value : expect.unreachable('refused'));

describe('desk state machine', () => {
  it('opens waiting, with the ticket and outcome of the hand-off', () => {
    expect(fresh()).toMatchObject({ state: 'waiting', agent: null, ticketId: 'TT-1', outcome: 'TICKET_BLOCKED', conversationId: 'c1' });
  });

  it('a claim makes it the agent\'s; the same agent may claim again, another gets a conflict', () => {
    const claimed = value(claim(fresh(), sari));
    expect(claimed).toMatchObject({ state: 'claimed', agent: 'sari', agentName: 'Sari' });
    expect(claim(claimed, sari).ok).toBe(true);
    expect(claim(claimed, budi)).toEqual({ ok: false, reason: 'conflict' });
  });

  it('only the holder replies; nobody before a claim', () => {
    expect(mayReply(fresh(), sari)).toEqual({ ok: false, reason: 'not_claimed' });
    const claimed = value(claim(fresh(), sari));
    expect(mayReply(claimed, sari).ok).toBe(true);
    expect(mayReply(claimed, budi)).toEqual({ ok: false, reason: 'conflict' });
  });

  it('closing: by the holder (with a note), or a waiting case by anyone; a closed case takes nothing', () => {
    const claimed = value(claim(fresh(), sari));
    expect(closeByAgent(claimed, budi, at)).toEqual({ ok: false, reason: 'conflict' });
    const closed = value(closeByAgent(claimed, sari, at, 'done'));
    expect(closed).toMatchObject({ state: 'closed', closedBy: 'agent', note: 'done' });
    expect(value(closeByAgent(fresh(), budi, at)).state).toBe('closed');
    for (const step of [claim(closed, sari), mayReply(closed, sari), closeByAgent(closed, sari, at)]) expect(step).toEqual({ ok: false, reason: 'closed' });
    expect(closeByCustomer(closed, at)).toBe(closed);
    expect(closeByCustomer(fresh(), at)).toMatchObject({ state: 'closed', closedBy: 'customer' });
  });

  it('keeps the transcript bounded, oldest lines dropped, long lines cut', () => {
    let c = fresh();
    for (let i = 0; i < MAX_TRANSCRIPT + 5; i++) c = appendLine(c, { from: 'customer', text: `m${i}`, at: at.toISOString() });
    expect(c.transcript).toHaveLength(MAX_TRANSCRIPT);
    expect(c.transcript.at(-1)!.text).toBe(`m${MAX_TRANSCRIPT + 4}`);
    expect(appendLine(c, { from: 'agent', text: 'x'.repeat(5000), at: '' }).transcript.at(-1)!.text).toHaveLength(2000);
  });

  it('queue: open cases oldest first with their waiting time; the closed one is not listed', () => {
    const older = fresh('a', new Date(at.getTime() - 60_000));
    const claimed = value(claim(fresh('b', new Date(at.getTime() - 30_000)), sari));
    const newer = fresh('c', at);
    const closed = value(closeByAgent(fresh('d'), sari, at));
    const all = [newer, closed, claimed, older];
    expect(queueOf(all, new Date(at.getTime() + 1000)).map((q) => [q.conversationId, q.state, q.waitingSeconds, q.agent])).toEqual([
      ['a', 'waiting', 61, null],
      ['b', 'claimed', 31, 'Sari'],
      ['c', 'waiting', 1, null],
    ]);
  });

  it('the longest wait: expired once, only while waiting', () => {
    const c = fresh();
    const later = new Date(at.getTime() + 10 * 60_000);
    expect(waitExpired(c, new Date(at.getTime() + 60_000), 600_000)).toBe(false);
    expect(waitExpired(c, later, 600_000)).toBe(true);
    expect(waitExpired({ ...c, waitExpired: true }, later, 600_000)).toBe(false);
    expect(waitExpired(value(claim(c, sari)), later, 600_000)).toBe(false);
  });
});
