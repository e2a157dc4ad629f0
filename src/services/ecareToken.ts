/** Signs an E-Care identity token as the portal does (HS256): the chat CLI, the demo script, tests. */
import { SignJWT } from 'jose';
import { DEFAULT_ECARE_AUDIENCE } from './ecareIdentity.js';

export interface EcareTokenInput {
  msisdn: string;
  name: string;
  secret: string;
  audience?: string;
  issuer?: string;
  /** Seconds; 15 minutes unless told (at most 24 hours are accepted). */
  lifetimeSeconds?: number;
  now?: Date;
}

export function signEcareToken(input: EcareTokenInput): Promise<string> {
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const jwt = new SignJWT({ name: input.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.msisdn)
    .setAudience(input.audience ?? DEFAULT_ECARE_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (input.lifetimeSeconds ?? 15 * 60));
  if (input.issuer) jwt.setIssuer(input.issuer);
  return jwt.sign(new TextEncoder().encode(input.secret));
}
