/**
 * How a backend request goes out: the little of `fetch` the client uses (method, headers, a
 * JSON body, an abort signal; back a status and the body's text), over `node:http`/`node:https`
 * with one keep-alive agent per protocol.
 *
 * Why not the global `fetch`: under the benchmark's load (docs/benchmarks.md) Node's fetch
 * (undici, with its WHATWG Request/Response/stream objects) cost about 450–560 µs of CPU per
 * request against 210–330 µs for `node:http` to the same simulator, and a diagnosis makes six
 * requests in one turn, the turn that makes the latency tail. `fetch` stays pluggable
 * (`BackendClientOptions.fetch`), and nock intercepts `node:http` as it does `fetch`.
 *
 * A body larger than MAX_RESPONSE_BYTES is refused instead of read: no gateway answer of this
 * contract comes near it, and one that does must not fill the bot's memory.
 */
import http from 'node:http';
import https from 'node:https';

export interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  text(): Promise<string>;
}

/** What BackendHttp calls; the global `fetch` fits it too. */
export type Transport = (url: string, init: TransportInit) => Promise<TransportResponse>;

export const MAX_RESPONSE_BYTES = 1024 * 1024;

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** Rejects as fetch does (`cause` holds the socket error's code) so callers report it the same way. */
const failed = (cause: unknown) => new Error('request failed', { cause });

export const nodeHttpTransport: Transport = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const protocol = target.protocol === 'https:' ? 'https:' : 'http:';
    const request = (protocol === 'https:' ? https : http).request(target, { method: init.method, headers: init.headers, agent: agents[protocol] });
    const abort = () => request.destroy(failed(init.signal.reason ?? new Error('aborted')));
    if (init.signal.aborted) return abort();
    init.signal.addEventListener('abort', abort, { once: true });
    request.once('close', () => init.signal.removeEventListener('abort', abort));
    request.once('error', (err) => reject(failed(err)));
    request.once('response', (response) => {
      // Read now (the caller's timer covers the body too); text() hands it over once read.
      const chunks: Buffer[] = [];
      let bytes = 0;
      const body = new Promise<string>((done, fail) => {
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > MAX_RESPONSE_BYTES) {
            const tooLarge = failed(new Error(`response body over ${MAX_RESPONSE_BYTES} bytes`));
            request.destroy(tooLarge);
            fail(tooLarge);
            return;
          }
          chunks.push(chunk);
        });
        response.once('end', () => done(Buffer.concat(chunks).toString('utf8')));
        response.once('error', (err) => fail(failed(err)));
        request.once('error', (err) => fail(failed(err)));
      });
      // An unread rejection would be unhandled when the caller never asks for the text.
      body.catch(() => undefined);
      resolve({ status: response.statusCode ?? 0, text: () => body });
    });
    request.end(init.body);
  });
