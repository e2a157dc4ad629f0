/**
 * deploy/compose.yaml, nginx.conf and prometheus.yml hang together: two bot instances on the
 * same Redis and backend, a proxy that round-robins over both without stickiness, Prometheus
 * scraping both, and only variables the bot reads (src/config.ts) plus METRICS_TOKEN.
 * (No `docker compose config` on CI machines, so the files are parsed here.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigSchema } from '../../src/config.js';
import { projectPath } from '../../src/paths.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  env_file?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  secrets?: string[];
  depends_on?: Record<string, unknown> | string[];
  ports?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { environment?: string; file?: string }>;
}

const read = (file: string) => readFileSync(projectPath('deploy', file), 'utf8');
const compose = parse(read('compose.yaml'), { merge: true }) as Compose;
const nginx = read('nginx.conf');
const prometheus = parse(read('prometheus.yml')) as {
  scrape_configs: { job_name: string; metrics_path?: string; authorization?: { type?: string; credentials_file?: string }; static_configs: { targets: string[] }[] }[];
};
const BOTS = ['bot-1', 'bot-2'];
const KNOWN = new Set([...Object.keys(ConfigSchema.shape), 'METRICS_TOKEN']);
const SIMULATOR_VARIABLES = new Set(['SIMULATOR_HOST', 'SIMULATOR_PORT', 'SIMULATOR_LATENCY_MS', 'SIMULATOR_TICKETS_IN_HISTORY', 'BACKEND_API_KEY', 'LOG_LEVEL']);

describe('deploy/compose.yaml', () => {
  it('runs two bot instances on the same Redis, prefix and backend, from the same image', () => {
    const [a, b] = BOTS.map((name) => compose.services[name]);
    expect(a && b).toBeTruthy();
    for (const bot of [a!, b!]) {
      expect(bot.environment?.STORAGE).toBe('redis');
      expect(bot.environment?.BACKEND_BASE_URL).toBe('http://simulator:4010');
      expect(bot.env_file).toBe('.env');
    }
    expect(a!.environment?.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    expect(b!.environment?.REDIS_URL).toBe(a!.environment?.REDIS_URL);
    expect(b!.environment?.REDIS_PREFIX).toBe(a!.environment?.REDIS_PREFIX);
    expect(b!.image).toBe(a!.image);
  });

  it('gives the bots only variables src/config.ts reads', () => {
    for (const name of BOTS) {
      for (const variable of Object.keys(compose.services[name]!.environment ?? {})) expect(KNOWN, variable).toContain(variable);
    }
    for (const variable of Object.keys(compose.services.simulator!.environment ?? {})) expect(SIMULATOR_VARIABLES, variable).toContain(variable);
  });

  it('has one simulator both bots use, Redis with AOF on a volume', () => {
    expect(compose.services.simulator!.command).toEqual(['node', 'dist/src/simulator/main.js']);
    const redis = compose.services.redis!;
    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    const volume = redis.volumes?.find((v) => v.endsWith(':/data'));
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(':')[0]);
  });

  it('hands Prometheus METRICS_TOKEN as the secret its config reads', () => {
    expect(compose.secrets?.metrics_token?.environment).toBe('METRICS_TOKEN');
    expect(compose.services.prometheus!.secrets).toContain('metrics_token');
    expect(compose.services.prometheus!.volumes).toContain('./prometheus.yml:/etc/prometheus/prometheus.yml:ro');
  });

  it('.env.example lists only known variables, with every secret empty', () => {
    const lines = read('.env.example').split('\n').filter((l) => /^[A-Za-z_]+=/.test(l));
    const entries = lines.map((l) => l.split('=') as [string, string]);
    for (const [name] of entries) expect(KNOWN, name).toContain(name);
    for (const secret of ['ADMIN_TOKEN', 'METRICS_TOKEN', 'ECARE_IDENTITY_SECRET', 'MicrosoftAppPassword', 'BACKEND_API_KEY']) {
      expect(entries.find(([n]) => n === secret)?.[1], secret).toBe('');
    }
  });
});

describe('deploy/nginx.conf', () => {
  it('round-robins over both instances, without sticky sessions', () => {
    const upstream = /upstream\s+bots\s*\{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    for (const name of BOTS) expect(upstream).toMatch(new RegExp(`server\\s+${name}:3978\\b`));
    const directives = nginx.split('\n').map((l) => l.replace(/#.*/, '')).join('\n');
    expect(directives).not.toMatch(/\b(ip_hash|hash|sticky|least_conn|random)\b/);
    expect(directives).toMatch(/proxy_pass\s+http:\/\/bots;/);
  });

  it('is what compose mounts', () => {
    expect(compose.services.proxy!.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
  });
});

describe('deploy/prometheus.yml', () => {
  it('scrapes /metrics on both instances with the bearer token file', () => {
    const job = prometheus.scrape_configs.find((j) => j.job_name === 'sop007-bot');
    expect(job?.metrics_path).toBe('/metrics');
    expect(job?.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/metrics_token' });
    const targets = job!.static_configs.flatMap((s) => s.targets);
    expect(targets.sort()).toEqual(BOTS.map((b) => `${b}:3978`));
  });
});

const hasPromtool = (() => {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasPromtool)('deploy/prometheus.yml with promtool (Debian package prometheus)', () => {
  // --syntax-only: the token file exists only inside the Compose deployment.
  it('is a valid Prometheus configuration', () => {
    const run = spawnSync('promtool', ['check', 'config', '--syntax-only', projectPath('deploy', 'prometheus.yml')], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toMatch(/SUCCESS/);
    expect(run.status).toBe(0);
  });
});
