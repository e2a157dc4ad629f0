/**
 * `npm run simulator`: the built-in backend on its own, for demos and for running the bot
 * against it (BACKEND_BASE_URL=<printed URL>). Port from SIMULATOR_PORT, else the contract's 4010.
 */
import { createLogger } from '../log.js';
import { startSimulator } from './server.js';

const DEFAULT_PORT = 4010;

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });
const port = process.env.SIMULATOR_PORT ? Number(process.env.SIMULATOR_PORT) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SIMULATOR_PORT must be a port number, got "${process.env.SIMULATOR_PORT}"`);
  process.exit(2);
}
const latency = process.env.SIMULATOR_LATENCY_MS;

const simulator = await startSimulator({
  port,
  host: process.env.SIMULATOR_HOST ?? '127.0.0.1',
  ...(latency !== undefined && latency !== '' ? { latencyMs: Number(latency) } : {}),
  ...(process.env.BACKEND_API_KEY ? { apiKey: process.env.BACKEND_API_KEY } : {}),
  ticketsInHistory: process.env.SIMULATOR_TICKETS_IN_HISTORY !== 'false',
  log,
});

// The demo table goes to stdout as plain text on purpose: the numbers are fake, and a person reads it.
const rows = simulator.demoNumbers();
const width = Math.max(...rows.map((r) => r.outcome.length));
console.log(`\nSOP-007 backend simulator at ${simulator.url}  (admin: ${simulator.url}/_admin)\n`);
console.log(`${'MSISDN'.padEnd(15)} ${'outcome'.padEnd(width)}  what it shows`);
for (const row of rows) console.log(`${row.msisdn.padEnd(15)} ${row.outcome.padEnd(width)}  ${row.shows}`);
console.log('\nAny other 62… number: unknown to every system. Outages: "Bandung"/"Cimahi" (DATA), "Makassar" (VOICE, SMS).\n');

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'simulator closing');
    void simulator.close().then(() => process.exit(0));
  });
}
