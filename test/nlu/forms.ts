/** What the sibling-phrasing tests (harder-forms, batch2-forms, batch3-forms) share. */
import { expect } from 'vitest';
import { understand, type Method, type Provider, type Service, type Understanding } from '../../src/nlu/understand.js';

export const NOW = new Date('2026-11-25T10:00:00+07:00');
export const u = (text: string, locale = 'id') => understand(text, { now: NOW, locale });
export const D: Service = 'DATA';
export const S: Service = 'SMS';
export const V: Service = 'VOICE';
export const ch = (provider: Provider | null, method: Method | null = null) => ({ provider, method });

export type Case = [string, Partial<Understanding>];
export const check = ([text, want]: Case) => expect(u(text)).toMatchObject(want);
