import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { createEcareVerifier } from '../../src/services/ecareIdentity.js';
import { signEcareToken } from '../../src/services/ecareToken.js';

const secret = 'unit-ecare-secret-at-least-32-characters';
const now = new Date('2026-03-01T10:00:00Z');
const iat = Math.floor(now.getTime() / 1000);
const hs = createEcareVerifier({ secret });
const key = new TextEncoder().encode(secret);
const jwt = (claims: Record<string, unknown> = {}) =>
  new SignJWT({ name: 'Budi Santoso', ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('6281234567890').setAudience('sop007-bot');

describe('E-Care identity verifier', () => {
  it('accepts a valid HS256 token', async () => {
    const token = await signEcareToken({ msisdn: '6281234567890', name: 'Budi Santoso', secret, now });
    expect(await hs(token, now)).toEqual({ msisdn: '6281234567890', accountName: 'Budi Santoso' });
  });

  it('accepts a valid RS256 token from the portal key set, refuses one from another key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const verify = createEcareVerifier({ keySet: createLocalJWKSet({ keys: [jwk] }) });
    const sign = (k: typeof privateKey) =>
      new SignJWT({ name: 'Budi' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('6281234567890').setAudience('sop007-bot').setIssuedAt(iat).setExpirationTime(iat + 600).sign(k);
    expect(await verify(await sign(privateKey), now)).toEqual({ msisdn: '6281234567890', accountName: 'Budi' });
    expect(await verify(await sign(other.privateKey), now)).toEqual({ rejected: 'bad_signature' });
  });

  it('fetches the portal key set from ECARE_IDENTITY_JWKS_URL over HTTP', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'portal-1', alg: 'ES256', use: 'sig' }] });
    let fetched = 0;
    const server = createServer((_req, res) => {
      fetched++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const verify = createEcareVerifier({ jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json` });
      const token = await new SignJWT({ name: 'Budi' }).setProtectedHeader({ alg: 'ES256', kid: 'portal-1' }).setSubject('6281234567890')
        .setAudience('sop007-bot').setIssuedAt(iat).setExpirationTime(iat + 600).sign(privateKey);
      expect(await verify(token, now)).toEqual({ msisdn: '6281234567890', accountName: 'Budi' });
      expect(await verify(token, now)).toEqual({ msisdn: '6281234567890', accountName: 'Budi' });
      expect(fetched).toBe(1); // jose caches the key set
      // An HS256 token cannot pass as the portal's: only its asymmetric keys are believed.
      expect(await verify(await jwt().setIssuedAt(iat).setExpirationTime(iat + 600).sign(key), now)).toEqual({ rejected: 'bad_algorithm' });
    } finally {
      server.close();
    }
  });

  it('refuses alg none', async () => {
    const token = new UnsecuredJWT({ name: 'Budi' }).setSubject('6281234567890').setAudience('sop007-bot').setIssuedAt(iat).setExpirationTime(iat + 600).encode();
    expect(await hs(token, now)).toEqual({ rejected: 'bad_algorithm' });
  });

  it('refuses a wrong key, an expired token, a lifetime over 24 h, a wrong audience and issuer', async () => {
    const wrong = await signEcareToken({ msisdn: '6281234567890', name: 'B', secret: 'another-secret-of-at-least-32-characters', now });
    expect(await hs(wrong, now)).toEqual({ rejected: 'bad_signature' });
    expect(await hs(await jwt().setIssuedAt(iat - 7200).setExpirationTime(iat - 3600).sign(key), now)).toEqual({ rejected: 'expired' });
    expect(await hs(await jwt().setIssuedAt(iat).setExpirationTime(iat + 25 * 3600).sign(key), now)).toEqual({ rejected: 'lifetime_too_long' });
    const aud = await signEcareToken({ msisdn: '6281234567890', name: 'B', secret, now, audience: 'other' });
    expect(await hs(aud, now)).toEqual({ rejected: 'wrong_audience' });
    const withIss = createEcareVerifier({ secret, issuer: 'https://ecare.example' });
    expect(await withIss(await signEcareToken({ msisdn: '6281234567890', name: 'B', secret, now, issuer: 'https://evil' }), now)).toEqual({ rejected: 'wrong_issuer' });
    expect(await withIss(await signEcareToken({ msisdn: '6281234567890', name: 'B', secret, now, issuer: 'https://ecare.example' }), now)).toMatchObject({ msisdn: '6281234567890' });
  });

  it('refuses missing exp/iat, missing sub or name, and a bad MSISDN', async () => {
    expect(await hs(await jwt().setIssuedAt(iat).sign(key), now)).toMatchObject({ rejected: 'bad_claims' });
    expect(await hs(await jwt().setExpirationTime(iat + 600).sign(key), now)).toMatchObject({ rejected: 'bad_claims' });
    const noName = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('6281234567890').setAudience('sop007-bot').setIssuedAt(iat).setExpirationTime(iat + 600).sign(key);
    expect(await hs(noName, now)).toEqual({ rejected: 'bad_claims' });
    const noSub = await new SignJWT({ name: 'B' }).setProtectedHeader({ alg: 'HS256' }).setAudience('sop007-bot').setIssuedAt(iat).setExpirationTime(iat + 600).sign(key);
    expect(await hs(noSub, now)).toEqual({ rejected: 'bad_claims' });
    expect(await hs(await signEcareToken({ msisdn: '081234567890', name: 'B', secret, now }), now)).toEqual({ rejected: 'bad_claims' });
  });

  it('accepts nothing when not configured', async () => {
    const token = await signEcareToken({ msisdn: '6281234567890', name: 'B', secret, now });
    expect(await createEcareVerifier({})(token, now)).toEqual({ rejected: 'not_configured' });
  });
});
