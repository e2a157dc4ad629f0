import { describe, expect, it } from 'vitest';
import { plainTextAsMarkdown } from '../../src/channels/plainTextMarkdown.js';
import { tId } from '../support/dialogs.js';

describe('plainTextAsMarkdown', () => {
  it('makes the summary\'s bullet lines a markdown list, apart from the paragraphs around it', () => {
    const text = tId('summary.text', { msisdn: '0811-0000-0007', date: '3 Desember 2026', channel: 'BCA', services: 'Internet', notification: 'sudah diterima' });
    expect(plainTextAsMarkdown(text)).toBe(
      'Baik, saya rangkum dulu ya:\n\n- Nomor: 0811-0000-0007\n- Tanggal bayar: 3 Desember 2026\n- Cara bayar: BCA\n- Layanan bermasalah: Internet\n- Notifikasi pembayaran: sudah diterima\n\nSaya periksa ke sistem kami sebentar.',
    );
  });

  it('turns single line breaks into paragraph breaks and leaves paragraphs as they are', () => {
    expect(plainTextAsMarkdown('Informasi gangguan:\nJaringan data terganggu.\n\nPerkiraan pulih: 18.00.')).toBe('Informasi gangguan:\n\nJaringan data terganggu.\n\nPerkiraan pulih: 18.00.');
    expect(plainTextAsMarkdown('satu baris')).toBe('satu baris');
  });
});
