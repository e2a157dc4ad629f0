/**
 * Reads a request body ourselves instead of restify's bodyParser: its gzip path has no error
 * handler, so a body that claims `Content-Encoding: gzip` but is not gzip kills the process
 * (restify/node-restify#1975). Here every failure becomes an HTTP status, and the size limit
 * applies to the decoded bytes too, so a small compressed bomb cannot exhaust memory.
 */
import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 411 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

function decoderFor(encoding: string): Transform | null {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new BodyError(415, `Unsupported Content-Encoding "${encoding}"`);
  }
}

export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(new BodyError(413, `Body larger than ${limitBytes} bytes`));
  }
  let decoder: Transform | null;
  try {
    decoder = decoderFor(encoding);
  } catch (error) {
    req.resume();
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: BodyError) => {
      if (settled) return;
      settled = true;
      decoder?.destroy();
      req.unpipe();
      req.resume(); // drain, so the client gets our answer instead of a reset
      reject(error);
    };
    const source = decoder ? req.pipe(decoder) : req;
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) return fail(new BodyError(413, `Body larger than ${limitBytes} bytes`));
      chunks.push(chunk);
    });
    source.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    source.on('error', () => fail(new BodyError(400, `Body is not valid ${encoding} data`)));
    if (decoder) req.on('error', () => fail(new BodyError(400, 'Request stream failed')));
  });
}

export async function readJsonObject(req: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/.test(type)) {
    req.resume();
    throw new BodyError(415, 'Content-Type must be application/json');
  }
  const raw = await readBody(req, limitBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BodyError(400, 'Body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BodyError(400, 'Body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
