/**
 * Agents' sessions: HS256 tokens signed with DESK_SESSION_SECRET (jose), expiring after
 * DESK_SESSION_HOURS; logout puts the token's id on a revocation list in the store (shared by
 * every instance) until it would have expired anyway.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { KeyValueStore } from '../storage/types.js';

const ISSUER = 'sop007-desk';
const revokedKey = (jti: string) => `desk/revoked/${jti}`;

export interface Session {
  username: string;
  jti: string;
  expiresAt: Date;
}

export class DeskSessions {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly store: KeyValueStore,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(username: string): Promise<{ token: string; expiresAt: string }> {
    const issuedAt = this.now();
    const expiresAt = new Date(issuedAt.getTime() + this.ttlMs);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(username)
      .setIssuer(ISSUER)
      .setJti(randomUUID())
      .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /** The session a token stands for, or null (bad signature, expired, revoked, malformed). */
  async verify(token: string): Promise<Session | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: this.now() });
      if (!payload.sub || !payload.jti || !payload.exp) return null;
      const key = revokedKey(payload.jti);
      if ((await this.store.read([key]))[key]) return null;
      return { username: payload.sub, jti: payload.jti, expiresAt: new Date(payload.exp * 1000) };
    } catch {
      return null;
    }
  }

  async revoke(session: Session): Promise<void> {
    await this.store.write({ [revokedKey(session.jti)]: { expiresAt: session.expiresAt.toISOString() } });
  }

  /** Forgets revocations of tokens that have expired anyway. */
  async sweep(): Promise<void> {
    const keys = await this.store.keys('desk/revoked/');
    const items = await this.store.read(keys);
    const done = Object.entries(items).filter(([, v]) => Date.parse((v as { expiresAt: string }).expiresAt) < this.now().getTime()).map(([k]) => k);
    if (done.length) await this.store.delete(done);
  }
}
