/** Contract-valid bodies for client and simulator tests. */
import { SOP_REFERENCE, type TicketRequest } from '../../src/contracts/backend.js';

export const MSISDN = '6281100000007';

export const profileBody = {
  msisdn: MSISDN,
  customerName: 'Hendra Gunawan',
  accountName: null,
  cardType: 'KARTUHALO',
  customerClass: 'PLATINUM',
  status: 'ACTIVE_OUT_OF_COLLECTION_TRIAL',
  profileBlocks: [],
};

export const billingBody = {
  financialAccountId: 'FA-81100000007',
  collectionStatus: 'OUT_OF_COLLECTION_TRIAL',
  outstandingAmount: 0,
  payments: [{ paymentId: 'PAY-1', paidAt: '2026-03-01T10:15:00+07:00', amount: 275000, channel: 'BCA VA', ledgerPosted: true }],
};

export const hlrBody = { msisdn: MSISDN, state: 'BARRED', barrings: [{ service: 'DATA', reason: 'COLLECTION' }] };

export const deviceBody = { brand: 'Apple', model: 'iPhone 14', imeiRegistered: true, supports4g: true, lastSeenAt: null };

export const ticketBody = { ticketId: 'TT-2026-000101', status: 'OPEN', kip: 'K44', createdAt: '2026-03-02T09:00:00+07:00', msisdn: MSISDN };

export const historyBody = { interactions: [{ id: 'INT-1', at: '2026-03-01T08:00:00+07:00', channel: 'CALL_CENTER' }], tickets: [ticketBody] };

export const outagesBody = { outages: [{ id: 'GM-1', areas: ['Bandung'], services: ['DATA'], publicMessage: 'Sedang ada gangguan.' }] };

export function ticketRequest(overrides: Partial<TicketRequest> = {}): TicketRequest {
  return {
    kip: {
      code: 'K44',
      ledgerPosted: true,
      path: 'Consumer - tagihan & pembayaran - pembayaran tagihan - k44 pembayaran berhasil namun nomor masih terblock & sudah masuk ledger',
    },
    outcome: 'TICKET_BLOCKED',
    route: 'BACKOFFICE',
    customer: { msisdn: MSISDN, name: 'Hendra Gunawan', cardType: 'KARTUHALO', customerClass: 'PLATINUM', accountName: null },
    complaintChannel: 'WEBCHAT',
    payment: { date: '2026-03-01', channel: 'BCA VA', notificationReceived: true },
    systemStatus: { collectionStatus: 'OUT_OF_COLLECTION_TRIAL', dscStatus: 'ACTIVE_OUT_OF_COLLECTION_TRIAL', hlrState: 'BARRED', barrings: ['DATA:COLLECTION'] },
    affectedServices: ['DATA'],
    location: 'Bandung',
    alternateContact: null,
    summary: 'layanan yang dikeluhkan: DATA INTERNET',
    sopReference: SOP_REFERENCE,
    conversationId: 'conv-1',
    ...overrides,
  };
}
