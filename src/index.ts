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

/**
 * A listener that cannot start is a configuration problem (a HOST that does not resolve or is
 * not this machine's, a PORT taken or forbidden): one line naming the variable and EX_CONFIG,
 * like any other bad value, rather than a stack and exit 1.
 */
function listenProblem(error: unknown): ConfigError | undefined {
  const { code, syscall, hostname, address, port } = (error ?? {}) as { code?: string; syscall?: string; hostname?: string; address?: string; port?: number };
  if (syscall === 'getaddrinfo' && (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL')) {
    return new ConfigError('HOST', `does not resolve to an address (got "${hostname ?? ''}")`);
  }
  if (syscall === 'listen' && code === 'EADDRNOTAVAIL') return new ConfigError('HOST', `is not an address of this machine (got "${address ?? ''}")`);
  if (syscall === 'listen' && (code === 'EADDRINUSE' || code === 'EACCES')) {
    return new ConfigError('PORT', `${code === 'EADDRINUSE' ? 'is already in use' : 'needs privileges this process lacks'} (got "${port ?? ''}")`);
  }
  return undefined;
}

main().catch((error: unknown) => {
  const problem = listenProblem(error);
  if (problem) {
    process.stderr.write(`${problem.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
