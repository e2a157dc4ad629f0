import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskMsisdn, maskText } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines };
}

describe('logging never shows personal data', () => {
  const NUMBERS = ['6281234567890', '081234567890', '+62 812-3456-7890', '0812.3456.7890'];

  it('masks MSISDNs in messages, fields, nested objects, arrays and errors', () => {
    const { log, lines } = capture();
    for (const n of NUMBERS) {
      log.info({ msisdn: n, nested: { deep: [{ path: `/dsc/v1/subscribers/${n}` }] } }, `customer ${n} wrote`);
      log.error({ err: new Error(`lookup failed for ${n}`) }, 'failed');
      log.warn('printf %s', n);
    }
    const output = lines.join('');
    for (const n of NUMBERS) expect(output).not.toContain(n);
    expect(output).not.toMatch(/81234567890|8123456789/);
    expect(output).toContain('6281*******90');
  });

  it('masks names, locations and free customer text by key', () => {
    const { log, lines } = capture();
    log.info(
      {
        customer: { name: 'Budi Santoso', customerName: 'Budi Santoso', accountName: 'budi.s' },
        location: 'Jl. Merdeka 10, Bandung',
        ticket: { location: 'Kota Bandung', alternateContact: '081298765432', transcript: [{ text: 'saya Budi di Bandung' }] },
        text: 'nama saya Budi Santoso',
      },
      'ticket',
    );
    const output = lines.join('');
    for (const secret of ['Budi', 'Santoso', 'budi.s', 'Bandung', 'Merdeka', '081298765432']) expect(output).not.toContain(secret);
  });

  it('keeps the first four and last two digits for correlation', () => {
    expect(maskMsisdn('6281234567890')).toBe('6281*******90');
    expect(maskText('hubungi 0812 3456 7890 ya')).toBe('hubungi 0812******90 ya');
    expect(maskText('tanggal 20/11/2026, jumlah 150000')).toBe('tanggal 20/11/2026, jumlah 150000');
  });
});
