import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigSchema, loadConfig, withDotEnv } from '../../src/config.js';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/paths.js';

describe('configuration', () => {
  it('starts on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3978);
    expect(config.MicrosoftAppId).toBeUndefined();
    expect(config.BACKEND_BASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['BACKEND_BASE_URL', 'ftp://example'],
    ['BACKEND_TIMEOUT_MS', '5'],
    ['MicrosoftAppType', 'Whatever'],
  ])('names the variable when %s=%s is bad', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrowError(ConfigError);
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
      expect((error as Error).message).not.toMatch(/\n/);
    }
  });

  it('takes an empty value as the default, for every variable (the Bot Framework samples\' .env)', () => {
    const everyVariableEmpty = Object.fromEntries(Object.keys(ConfigSchema.shape).map((v) => [v, '']));
    expect(loadConfig(everyVariableEmpty)).toEqual(loadConfig({}));
    const samples = loadConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '  ' });
    expect(samples.MicrosoftAppType).toBe('MultiTenant');
    expect(samples.MicrosoftAppTenantId).toBeUndefined();
  });

  it('refuses an admin token too short to be a secret', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN/);
  });

  it('refuses an E-Care secret too short for HS256 and a JWKS URL that is not http(s)', () => {
    expect(() => loadConfig({ ECARE_IDENTITY_SECRET: 'x'.repeat(31) })).toThrow(/ECARE_IDENTITY_SECRET/);
    expect(loadConfig({ ECARE_IDENTITY_SECRET: 'x'.repeat(32) }).ECARE_IDENTITY_SECRET).toHaveLength(32);
    expect(() => loadConfig({ ECARE_IDENTITY_JWKS_URL: 'file:///etc/keys.json' })).toThrow(/ECARE_IDENTITY_JWKS_URL/);
  });

  it('takes LOG_LEVEL in any case, and refuses a diagnosis budget shorter than one backend call', () => {
    expect(loadConfig({ LOG_LEVEL: 'INFO' }).LOG_LEVEL).toBe('info');
    expect(() => loadConfig({ LOG_LEVEL: 'LOUD' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ BACKEND_TIMEOUT_MS: '3000', DIAGNOSIS_BUDGET_MS: '2000' })).toThrow(/DIAGNOSIS_BUDGET_MS.*BACKEND_TIMEOUT_MS/);
    expect(loadConfig({ BACKEND_TIMEOUT_MS: '3000', DIAGNOSIS_BUDGET_MS: '3000' }).DIAGNOSIS_BUDGET_MS).toBe(3000);
  });

  it('reads .env under the real environment, which wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop007-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=4000\nLOG_LEVEL=debug\n# a comment\nADMIN_TOKEN="a-token-of-at-least-thirty-two-chars"\n');
    const env = withDotEnv({ LOG_LEVEL: 'warn' }, join(dir, '.env'));
    expect(loadConfig(env)).toMatchObject({ PORT: 4000, LOG_LEVEL: 'warn', ADMIN_TOKEN: 'a-token-of-at-least-thirty-two-chars' });
    expect(withDotEnv({ A: '1' }, join(dir, 'missing.env'))).toEqual({ A: '1' });
  });

  it('requires a password with an app id', () => {
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow(/MicrosoftAppPassword/);
  });

  it('documents every variable in .env.example and the README', () => {
    const example = readFileSync(projectPath('.env.example'), 'utf8');
    const readme = readFileSync(projectPath('README.md'), 'utf8');
    for (const variable of Object.keys(ConfigSchema.shape)) {
      expect(example, `.env.example lacks ${variable}`).toMatch(new RegExp(`^#?\\s*${variable}=`, 'm'));
      expect(readme, `README lacks ${variable}`).toContain(`\`${variable}\``);
    }
  });
});
