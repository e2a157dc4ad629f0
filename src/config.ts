/**
 * Every environment variable the bot reads, read once here and validated with zod. The same
 * schema documents them: `.env.example` and the README table list exactly these.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ConfigSchema = z.object({
  PORT: int(0, 65535).default(3978),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  /** Any case: `INFO` is `info`. */
  LOG_LEVEL: z.string().toLowerCase().pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),

  // Bot Framework identity. Empty MicrosoftAppId = anonymous (Bot Framework Emulator, local use).
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalString,
  /** Where channel signing keys are published; the public Bot Framework's by default. */
  BOT_OPENID_METADATA_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),

  // Backend gateway. Unset = the built-in simulator, started in-process on a free port.
  BACKEND_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  BACKEND_API_KEY: optionalString,
  BACKEND_TIMEOUT_MS: int(100, 60_000).default(2000),
  DIAGNOSIS_BUDGET_MS: int(200, 12_000).default(5000),

  // State. `file` (default) keeps conversations and the ticket outbox in DATA_DIR across
  // restarts (one process); `redis` is for several instances; `memory` is for tests.
  STORAGE: z.enum(['memory', 'file', 'redis']).default('file'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  /** Every key this bot writes in Redis starts with it, so instances of other bots can share the server. */
  REDIS_PREFIX: z.string().trim().min(1).max(100).default('sop007:'),
  /** How long a message waits for the previous turn of its conversation before "one moment". */
  TURN_LOCK_WAIT_MS: int(100, 60_000).default(8000),
  /** Tickets and notes that could not be sent are retried with back-off this many times. */
  OUTBOX_MAX_ATTEMPTS: int(1, 1000).default(12),
  OUTBOX_RETRY_BASE_MS: int(100, 3_600_000).default(2000),

  // Monitoring until the number is active (SOP-007 Notes 5). Fractions work, for demos and tests.
  MONITOR_INTERVAL_SECONDS: z.coerce.number().min(0.05).max(86_400).default(900),
  MONITOR_HORIZON_HOURS: z.coerce.number().min(0.0001).max(24 * 30).default(72),

  /**
   * A conversation is forgotten this long after its last turn (never while its number is
   * watched), and a finished watch this long after it ended. UU PDP: no longer than needed.
   */
  CONVERSATION_RETENTION_HOURS: z.coerce.number().min(0.0001).max(24 * 365).default(72),

  /**
   * Operators' routes (`/admin/*`) want `Authorization: Bearer <ADMIN_TOKEN>`. Unset: they
   * answer loopback callers only (behind a reverse proxy, set it).
   */
  ADMIN_TOKEN: optionalString.pipe(z.string().min(16, { error: 'must be at least 16 characters' }).optional()),
  // --- operations (issue 19): metrics and the daily report ---
  /**
   * `GET /metrics` wants `Authorization: Bearer <METRICS_TOKEN>` (Prometheus' own token, not the
   * admin one). Unset: it answers loopback callers only.
   */
  /**
   * `off`: no Prometheus metrics are kept and `/metrics` is not served (404). The daily report
   * still counts. For measuring what metrics cost (docs/benchmarks.md), and for deployments
   * that scrape nothing. Any case.
   */
  METRICS: z.string().trim().toLowerCase().pipe(z.enum(['on', 'off'])).default('on'),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, { error: 'must be at least 16 characters' }).optional()),
  /** A conversation with no customer message this long before an outcome counts as `abandoned`. */
  ABANDON_AFTER_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(30),
  /** Days of daily report aggregates kept (counts only, no personal data): a year and a bit, for year-on-year. */
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  // --- end operations ---
  /**
   * E-Care identity: the portal signs a JWT for its logged-in customer (docs/ecare.md). HS256 with
   * ECARE_IDENTITY_SECRET, or RS256/ES256 with the keys at ECARE_IDENTITY_JWKS_URL. Neither set:
   * E-Care identity is not accepted at all.
   */
  ECARE_IDENTITY_SECRET: optionalString.pipe(z.string().min(32, { error: 'must be at least 32 characters' }).optional()),
  ECARE_IDENTITY_JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ECARE_IDENTITY_AUDIENCE: optionalString.pipe(z.string().optional()).transform((v) => v ?? 'sop007-bot'),
  ECARE_IDENTITY_ISSUER: optionalString,
  /**
   * The bot's own Direct Line (docs/directline.md): the secret the E-Care server calls
   * tokens/generate with, and the HS256 key of every Direct Line token. Unset: one is made at
   * start (tokens then stop working at a restart, and differ between instances).
   */
  DIRECT_LINE_SECRET: optionalString.pipe(z.string().min(32, { error: 'must be at least 32 characters' }).optional()),
  /** Origins (comma-separated) whose pages may call the Direct Line routes from a browser (CORS); empty = the bot's own page only. */
  CHAT_ALLOWED_ORIGINS: optionalString.transform((v) => (v ? v.split(',').map((o) => o.trim()).filter(Boolean) : [])),
  /**
   * How long a Direct Line token lives (tokens/refresh gives a fresh one). Microsoft's clients
   * refresh theirs every 15 minutes whatever the lifetime, so it is at least 20 minutes.
   */
  DIRECT_LINE_TOKEN_TTL_SECONDS: int(20 * 60, 24 * 3600).default(30 * 60),
  /** `/chat/token` (anonymous web chat) per client IP and minute. */
  CHAT_TOKENS_PER_MINUTE: int(1, 10_000).default(10),
  /**
   * At most this many messages of one conversation are processed in any window; the rest are
   * acknowledged and dropped, after one polite line. Each message can cost six backend calls.
   */
  RATE_LIMIT_MESSAGES: int(1, 10_000).default(20),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 3600).default(10),

  /**
   * Microsoft Teams (docs/teams.md): the Entra tenant ids (comma-separated) whose users may use
   * the bot; anyone else's messages get one polite line and are not processed. Empty = any
   * tenant (a public app). A company's own deployment lists its tenant.
   */
  TEAMS_ALLOWED_TENANTS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[0-9A-Za-z-]{1,64}$/, { error: 'must be tenant ids (GUIDs), comma-separated' }))),
  // Hand-off to a human (docs/desk.md). `desk`: the built-in agent desk at /desk (and the
  // handoff.initiate event); `omnichannel`: Dynamics 365 Omnichannel's Escalate tags;
  // `liveperson`: LivePerson's TRANSFER action; `event`: the handoff.initiate event only.
  HANDOFF_TARGET: optionalString.pipe(z.enum(['desk', 'omnichannel', 'liveperson', 'event']).optional()).transform((v) => v ?? 'desk'),
  /** The LivePerson skill a transfer asks for; required with HANDOFF_TARGET=liveperson. */
  LIVEPERSON_SKILL: optionalString,
  /** Agents' accounts (scrypt hashes; `npm run desk:user`). Unset: the demo users (docs/desk.md), demo only. */
  DESK_USERS_FILE: optionalString,
  /** Signs agents' session tokens (HS256). Unset: a random one per start (sessions end at restart; set it with several instances). */
  DESK_SESSION_SECRET: optionalString.pipe(z.string().min(32, { error: 'must be at least 32 characters' }).optional()),
  DESK_SESSION_HOURS: z.coerce.number().min(0.01).max(24 * 7).default(10),
  /** Unclaimed this long, the customer is told the ticket number and that the team will contact them. */
  DESK_MAX_WAIT_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(10),

  // HTTP input guards and lifecycle.
  MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024).default(256 * 1024),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/**
 * An empty variable means "use the default", as botbuilder treats it: the Bot Framework
 * samples' `.env` and Azure's generated files list `MicrosoftAppType=` and friends empty.
 */
