/** Process entry: validate configuration, start the app, stop gracefully on SIGTERM/SIGINT. */
import { startApp } from './app.js';
import { join } from 'node:path';
import { ConfigError, loadConfig, withDotEnv } from './config.js';

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
  const app = await startApp(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal} received: finishing in-flight turns, then exiting\n`);
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
