/** `npm run understand`: the command over understand(), as a child process. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = '2026-11-25T10:00:00+07:00';

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/understand.ts', ...args], {
    cwd: ROOT, input, encoding: 'utf8', timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('understand command', () => {
  it('with a text: one JSON object on one line', () => {
    const r = run(['--now', NOW, 'udh bayar kmrn lwt livin tp internet sm telpon blm bs']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      msisdn: null, paymentDate: '2026-11-24', paymentChannel: { provider: 'MANDIRI', method: 'MOBILE_BANKING' },
      services: ['DATA', 'VOICE'], confirmation: null, intent: null,
    });
  });

  it('several words without quotes are one text', () => {
    expect(JSON.parse(run(['--now', NOW, 'tgl', '20', 'di', 'indomart']).stdout)).toMatchObject({
      paymentDate: '2026-11-20', paymentChannel: { provider: 'INDOMARET', method: 'CASH' },
    });
  });

  it('--locale en and --tz', () => {
    expect(JSON.parse(run(['--now', NOW, '--locale', 'en', 'yes']).stdout).confirmation).toBe('YES');
    expect(JSON.parse(run(['--now', '2026-11-24T23:30:00Z', '--tz', 'UTC', 'hari ini']).stdout).paymentDate).toBe('2026-11-24');
    expect(JSON.parse(run(['--now', '2026-11-24T23:30:00Z', 'hari ini']).stdout).paymentDate).toBe('2026-11-25');
  });

  it('without a text: one line out per line in, in order, thousands at once', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 3 === 2 ? '' : `nomor 0812${String(i).padStart(7, '0')} tgl ${(i % 25) + 1}`));
    const started = Date.now();
    const r = run(['--now', NOW], lines.join('\n') + '\n');
    const elapsed = Date.now() - started;
    expect(r.code).toBe(0);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { msisdn: string | null; paymentDate: string | null });
    expect(out).toHaveLength(lines.length);
    out.forEach((o, i) => {
      if (i % 3 === 2) expect(o.msisdn).toBeNull();
      else expect(o.msisdn).toBe(`62812${String(i).padStart(7, '0')}`);
    });
    expect(elapsed).toBeLessThan(5_000);
  });

  it('accepts CRLF input and a last line without a newline', () => {
    const out = run(['--now', NOW], 'iya\r\nbelum\r\nkemarin').stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.confirmation ?? o.paymentDate)).toEqual(['YES', 'NO', '2026-11-24']);
  });

  it('rejects a bad --now or --tz with exit code 2', () => {
    expect(run(['--now', 'yesterday-ish', 'kemarin']).code).toBe(2);
    expect(run(['--tz', 'Mars/Olympus', 'kemarin']).code).toBe(2);
    expect(run(['--bogus', 'kemarin']).code).toBe(2);
  });
});