function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/**
 * The environment with `.env` under it, as `.env.example` promises: a variable set in the real
 * environment wins over the file. No file, no change. Uses Node's own parser (util.parseEnv).
 */
export function withDotEnv(env: NodeJS.ProcessEnv, path: string): NodeJS.ProcessEnv {
  if (!existsSync(path)) return env;
  return { ...parseEnv(readFileSync(path, 'utf8')), ...env };
}

/** Validates the environment; throws one ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(withoutEmptyValues(env));
  if (result.success) {
    const config = result.data;
    if (config.MicrosoftAppId && !config.MicrosoftAppPassword && config.MicrosoftAppType !== 'UserAssignedMSI') {
      throw new ConfigError('MicrosoftAppPassword', 'is required when MicrosoftAppId is set');
    }
    if (config.DIAGNOSIS_BUDGET_MS < config.BACKEND_TIMEOUT_MS) {
      // A budget shorter than one backend call would cut every slow answer short.
      throw new ConfigError('DIAGNOSIS_BUDGET_MS', `must be at least BACKEND_TIMEOUT_MS (${config.BACKEND_TIMEOUT_MS}) (got "${config.DIAGNOSIS_BUDGET_MS}")`);
    }
    if (config.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppId && !config.MicrosoftAppTenantId) {
      throw new ConfigError('MicrosoftAppTenantId', 'is required when MicrosoftAppType is SingleTenant');
    }
    if (config.HANDOFF_TARGET === 'liveperson' && !config.LIVEPERSON_SKILL) {
      throw new ConfigError('LIVEPERSON_SKILL', 'is required when HANDOFF_TARGET is liveperson');
    }
    return config;
  }
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'environment');
  const given = env[variable];
  const shown = given === undefined ? '' : ` (got "${given.length > 40 ? `${given.slice(0, 40)}…` : given}")`;
  throw new ConfigError(variable, `${issue.message.replace(/^Invalid input: /, '')}${shown}`);
}
