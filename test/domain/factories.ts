/**
 * Test facts and answers for SOP-007. The defaults describe a paid, active, unblocked number
 * with no history and no outage check made yet (so `decide` asks for the location); each
 * test overrides only what its row is about.
 */
import type {
  Device,
  FinancialAccount,
  HlrStatus,
  InteractionHistory,
  Outage,
  OutageList,
  Payment,
  SubscriberProfile,
  Ticket,
} from '../../src/contracts/backend.js';
import type { Answers, Facts, Lookup } from '../../src/domain/types.js';

export const MSISDN = '6281234567890';
export const PAYMENT_DATE = '2026-11-20';

export const ok = <T>(value: T): Lookup<T> => ({ status: 'ok', value });
export const notFound = <T>(): Lookup<T> => ({ status: 'not_found' });
export const unavailable = <T>(reason = 'timeout'): Lookup<T> => ({ status: 'unavailable', reason });

export function profile(over: Partial<SubscriberProfile> = {}): SubscriberProfile {
  return {
    msisdn: MSISDN,
    customerName: 'Budi Santoso',
    accountName: null,
    cardType: 'KARTUHALO',
    customerClass: 'REGULER',
    status: 'ACTIVE',
    profileBlocks: [],
    ...over,
  };
}

export function payment(over: Partial<Payment> = {}): Payment {
  return {
    paymentId: 'PAY-1',
    paidAt: '2026-11-20T10:15:00+07:00',
    amount: 150000,
    channel: 'BCA VA',
    ledgerPosted: true,
    ...over,
  };
}

export function billing(over: Partial<FinancialAccount> = {}): FinancialAccount {
  return {
    financialAccountId: 'FA-1',
    collectionStatus: 'OUT_OF_COLLECTION',
    outstandingAmount: 0,
    payments: [payment()],
    ...over,
  };
}

export function hlr(over: Partial<HlrStatus> = {}): HlrStatus {
  return { msisdn: MSISDN, state: 'ACTIVE', barrings: [], ...over };
}

export function device(over: Partial<Device> = {}): Device {
  return { brand: 'Samsung', model: 'A15', imeiRegistered: true, supports4g: true, lastSeenAt: null, ...over };
}

export function ticket(over: Partial<Ticket> = {}): Ticket {
  return { ticketId: 'TCK-1', status: 'OPEN', kip: 'K44', createdAt: '2026-11-01T09:00:00+07:00', msisdn: MSISDN, ...over };
}

export function history(over: Partial<InteractionHistory> = {}): InteractionHistory {
  return { interactions: [], tickets: [], ...over };
}

export function outage(over: Partial<Outage> = {}): Outage {
  return {
    id: 'OUT-1',
    areas: ['Bandung'],
    services: ['DATA'],
    startedAt: '2026-11-25T06:00:00+07:00',
    estimatedRecoveryAt: '2026-11-25T18:00:00+07:00',
    publicMessage: 'Sedang ada gangguan jaringan data di area Bandung.',
    ...over,
  };
}

export function outages(...list: Outage[]): Lookup<OutageList> {
  return ok({ outages: list });
}

export function makeFacts(over: Partial<Facts> = {}): Facts {
  return {
    profile: ok(profile()),
    billing: ok(billing()),
    hlr: ok(hlr()),
    device: ok(device()),
    history: ok(history()),
    ...over,
  };
}

export function makeAnswers(over: Partial<Answers> = {}): Answers {
  return {
    msisdn: MSISDN,
    paymentDate: PAYMENT_DATE,
    paymentChannel: { provider: 'BCA', method: 'MOBILE_BANKING' },
    affectedServices: ['DATA'],
    notificationReceived: true,
    location: 'Bandung',
    alternateContact: null,
    networkRefreshTried: false,
    ...over,
  };
}

/** Every one of the six systems failed (the outage check too). */
export function allUnavailable(): Facts {
  return { profile: unavailable(), billing: unavailable(), hlr: unavailable(), device: unavailable(), history: unavailable(), outages: unavailable() };
}
