/**
 * Direct Line tokens: HS256 JWTs (jose) signed with DIRECT_LINE_SECRET, each bound to one
 * conversation and one user, DIRECT_LINE_TOKEN_TTL_SECONDS long (30 minutes), refreshable. The E-Care identity token the
 * portal's server vouched with rides inside, so the page can never swap it for another.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Azure's lifetime, the default; botframework-directlinejs refreshes every 15 minutes. */
export const TOKEN_LIFETIME_S = 30 * 60;
const ISSUER = 'sop007-bot/directline';

export interface DirectLineClaims {
  conversationId: string;
  userId: string;
  userName?: string;
  /** The E-Care portal's identity JWT, verified when the token was generated. */
  ecare?: string;
}

export type TokenCheck = { ok: true; claims: DirectLineClaims } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

export interface TokenService {
  issue(claims: DirectLineClaims): Promise<{ token: string; expires_in: number }>;
  verify(token: string | undefined): Promise<TokenCheck>;
  /** True when `bearer` is the channel secret itself (server-to-server calls). */
  isSecret(bearer: string | undefined): boolean;
}

/** A random id no client can guess (conversation and anonymous user ids). */
export function randomId(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('base64url')}`;
}

export function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export function createTokenService(secret: string, now: () => Date = () => new Date(), lifetimeS = TOKEN_LIFETIME_S): TokenService {
  const key = new TextEncoder().encode(secret);
  const secretBytes = Buffer.from(secret);
  return {
    async issue(claims) {
      const iat = Math.floor(now().getTime() / 1000);
      const token = await new SignJWT({
        conv: claims.conversationId,
        ...(claims.userName ? { name: claims.userName } : {}),
        ...(claims.ecare ? { ecare: claims.ecare } : {}),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setSubject(claims.userId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetimeS)
        .sign(key);
      return { token, expires_in: lifetimeS };
    },
    async verify(token) {
      if (!token) return { ok: false, reason: 'missing' };
      if (token.length > 16_384) return { ok: false, reason: 'invalid' };
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, currentDate: now() });
        const { conv, sub, name, ecare } = payload as Record<string, unknown>;
        if (typeof conv !== 'string' || typeof sub !== 'string') return { ok: false, reason: 'invalid' };
        return {
          ok: true,
          claims: {
            conversationId: conv,
            userId: sub,
            ...(typeof name === 'string' ? { userName: name } : {}),
            ...(typeof ecare === 'string' ? { ecare } : {}),
          },
        };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
    isSecret(bearer) {
      if (!bearer) return false;
      const given = Buffer.from(bearer);
      // Constant time: the secret must not leak through how fast a wrong guess is refused.
      return given.length === secretBytes.length && timingSafeEqual(given, secretBytes);
    },
  };
}

