/**
 * The backend's node:http transport against a real local server: status and body, one kept-alive
 * connection for many requests, a body over MAX_RESPONSE_BYTES refused (the call is unavailable,
 * never data), and an abort in the middle of a body.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendHttp } from '../../src/services/backend/http.js';
import { MAX_RESPONSE_BYTES, nodeHttpTransport } from '../../src/services/backend/transport.js';

describe('node:http transport', () => {
  let server: Server;
  let base = '';
  const connections = new Set<unknown>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        // Streams well past the cap, a chunk at a time.
        const chunk = Buffer.alloc(64 * 1024, 32);
        let sent = 0;
        const more = () => {
          while (sent < MAX_RESPONSE_BYTES * 3 && res.write(chunk)) sent += chunk.length;
          if (sent < MAX_RESPONSE_BYTES * 3) res.once('drain', more);
          else res.end();
        };
        more();
        return;
      }
      if (req.url === '/slow') {
        res.writeHead(200);
        res.write('{"partial":');
        return; // never ends
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, body, requestId: req.headers['x-request-id'] }));
      });
    });
    server.on('connection', (socket) => connections.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, headers and body; gives back status and text; keeps one connection alive', async () => {
    connections.clear();
    for (let i = 0; i < 5; i++) {
      const response = await nodeHttpTransport(`${base}/echo`, { method: 'POST', headers: { 'x-request-id': `r${i}`, 'content-type': 'application/json' }, body: '{"a":1}', signal: new AbortController().signal });
      expect(response.status).toBe(201);
      expect(JSON.parse(await response.text())).toEqual({ method: 'POST', body: '{"a":1}', requestId: `r${i}` });
    }
    expect(connections.size).toBe(1);
  });

  it('refuses a body over MAX_RESPONSE_BYTES: the call is unavailable, not data', async () => {
    const response = await nodeHttpTransport(`${base}/huge`, { method: 'GET', headers: {}, signal: new AbortController().signal });
    await expect(response.text()).rejects.toThrow();
    const backend = new BackendHttp({ baseUrl: base, retryGets: false });
    const reply = await backend.send({ system: 'FA', method: 'GET', template: '/huge', path: '/huge' });
    expect(reply).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining(`over ${MAX_RESPONSE_BYTES} bytes`) });
  });

  it('an abort during the body ends the request', async () => {
    const controller = new AbortController();
    const response = await nodeHttpTransport(`${base}/slow`, { method: 'GET', headers: {}, signal: controller.signal });
    const text = response.text();
    controller.abort();
    await expect(text).rejects.toThrow();
    // And through BackendHttp the per-attempt timer does it: a timeout, not a hang.
    const reply = await new BackendHttp({ baseUrl: base, timeoutMs: 200, retryGets: false }).send({ system: 'FA', method: 'GET', template: '/slow', path: '/slow' });
    expect(reply).toMatchObject({ kind: 'unavailable', reason: 'timed out after 200 ms' });
  });
});
