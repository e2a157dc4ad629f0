/**
 * Microsoft's `botframework-directlinejs` in Node. It wants a browser's XMLHttpRequest (rxjs
 * 5's ajax) and a global WebSocket: its `ajax` service is given a fetch-backed one of the
 * same shape (`{ response, status }`, errors carry `status` and `xhr.getResponseHeader`), and
 * `ws` stands in for the WebSocket.
 */
import { DirectLine, ConnectionStatus } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable.js';
import WebSocket from 'ws';

interface AjaxRequest { method?: string; url: string; body?: unknown; headers?: Record<string, string> }

function fetchAjax(request: AjaxRequest): Observable<{ response: unknown; status: number }> {
  return new Observable((subscriber) => {
    const controller = new AbortController();
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).filter(([, v]) => v !== undefined && v !== ''));
    fetch(request.url, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: controller.signal,
    })
      .then(async (res) => {
        const text = await res.text();
        const response: unknown = text ? JSON.parse(text) : null;
        if (res.status >= 400) {
          subscriber.error({ status: res.status, response, xhr: { getResponseHeader: (name: string) => res.headers.get(name) } });
          return;
        }
        subscriber.next({ response, status: res.status });
        subscriber.complete();
      })
      .catch((error: unknown) => subscriber.error({ status: 0, error }));
    return () => controller.abort();
  });
}

export interface ReceivedActivity {
  id?: string;
  type: string;
  name?: string;
  text?: string;
  from: { id: string; role?: string };
  value?: unknown;
  suggestedActions?: { actions: { title?: string; value?: unknown }[] };
  channelData?: Record<string, unknown>;
}

/** A Direct Line client session: collects activities and lets a test wait for the bot. */
export class DirectLineSession {
  readonly directLine: DirectLine;
  readonly received: ReceivedActivity[] = [];
  private waiters: (() => void)[] = [];

  constructor(domain: string, token: string, webSocket: boolean, resume?: { conversationId: string; watermark: string }) {
    if (webSocket) (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    else delete (globalThis as { WebSocket?: unknown }).WebSocket;
    this.directLine = new DirectLine({ token, domain, webSocket, pollingInterval: 200, ajax: fetchAjax, WebSocket, ...resume } as never);
    this.directLine.activity$.subscribe((activity) => {
      this.received.push(activity);
      for (const w of this.waiters.splice(0)) w();
    }, () => undefined); // "conversation ended" after end()
  }

  bot(): ReceivedActivity[] {
    return this.received.filter((a) => a.from.role !== 'user' && a.from.id === 'sop007-bot');
  }

  /** Waits until the bot's activities satisfy `done` (at most 15 s). */
  async waitFor(done: (bot: ReceivedActivity[]) => boolean, what: string): Promise<ReceivedActivity[]> {
    const deadline = Date.now() + 15_000;
    while (!done(this.bot())) {
      if (Date.now() > deadline) throw new Error(`Direct Line: no ${what} (bot said: ${JSON.stringify(this.bot().map((a) => a.text ?? a.name))})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
    return this.bot();
  }

  /** Sends a message (with the `channelData` a page would add) and waits for the bot's next message after it. */
  async say(text: string, channelData?: Record<string, unknown>): Promise<ReceivedActivity[]> {
    const before = this.bot().length;
    await this.post({ type: 'message', text, ...(channelData ? { channelData } : {}) });
    await this.waitFor((bot) => bot.slice(before).some((a) => a.type === 'message'), `reply to "${text}"`);
    // The rest of the turn's replies follow within moments.
    await new Promise((r) => setTimeout(r, 400));
    return this.bot().slice(before);
  }

  /** Posts any activity (an event, say) as a page would; resolves with its id. */
  post(activity: Record<string, unknown>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.directLine.postActivity({ from: { id: 'ignored', role: 'user' }, ...activity } as never).subscribe({ next: resolve, error: reject });
    });
  }

  online(): Promise<void> {
    return new Promise((resolve) => {
      const sub = this.directLine.connectionStatus$.subscribe((status) => {
        if (status === ConnectionStatus.Online) {
          resolve();
          setTimeout(() => sub.unsubscribe(), 0);
        }
      });
    });
  }

  /** Where the client is (private in directlinejs): what a page keeps to resume. */
  position(): { conversationId: string; watermark: string } {
    const { conversationId, watermark } = this.directLine as unknown as { conversationId: string; watermark: string };
    return { conversationId, watermark };
  }

  end(): void {
    this.directLine.end();
  }
}

export async function chatToken(baseUrl: string): Promise<{ token: string; conversationId: string }> {
  const res = await fetch(`${baseUrl}/chat/token`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`/chat/token: ${res.status}`);
  return (await res.json()) as { token: string; conversationId: string };
}
