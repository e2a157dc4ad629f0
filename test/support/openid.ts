/**
 * A local stand-in for the Bot Framework's OpenID metadata and signing keys, so that token
 * validation is tested for real (signature, issuer, audience) without leaving the machine.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export function newSigningKey(): { privateKey: KeyObject; jwk: { n: string; e: string } } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { privateKey, jwk };
}

export function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key);
  return `${header}.${body}.${b64url(signature)}`;
}

export async function startOpenIdServer(keys: Array<{ kid: string; n: string; e: string; endorsements?: string[] }>): Promise<{ metadataUrl: string; close(): Promise<void> }> {
  let base = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/.well-known/openidconfiguration')) {
      res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` }));
    } else if (req.url === '/keys') {
      res.end(JSON.stringify({ keys: keys.map((k) => ({ kty: 'RSA', use: 'sig', ...k })) }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/.well-known/openidconfiguration`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The issuer of every token the Bot Framework channel service (Teams included) sends a bot. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/**
 * A channel token as the Bot Framework signs it for Teams: issuer api.botframework.com, the
 * bot's app id as audience, and the `serviceurl` claim the activity's serviceUrl must match
 * (`https://smba.trafficmanager.net/<region>/` for Teams).
 */
export function signChannelToken(
  key: KeyObject,
  kid: string,
  claims: { appId: string; serviceUrl: string } & Record<string, unknown>,
): string {
  const { appId, serviceUrl, ...rest } = claims;
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ iss: BOT_FRAMEWORK_ISSUER, aud: appId, nbf: now - 60, exp: now + 600, serviceurl: serviceUrl, ...rest }, key, kid);
}
