/**
 * A seeded fuzz run against the bot as deployed: its own process, the heap capped at 256 MiB
 * as in the image. Hostile text, odd activities, duplicate deliveries and malformed HTTP, a
 * few thousand requests; the bot must answer each with a non-5xx status in bounded time,
 * write no error-level log line, keep its memory bounded, and still be alive at the end.
 *
 * The seed is fixed so a failure replays; FUZZ_SEED and FUZZ_REQUESTS change the run.
 */
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelServer } from '../support/emulator.js';
import { startBotProcess, type BotProcess } from '../support/process.js';
import { prng } from '../support/prng.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2400);
const CONCURRENCY = 8;
/** Far above a healthy turn (tens of ms), far below a runaway one (the old 8.9 s). */
const MAX_REQUEST_MS = 6000;
const MAX_RSS_MB = 400;


const random = prng(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T,>(items: readonly T[]): T => items[int(items.length)]!;
const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / Math.max(1, unit.length))).slice(0, length);

const WORDS = ['kemarin', 'udh', 'bayar', 'lwt', 'bca', 'tp', 'internet', 'blm', 'bs', 'tanggal', 'indomaret', 'gopay', 'sms', 'telpon', 'ya', 'belum', 'batal', 'agen', '0811', 'bandung', 'tgl', 'jam', 'ralat', 'eh', 'bukan'];
const ODD = ['\u0000', '\u200b', '\u202e', '😀', '🇮🇩', 'ʕ•ᴥ•ʔ', '\ud800', '%s%n', '{{t}}', '__proto__', '<script>alert(1)</script>', "' OR 1=1 --", '\r\n', '\t', '\\', '"', '０８１１', '٠٨١١'];

function hostileText(): string {
  const length = pick([0, 1, 5, 40, 200, 1000, 1750, 1999, 2000, 2600]);
  switch (int(9)) {
    case 0:
      return repeat(pick(WORDS), length); // "kemarinkemarin…": the typo lookup's old worst case
    case 1:
      return repeat(`${pick(WORDS)} `, length);
    case 2:
      return repeat(pick(['ab', 'ha', 'wk', 'a', 'xyz', '1', '12', '!?']), length);
    case 3:
      return Array.from({ length }, () => String.fromCodePoint(int(0x2fff) + 1)).join('');
    case 4:
      return Array.from({ length: Math.ceil(length / 4) }, () => pick([...WORDS, ...ODD])).join(pick([' ', '', ',', '.', '-', '/']));
    case 5:
      return repeat('9', length);
    case 6:
      return Array.from({ length: Math.ceil(length / 6) }, () => `${int(32)}/${int(13)}/${int(100)}`).join(' ');
    case 7:
      return pick(ODD).repeat(1 + int(50));
    default:
      return ` \n\t `.slice(0, int(5));
  }
}

interface Channel {
  url: string;
}

function baseActivity(channel: Channel, conversationId: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `fz-${int(1e9)}`,
    channelId: pick(['emulator', 'webchat', 'directline', 'msteams']),
    serviceUrl: channel.url,
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}`, name: 'Fuzz' },
    recipient: { id: 'bot', name: 'Bot' },
    locale: pick(['id-ID', 'en-US', 'jv-ID', 'xx', undefined]),
    text: hostileText(),
  };
}

/** One mutation of a good activity: wrong types, unknown kinds, forged identities, junk fields. */
function oddActivity(channel: Channel, conversationId: string): unknown {
  const a: Record<string, unknown> = baseActivity(channel, conversationId);
  switch (int(16)) {
    case 0:
      delete a[pick(['channelId', 'from', 'recipient', 'conversation', 'type', 'serviceUrl'])];
      return a;
    case 1:
      a[pick(['channelId', 'text', 'locale', 'type', 'id'])] = pick([1, true, null, [], {}, { a: 1 }]);
      return a;
    case 2:
      a.conversation = { id: pick(['😀', 'x'.repeat(3000), '', 'a\nb', 'ü-ok-latin1']) };
      return a;
    case 3:
      a.type = pick(['invoke', 'event', 'messageReaction', 'endOfConversation', 'installationUpdate', 'typing', 'conversationUpdate', 'unknownType', 'messageUpdate', 'handoff']);
      a.name = pick(['handoff.status', 'webchat/join', 'adaptiveCard/action', undefined]);
      a.value = pick([{ action: 'x' }, 'v', 7, null, { services: ['DATA', 1] }]);
      return a;
    case 4:
      a.channelData = { ecare: pick([{ msisdn: '6281100000001', accountName: 'Forged' }, { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiI2MjgxMSJ9.' }, { token: 5 }, 'x']) };
      return a;
    case 5:
      a.attachments = pick([[{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/x.png' }], 'junk', [null], [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: 'x' } }]]);
      return a;
    case 6:
      a.entities = pick([[{ type: 'mention', mentioned: 5 }], 'e', [null], [{ type: 'clientInfo', locale: 7 }]]);
      return a;
    case 7:
      a.value = { text: hostileText(), services: pick([['DATA'], 'DATA', [{}]]) };
      a.text = undefined;
      return a;
    case 8:
      a.membersAdded = pick([[{ id: 'bot' }, { id: 'user' }], 'x', [null], [{}]]);
      a.type = 'conversationUpdate';
      return a;
    case 9:
      return pick([[], 'string', 7, null, { type: 'message' }]);
    case 10:
      a.channelData = JSON.parse(`${'['.repeat(3000)}${']'.repeat(3000)}`);
      return a;
    case 11:
      a.suggestedActions = { actions: 'x' };
      a.replyToId = pick([5, 'x'.repeat(2000)]);
      return a;
    case 12:
      a.timestamp = pick(['not a date', 5, '9999-99-99']);
      a.localTimestamp = pick(['x', {}]);
      return a;
    case 13:
      a.__proto__ = { polluted: true };
      (a as { constructor?: unknown }).constructor = { prototype: { polluted: true } };
      return a;
    case 14:
      a.from = { id: 'u', role: pick(['bot', 'skill', 5]), aadObjectId: 7 };
      return a;
    default:
      a.locale = pick(['', 'id_ID', 'x'.repeat(30), '../../etc/passwd', 'EN-us']);
      return a;
  }
}

/** Malformed HTTP on a raw socket: the status line it answers (or '' for a closed socket). */
function rawRequest(port: number, payload: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer.split('\r\n')[0] ?? '');
    };
    socket.setTimeout(MAX_REQUEST_MS, done);
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.end(payload);
  });
}

function malformedHttp(): string | Buffer {
  const body = JSON.stringify({ type: 'message', text: hostileText() });
  switch (int(10)) {
    case 0:
      return `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999\r\n\r\n${body}`;
    case 1:
      return `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n${body}`;
    case 2:
      return `POST /api/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`;
    case 3:
      return `GARBAGE ${'x'.repeat(int(5000))}\r\n\r\n`;
    case 4:
      return `POST /api/messages HTTP/1.1\r\nHost: x\r\n${'X-Fill: y\r\n'.repeat(2000)}\r\n`;
    case 5:
      return `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=utf-7\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    case 6:
      return Buffer.from(Array.from({ length: 1 + int(2000) }, () => int(256)));
    case 7:
      return `GET /admin/${pick(['outbox', '../etc', '%00', 'x'.repeat(3000)])} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(int(100))}\r\n\r\n`;
    case 8:
      return `POST /api/messages?${'a=1&'.repeat(500)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip, br, deflate\r\nContent-Length: 4\r\n\r\nabcd`;
    default:
      return `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body) + 10}\r\n\r\n${body}`; // truncated body
  }
}

