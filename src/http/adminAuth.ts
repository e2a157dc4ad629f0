/**
 * Who may call the operator routes (`/admin/*`, and `/metrics` when it comes). With a token
 * configured, a request must carry `Authorization: Bearer <token>`; the comparison is in
 * constant time over SHA-256 digests, so neither the token's length nor a matching prefix
 * shows in response times. Without a token, only callers on this machine (loopback) are
 * answered: a fresh install is safe, and the operator's own `curl` still works.
 *
 * Behind a reverse proxy every caller looks like loopback: deployments set the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** A check returning null when the caller may proceed, else the status to answer. */
export function adminAccess(token: string | undefined): (authorization: string | undefined, remoteAddress: string | undefined) => 401 | 403 | null {
  if (!token) return (_authorization, remoteAddress) => (isLoopback(remoteAddress) ? null : 403);
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return 401;
    return timingSafeEqual(digest(match[1]!), expected) ? null : 401;
  };
}
