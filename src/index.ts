/** Process entry: validate configuration, start the app, stop gracefully on SIGTERM/SIGINT. */
import { startApp } from './app.js';
import { join } from 'node:path';
import { ConfigError, loadConfig, withDotEnv } from './config.js';
import { createLogger } from './log.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(withDotEnv(process.env, join(process.cwd(), '.env')));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // One logger for the process: the shutdown line is JSON like every other.
  const log = createLogger({ level: config.LOG_LEVEL });
  const app = await startApp(config, { log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'process.stopping', signal }, 'finishing in-flight turns, then exiting');
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