/** The process's resident memory; 0 once it has gone (the liveness check says so). */
function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

describe('fuzz: no input takes the bot down', () => {
  let bot: BotProcess;
  let channel: ChannelServer;
  beforeAll(async () => {
    channel = await new ChannelServer().start();
    bot = await startBotProcess({ NODE_OPTIONS: '--max-old-space-size=256', STORAGE: 'memory', LOG_LEVEL: 'info', TURN_LOCK_WAIT_MS: '3000' });
  }, 30_000);
  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await channel?.stop();
  });

  it(`answers ${REQUESTS} hostile requests (seed ${SEED}) without a 5xx, an error log, a slow answer or unbounded memory`, async () => {
    const port = Number(new URL(bot.url).port);
    const conversations = Array.from({ length: 150 }, (_, i) => `fuzz-${SEED}-${i}`);
    const failures: string[] = [];
    let slowest = 0;
    let peakRss = rssMb(bot.child.pid!);
    const sent: unknown[] = [];
    let processed = 0;

    const one = async (n: number) => {
      const kind = n % 10;
      const started = Date.now();
      let status: number | string;
      let what: string;
      if (kind === 9) {
        const payload = malformedHttp();
        what = `raw ${String(payload).slice(0, 60)}`;
        const line = await rawRequest(port, payload);
        status = /^HTTP\/1\.[01] (\d{3})/.exec(line)?.[1] ?? 'closed';
      } else {
        // Duplicates: a delivery sent before is sent again, as channels retry.
        const body = kind === 8 && sent.length > 0 ? pick(sent) : kind < 5 ? baseActivity(channel, pick(conversations)) : oddActivity(channel, pick(conversations));
        if (sent.length < 200) sent.push(body);
        what = JSON.stringify(body)?.slice(0, 120) ?? String(body);
        const res = await fetch(new URL('/api/messages', bot.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) ?? 'undefined' }).catch((e: Error) => ({ status: `error ${e.message}`, arrayBuffer: async () => undefined }));
        await res.arrayBuffer();
        status = res.status;
      }
      if (kind < 5 && status === 200) processed += 1;
      const took = Date.now() - started;
      slowest = Math.max(slowest, took);
      if (typeof status === 'number' ? status >= 500 : status.startsWith('error')) failures.push(`${status} for ${what}`);
      if (took > MAX_REQUEST_MS) failures.push(`${took} ms for ${what}`);
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS && bot.child.exitCode === null && bot.child.signalCode === null) {
          await one(next++);
          if (next % 100 === 0) peakRss = Math.max(peakRss, rssMb(bot.child.pid!));
        }
      }),
    );

    expect(bot.child.exitCode ?? bot.child.signalCode, `the bot died after ${next} requests: ${bot.stderr().slice(-600)}`).toBeNull();
    const health = await fetch(new URL('/healthz', bot.url));
    const errorLines = bot
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.level >= 50)
      .map((l) => `${l.msg}: ${JSON.stringify(l).slice(0, 700)}`);
    console.info(`fuzz seed ${SEED}: ${REQUESTS} requests (${processed} well-formed messages answered 200), slowest ${slowest} ms, peak RSS ${peakRss.toFixed(0)} MB`);

    // Well-formed hostile messages are answered, not refused: the guard must not be the reason nothing fails.
    expect(processed).toBeGreaterThan(REQUESTS * 0.4);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(errorLines.slice(0, 10)).toEqual([]);
    expect(peakRss).toBeLessThan(MAX_RSS_MB);
    expect(health.status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  }, 120_000);
});
