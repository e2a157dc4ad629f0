/**
 * How slot values read in a customer's message: dates, numbers, channels and services, in
 * their language. Words come from `locales/<lang>/format.json`; only the shapes live here.
 */
import type { MessageKey } from '../messageKeys.js';
import type { Translate } from '../i18n.js';
import type { Locale } from '../i18n.js';
import { ALL_SERVICES, type PaymentChannel, type Service } from '../domain/types.js';
import type { CaseState, Slot } from './case.js';

const TIME_ZONE = 'Asia/Jakarta';
const INTL_LOCALE: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

/** `6281234567890` → `0812-3456-7890`, the way customers write their own number. */
export function formatMsisdn(msisdn: string): string {
  const national = msisdn.startsWith('62') ? `0${msisdn.slice(2)}` : msisdn;
  return national.replace(/^(\d{4})(\d{4})(\d+)$/, '$1-$2-$3');
}

/** A number as a customer may be shown it on a shared screen: 0811-****-0007. */
export function maskMsisdn(msisdn: string): string {
  const national = msisdn.startsWith('62') ? `0${msisdn.slice(2)}` : msisdn;
  return national.length < 8 ? '****' : `${national.slice(0, 4)}-****-${national.slice(-4)}`;
}

// Intl formatters are costly to build and safe to share: one per locale and style, made on
// first use. A language added in locales/languages.json formats dates by its own tag (Intl
// falls back to a default when it does not know it), so it needs no entry here.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: 'date' | 'dateTime', locale: string): Intl.DateTimeFormat {
  const key = `${style}:${locale}`;
  let found = formatters.get(key);
  if (!found) {
    const tag = (INTL_LOCALE as Record<string, string>)[locale] ?? locale;
    found = new Intl.DateTimeFormat(tag, style === 'date'
      ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
      : { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE });
    formatters.set(key, found);
  }
  return found;
}

/** `2026-11-24` → `24 November 2026` (a civil date: no time zone shift). */
export function formatDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return formatter('date', locale).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant in Jakarta time, e.g. `25 Nov 2026 18.00 WIB`. */
export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${formatter('dateTime', locale).format(date)} WIB`;
}

const PROVIDER_NAMES: Record<string, string> = {
  MANDIRI: 'Mandiri', PERMATA: 'Permata', DANAMON: 'Danamon', JAGO: 'Jago', SEABANK: 'SeaBank',
  INDOMARET: 'Indomaret', ALFAMART: 'Alfamart', GOPAY: 'GoPay', DANA: 'DANA', SHOPEEPAY: 'ShopeePay',
  LINKAJA: 'LinkAja', MYTELKOMSEL: 'MyTelkomsel', TOKOPEDIA: 'Tokopedia', SHOPEE: 'Shopee',
  BUKALAPAK: 'Bukalapak', BLIBLI: 'Blibli', GRAPARI: 'GraPARI', POS_INDONESIA: 'Pos Indonesia',
};

export function providerName(code: string): string {
  return PROVIDER_NAMES[code] ?? code;
}

export function formatChannel(channel: PaymentChannel, t: Translate): string {
  const provider = channel.provider ? providerName(channel.provider) : null;
  // Methods are the lexicon's codes; one without a sentence is shown as its code.
  const method = channel.method ? t(`format.method.${channel.method}` as MessageKey, { defaultValue: channel.method }) : null;
  if (provider && method && channel.method !== 'CASH') return t('format.channelWithMethod', { provider, method });
  return provider ?? method ?? '';
}

export function formatList(items: string[], t: Translate): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(t('format.listJoin'))}${t('format.listLast')}${items[items.length - 1]}`;
}

export function formatServices(services: readonly Service[], t: Translate): string {
  if (ALL_SERVICES.every((s) => services.includes(s))) return t('format.service.all');
  const order: Service[] = ['DATA', 'VOICE', 'SMS'];
  return formatList(order.filter((s) => services.includes(s)).map((s) => t(`format.service.${s}`)), t);
}

/** A slot's value as the customer reads it (the summary, a correction's acknowledgement). */
export function formatSlotValue(slot: Slot, state: CaseState, t: Translate, locale: Locale): string {
  const yesNo = (value: boolean | undefined) => (value === undefined ? '-' : t(value ? 'format.answer.yes' : 'format.answer.no'));
  switch (slot) {
    case 'msisdn':
      // A number the portal vouched for was never typed here: it is shown masked.
      return state.msisdn ? (state.ecare ? maskMsisdn(state.msisdn) : formatMsisdn(state.msisdn)) : '-';
    case 'paymentDate':
      return state.paymentDate ? formatDate(state.paymentDate, locale) : '-';
    case 'paymentChannel':
      return (state.paymentChannel && formatChannel(state.paymentChannel, t)) || '-';
    case 'affectedServices':
      return state.affectedServices ? formatServices(state.affectedServices, t) : '-';
    case 'notificationReceived':
      return state.notificationReceived === undefined ? '-' : t(state.notificationReceived ? 'summary.notificationYes' : 'summary.notificationNo');
    case 'location':
      return state.location ?? '-';
    case 'alternateContact':
      return state.alternateContact ? formatMsisdn(state.alternateContact) : '-';
    case 'refreshWorked':
      return yesNo(state.refreshWorked);
  }
}
