import { describe, expect, it } from 'vitest';
import { adminAccess, isLoopback } from '../../src/http/adminAuth.js';

describe('adminAccess', () => {
  it('without a token: loopback callers only', () => {
    const check = adminAccess(undefined);
    for (const address of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) expect(check(undefined, address)).toBeNull();
    for (const address of ['10.0.0.5', '192.168.1.1', '::ffff:10.1.1.1', '2001:db8::1', undefined]) expect(check(undefined, address)).toBe(403);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });

  it('with a token: the exact bearer token, from anywhere, loopback included', () => {
    const check = adminAccess('s3cret-token-0123456789');
    expect(check('Bearer s3cret-token-0123456789', '10.0.0.5')).toBeNull();
    expect(check('bearer s3cret-token-0123456789', '10.0.0.5')).toBeNull();
    expect(check(undefined, '127.0.0.1')).toBe(401);
    expect(check('Bearer s3cret-token-012345678', '127.0.0.1')).toBe(401);
    expect(check('Bearer s3cret-token-0123456789 extra', '127.0.0.1')).toBe(401);
    expect(check('Basic s3cret-token-0123456789', '127.0.0.1')).toBe(401);
  });
});
