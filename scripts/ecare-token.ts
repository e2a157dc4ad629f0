/**
 * `npm run ecare:token -- 6281100000007 "Budi Santoso"`: prints an E-Care identity token signed
 * with ECARE_IDENTITY_SECRET (the bot must run with the same secret), as the portal would sign it.
 * For demos with the simulator's numbers (src/simulator/fixtures.ts). See docs/ecare.md.
 */
import { MSISDN_PATTERN } from '../src/contracts/backend.js';
import { signEcareToken } from '../src/services/ecareToken.js';

const [msisdn, name] = process.argv.slice(2);
const secret = process.env.ECARE_IDENTITY_SECRET?.trim();
if (!msisdn || !MSISDN_PATTERN.test(msisdn) || !name) {
  process.stderr.write('usage: npm run ecare:token -- 62812… "Account Name"\n');
  process.exit(2);
}
if (!secret || secret.length < 32) {
  process.stderr.write('ECARE_IDENTITY_SECRET (at least 32 characters, the bot\'s) must be set\n');
  process.exit(2);
}
const token = await signEcareToken({
  msisdn,
  name,
  secret,
  audience: process.env.ECARE_IDENTITY_AUDIENCE?.trim() || undefined,
  issuer: process.env.ECARE_IDENTITY_ISSUER?.trim() || undefined,
  lifetimeSeconds: 3600,
});
process.stdout.write(`${token}\n`);
