/** An agent's side of the desk over real HTTP, and a customer driven to a desk hand-off. */
import type { EmulatedConversation } from '../support/emulator.js';

export const DEMO = { sari: { username: 'agen1', password: 'sari-demo-1' }, budi: { username: 'agen2', password: 'budi-demo-2' } };

export class AgentClient {
  token = '';
  constructor(private readonly url: string) {}

  async request(method: string, path: string, body?: unknown, token = this.token): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async login(who: { username: string; password: string }): Promise<this> {
    const res = await this.request('POST', '/desk/api/login', who, '');
    if (res.status !== 200) throw new Error(`login ${res.status} ${JSON.stringify(res.json)}`);
    this.token = res.json.token as string;
    return this;
  }

  /** Collects Server-Sent Events (fetch streaming, as the page's EventSource would read them). */
  events(): { received: Array<{ type: string; conversationId: string }>; stop(): void } {
    const received: Array<{ type: string; conversationId: string }> = [];
    const abort = new AbortController();
    void (async () => {
      try {
        const res = await fetch(`${this.url}/desk/api/events?access_token=${this.token}`, { signal: abort.signal });
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) received.push(JSON.parse(data.slice(6)) as { type: string; conversationId: string });
          }
        }
      } catch {
        // aborted
      }
    })();
    return { received, stop: () => abort.abort() };
  }
}

/** Demo number 7 to a ticket and the desk's hand-off. */
export async function customerToDesk(c: EmulatedConversation): Promise<void> {
  await c.say('halo');
  await c.say('0811-0000-0007');
  await c.say('kmrn');
  await c.say('atm bca');
  await c.say('internet');
  await c.say('udah');
  await c.say('Bekasi');
  await c.say('0813 2222 3333');
}

export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
