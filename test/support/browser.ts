/**
 * A real browser for page tests: Debian's Chromium driven by playwright-core (which never
 * downloads a browser of its own). Like the Redis suites, browser suites are skipped loudly
 * when Chromium is missing, and fail instead with REQUIRE_BROWSER=1 (CI).
 *
 *   describe.skipIf(skipWithoutBrowser('web chat page'))('web chat page', () => {
 *     let browser: Browser;
 *     beforeAll(async () => { browser = await launchBrowser(); });
 *     afterAll(() => browser?.close());
 *     …
 *   });
 *
 * Screenshots a test takes for the docs go to `docs/screenshots/` (committed, small PNGs) via
 * `screenshotPath(name)`; everything else a test writes goes to the OS temp dir.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths.js';

const REQUIRED = process.env.REQUIRE_BROWSER === '1';
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (path): path is string => Boolean(path),
);

/** The Chromium executable, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * True when the suite must be skipped (no Chromium and not required); warns naming the suite.
 * With REQUIRE_BROWSER=1 it returns false, so the suite runs and `launchBrowser` fails saying why.
 */
export function skipWithoutBrowser(suite: string): boolean {
  if (chromiumPath() || REQUIRED) return false;
  console.warn(`[browser] Chromium not found (apt-get install chromium): skipping "${suite}"`);
  return true;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('REQUIRE_BROWSER=1 but no Chromium: apt-get install chromium, or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Where a documentation screenshot named `name` (without .png) is written. */
export function screenshotPath(name: string): string {
  const dir = join(PROJECT_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
