/**
 * `npm run --silent understand -- [--now ISO] [--tz Asia/Jakarta] [--locale id|en] ["text"]`
 *
 * With a text: one JSON line. Without: one JSON line per line of standard input, in order,
 * streamed with buffered writes so thousands of lines take a second or two
 * (docs/understand.md).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DEFAULT_TIME_ZONE, understand, type UnderstandOptions } from '../nlu/understand.js';

const USAGE =
  'usage: npm run --silent understand -- [--now 2026-11-25T10:00:00+07:00] [--tz Asia/Jakarta] [--locale id|en] ["text"]\n' +
  '       without a text, reads one message per line from standard input';

/** Output is flushed in chunks of about this many characters. */
const FLUSH_AT = 64 * 1024;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function optionsFrom(values: { now?: string; tz?: string; locale?: string }): UnderstandOptions {
  const options: UnderstandOptions = { timeZone: values.tz ?? DEFAULT_TIME_ZONE, locale: values.locale ?? 'id' };
  if (values.now !== undefined) {
    const now = new Date(values.now);
    if (Number.isNaN(now.getTime())) fail(`--now: not a date: ${values.now}`);
    options.now = now;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: options.timeZone });
  } catch {
    fail(`--tz: unknown time zone: ${values.tz}`);
  }
  return options;
}

function write(chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

async function batch(options: UnderstandOptions): Promise<void> {
  // Without --now, one clock reading for the whole batch: every line sees the same "today".
  const fixed: UnderstandOptions = { ...options, now: options.now ?? new Date() };
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer = '';
  for await (const line of lines) {
    buffer += JSON.stringify(understand(line, fixed)) + '\n';
    if (buffer.length >= FLUSH_AT) {
      await write(buffer);
      buffer = '';
    }
  }
  if (buffer.length > 0) await write(buffer);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        now: { type: 'string' },
        tz: { type: 'string' },
        locale: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (parsed.values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = optionsFrom(parsed.values);
  if (parsed.positionals.length > 0) {
    await write(JSON.stringify(understand(parsed.positionals.join(' '), options)) + '\n');
    return;
  }
  await batch(options);
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0); // the reader (e.g. `head`) has had enough
  throw err;
});

await main();
