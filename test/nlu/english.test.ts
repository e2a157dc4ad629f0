/** English messages (locale 'en'): the same lexicons, plus Microsoft's recognizer for dates. */
import { describe, expect, it } from 'vitest';
import { understand } from '../../src/nlu/understand.js';

const NOW = new Date('2026-11-25T10:00:00+07:00');
const en = (text: string) => understand(text, { now: NOW, locale: 'en' });

describe('English', () => {
  it('a first message with several slots', () => {
    expect(en("I paid yesterday via BCA but internet doesn't work")).toEqual({
      msisdn: null, paymentDate: '2026-11-24', paymentChannel: { provider: 'BCA', method: null }, services: ['DATA'],
      confirmation: null, intent: null,
    });
  });

  it.each([['yes', 'YES'], ['yeah', 'YES'], ['yep', 'YES'], ['yes I have', 'YES'], ['no', 'NO'], ['nope', 'NO'], ['not yet', 'NO']])(
    '%s → %s', (text, expected) => expect(en(text).confirmation).toBe(expected),
  );

  it('notification answers', () => {
    expect(en("I haven't received any sms confirmation").confirmation).toBe('NO');
    expect(en('I got the notification').confirmation).toBe('YES');
    expect(en('yes, I received the SMS')).toMatchObject({ confirmation: 'YES', services: null });
  });

  it.each([
    ['talk to a human', 'AGENT'], ['I want to speak to an agent', 'AGENT'], ['Can I talk to customer service?', 'AGENT'],
    ['cancel', 'CANCEL'], ['never mind', 'CANCEL'], ['start over', 'RESTART'], ['help', 'HELP'], ["I don't understand", 'HELP'],
    ['what do you mean?', 'HELP'],
  ])('%s → %s', (text, expected) => expect(en(text).intent).toBe(expected));

  it.each([
    ['I paid the day before yesterday', '2026-11-23'],
    ['paid on the 20th', '2026-11-20'],
    ['I paid on December 20th', '2025-12-20'],
    ['paid on Nov 22', '2026-11-22'],
    ['paid on 11/20', '2026-11-20'],
    ['on friday', '2026-11-20'],
    ['last monday', '2026-11-23'],
    ['a week ago', '2026-11-18'],
    ['3 days ago', '2026-11-22'],
    ['this morning', '2026-11-25'],
    ['tomorrow', null],
  ])('%s → %s', (text, expected) => expect(en(text).paymentDate).toBe(expected));

  it('the recognizer finds dates our rules do not know', () => {
    expect(en('it was on the twentieth of november').paymentDate).toBe('2026-11-20');
  });

  it('services', () => {
    expect(en('nothing works').services).toEqual(['DATA', 'SMS', 'VOICE']);
    expect(en('calls and sms are not working').services).toEqual(['SMS', 'VOICE']);
    expect(en('Internet not working, calls are fine').services).toEqual(['DATA']);
  });

  it('Indonesian words still count in an English conversation', () => {
    expect(en('udah bayar kemarin lewat livin')).toMatchObject({
      paymentDate: '2026-11-24', paymentChannel: { provider: 'MANDIRI', method: 'MOBILE_BANKING' },
    });
  });
});
