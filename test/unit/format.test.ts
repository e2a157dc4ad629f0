import { describe, expect, it } from 'vitest';
import { newCase, SLOTS } from '../../src/conversation/case.js';
import { formatSlotValue } from '../../src/conversation/format.js';
import { createTranslator } from '../../src/i18n.js';

const translator = createTranslator();

describe('formatSlotValue', () => {
  const state = {
    ...newCase(),
    msisdn: '6281100000007',
    paymentDate: '2026-11-24',
    paymentChannel: { provider: 'MANDIRI', method: 'MOBILE_BANKING' },
    affectedServices: ['DATA', 'VOICE'] as ('DATA' | 'VOICE')[],
    notificationReceived: false,
    location: 'Bandung',
    alternateContact: null,
    refreshWorked: true,
  };

  it('reads every slot the way a customer writes it, in Indonesian', () => {
    const t = translator.forLocale('id');
    expect(Object.fromEntries(SLOTS.map((slot) => [slot, formatSlotValue(slot, state, t, 'id')]))).toEqual({
      msisdn: '0811-0000-0007',
      paymentDate: '24 November 2026',
      paymentChannel: 'm-banking Mandiri',
      affectedServices: 'internet dan telepon',
      notificationReceived: 'belum diterima',
      location: 'Bandung',
      alternateContact: '-',
      refreshWorked: 'sudah',
    });
  });

  it('never shows a raw boolean or "undefined", in any locale', () => {
    for (const locale of ['id', 'en'] as const) {
      const t = translator.forLocale(locale);
      for (const slot of SLOTS) {
        expect(formatSlotValue(slot, state, t, locale)).not.toMatch(/true|false|undefined/);
        expect(formatSlotValue(slot, newCase(), t, locale)).toBe('-');
      }
    }
  });
});

describe('dates in a language added without code', () => {
  it('a language with no entry formats by its own tag instead of throwing', async () => {
    const { formatDate, formatDateTime } = await import('../../src/conversation/format.js');
    const jv = 'jv' as Parameters<typeof formatDate>[1];
    expect(formatDate('2026-11-24', jv)).toMatch(/2026/);
    expect(formatDateTime('2026-11-25T11:00:00Z', jv)).toMatch(/WIB$/);
  });
});
