/**
 * `npm run chat`: a terminal chat with a running bot, for a person without the Bot Framework
 * Emulator. It plays the Emulator's role over HTTP (see ./emulator.ts).
 *
 *   npm run chat -- [--url http://localhost:3978] [--locale id-ID|en-US] [--ecare 62812…:"Account Name"]
 */
import { createInterface } from 'node:readline/promises';
import { stdin, stdout } from 'node:process';
import { signEcareToken } from '../services/ecareToken.js';
import { ChannelServer, EmulatedConversation, type BotActivity } from './emulator.js';
import { TranscriptPrinter } from './transcriptPrinter.js';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function render(activity: BotActivity): string | null {
  if (activity.type === 'typing') return '  …';
  if (activity.type === 'event' && activity.name === 'handoff.initiate') return '  [hand-off to an agent: handoff.initiate sent]';
  if (activity.type !== 'message' || !activity.text) return null;
  const buttons = activity.suggestedActions?.actions.map((a) => `[${a.title}]`).join(' ');
  return `bot> ${activity.text.replace(/\n/g, '\n     ')}${buttons ? `\n     ${buttons}` : ''}`;
}

async function main(): Promise<void> {
  const url = option('url') ?? `http://localhost:${process.env.PORT ?? 3978}`;
  const locale = option('locale') ?? 'id-ID';
  const ecare = option('ecare');
  const [msisdn, accountName] = ecare ? ecare.split(':') : [];
  // The bot believes only a signed token: sign one as the portal would, with the secret the bot
  // was started with (ECARE_IDENTITY_SECRET in this environment, see docs/ecare.md).
  const secret = process.env.ECARE_IDENTITY_SECRET?.trim();
  if (ecare && !secret) {
    stdout.write('--ecare needs ECARE_IDENTITY_SECRET (the same as the bot\'s) in the environment; see docs/ecare.md.\n');
    process.exit(2);
  }
  const token = ecare
    ? await signEcareToken({ msisdn: msisdn!, name: accountName ?? 'E-Care', secret: secret!, audience: process.env.ECARE_IDENTITY_AUDIENCE?.trim() || undefined, issuer: process.env.ECARE_IDENTITY_ISSUER?.trim() || undefined, lifetimeSeconds: 12 * 3600 })
    : undefined;
  const channel = await new ChannelServer().start();
  const conversation = new EmulatedConversation(url, channel, {
    locale,
    channelId: ecare ? 'webchat' : 'emulator',
    channelData: token ? { ecare: { token } } : undefined,
  });
  const printer = new TranscriptPrinter((text) => stdout.write(text), render);
  try {
    printer.printNew((await conversation.join()).replies);
  } catch {
    stdout.write(`Cannot reach the bot at ${url}. Start it with \`npm start\` first.\n`);
    await channel.stop();
    process.exit(1);
  }
  printer.printNew(conversation.activities);
  const rl = createInterface({ input: stdin, output: stdout, prompt: 'you> ' });
  // Proactive messages (a delayed ticket, monitoring) arrive between turns.
  const poll = setInterval(() => {
    if (printer.poll(conversation.activities)) rl.prompt();
  }, 500);
  rl.prompt();
  for await (const line of rl) {
    if (line.trim() === '/quit') break;
    await printer.turn(
      () =>
        conversation.say(line).catch((error: Error) => {
          stdout.write(`(${error.message})\n`);
          return [];
        }),
      () => conversation.activities,
    );
    rl.prompt();
  }
  clearInterval(poll);
  rl.close();
  await channel.stop();
}

void main();
