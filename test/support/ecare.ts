/** Signed E-Care identity tokens for tests, as the portal would make them. */
import { signEcareToken } from '../../src/services/ecareToken.js';

export const TEST_ECARE_SECRET = 'test-ecare-secret-at-least-32-characters!';

export function ecareToken(msisdn: string, name: string, options: { secret?: string; now?: Date } = {}): Promise<string> {
  return signEcareToken({ msisdn, name, secret: options.secret ?? TEST_ECARE_SECRET, now: options.now });
}

export async function ecareChannelData(msisdn: string, name: string): Promise<{ ecare: { token: string } }> {
  return { ecare: { token: await ecareToken(msisdn, name) } };
}
