/**
 * E-Care identity as a signed assertion. The E-Care portal's server signs a short-lived JWT for
 * its logged-in customer (`sub` = MSISDN in 62… form, `name` = account name) and the page passes
 * it in `channelData.ecare.token`. Nothing else in channel data is believed. Pure of botbuilder:
 * (token, now) in, the identity or the reason it was refused out.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { MSISDN_PATTERN } from '../contracts/backend.js';
import type { EcareIdentity } from '../conversation/case.js';

export type EcareRejection =
  | 'expired'
  | 'bad_signature'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'bad_algorithm'
  | 'lifetime_too_long'
  | 'bad_claims'
  | 'malformed'
  | 'not_configured'
  | 'unverified';

export type EcareVerification = EcareIdentity | { rejected: EcareRejection };

export type EcareVerifier = (token: string, now: Date) => Promise<EcareVerification>;

/** A token may live at most this long from now. */
export const MAX_ECARE_TOKEN_LIFETIME_S = 24 * 3600;
export const DEFAULT_ECARE_AUDIENCE = 'sop007-bot';

export interface EcareVerifierOptions {
  /** HS256 shared secret (32+ characters). */
  secret?: string;
  /** The portal's JWKS (RS256/ES256 keys). */
  jwksUrl?: string;
  /** Instead of jwksUrl: a key set to use as is (tests, createLocalJWKSet). */
  keySet?: JWTVerifyGetKey;
  audience?: string;
  issuer?: string;
}

export function isEcareRejection(v: EcareVerification): v is { rejected: EcareRejection } {
  return 'rejected' in v;
}

/** Without a secret or a key set, every token is refused: E-Care identity is not accepted. */
export function createEcareVerifier(options: EcareVerifierOptions): EcareVerifier {
  const audience = options.audience ?? DEFAULT_ECARE_AUDIENCE;
  const keySet = options.keySet ?? (options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined);
  const secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  if (!keySet && !secret) return async () => ({ rejected: 'not_configured' });
  const algorithms = secret ? ['HS256'] : ['RS256', 'ES256'];

  return async (token, now) => {
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192) return { rejected: 'malformed' };
    try {
      const verifyOptions = {
        algorithms,
        audience,
        ...(options.issuer ? { issuer: options.issuer } : {}),
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: now,
      };
      const { payload } = secret
        ? await jwtVerify(token, secret, verifyOptions)
        : await jwtVerify(token, keySet!, verifyOptions);
      const nowS = Math.floor(now.getTime() / 1000);
      if (typeof payload.exp !== 'number' || payload.exp - nowS > MAX_ECARE_TOKEN_LIFETIME_S) return { rejected: 'lifetime_too_long' };
      const msisdn = payload.sub;
      const name = typeof payload.name === 'string' ? payload.name.trim() : '';
      if (typeof msisdn !== 'string' || !MSISDN_PATTERN.test(msisdn) || name.length === 0 || name.length > 200) {
        return { rejected: 'bad_claims' };
      }
      return { msisdn, accountName: name };
    } catch (error) {
      return { rejected: reasonOf(error) };
    }
  };
}

function reasonOf(error: unknown): EcareRejection {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'bad_algorithm';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'wrong_audience';
    if (error.claim === 'iss') return 'wrong_issuer';
    return 'bad_claims';
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  return 'unverified';
}
