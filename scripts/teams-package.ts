/**
 * `npm run teams:package`: the Teams app package, `dist/teams/<name>-<version>.zip`, ready to
 * upload in Teams (Apps → Manage your apps → Upload an app) or the Teams admin centre.
 *
 * The committed `deploy/teams/manifest.json` names what differs per deployment with
 * `${{VARIABLE}}` placeholders, filled here from the environment (a `.env` is read too):
 *   MicrosoftAppId      the Azure Bot's app id (required: the manifest's `bots[0].botId`)
 *   TEAMS_APP_ID        the Teams app's own id (a GUID); default: MicrosoftAppId
 *   TEAMS_APP_VERSION   the app's version (x.y.z, raise it on every upload); default: package.json's
 * docs/teams.md explains the steps around it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import yazl from 'yazl';

const ROOT = join(import.meta.dirname, '..');
export const TEAMS_DIR = join(ROOT, 'deploy', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}\.\d{1,5}\.\d{1,5}$/;
/** What goes in the zip, at its root (Teams wants no folders). */
export const PACKAGE_FILES = ['manifest.json', 'en.json', 'color.png', 'outline.png'] as const;

export interface PackageInput {
  MicrosoftAppId?: string;
  TEAMS_APP_ID?: string;
  TEAMS_APP_VERSION?: string;
}

export class PackageError extends Error {}

/** The manifest with its placeholders filled; throws a PackageError naming the variable at fault. */
export function fillManifest(template: string, input: PackageInput, defaultVersion: string): Record<string, unknown> {
  const appId = input.MicrosoftAppId?.trim();
  if (!appId || !GUID.test(appId)) throw new PackageError('MicrosoftAppId must be the Azure Bot\'s app id (a GUID)');
  const teamsAppId = input.TEAMS_APP_ID?.trim() || appId;
  if (!GUID.test(teamsAppId)) throw new PackageError('TEAMS_APP_ID must be a GUID');
  const version = input.TEAMS_APP_VERSION?.trim() || defaultVersion;
  if (!VERSION.test(version)) throw new PackageError('TEAMS_APP_VERSION must look like 1.2.3');
  const values: Record<string, string> = { MicrosoftAppId: appId, TEAMS_APP_ID: teamsAppId, TEAMS_APP_VERSION: version };
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new PackageError(`manifest.json names an unknown placeholder \${{${name}}}`);
    return value;
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

/** The zip's bytes (fixed timestamps, so the same input gives the same package). */
export async function buildPackage(input: PackageInput, dir = TEAMS_DIR): Promise<{ fileName: string; manifest: Record<string, unknown>; zip: Buffer }> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const manifest = fillManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'), input, pkg.version);
  const zip = new yazl.ZipFile();
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const file of PACKAGE_FILES) {
    const content = file === 'manifest.json' ? Buffer.from(JSON.stringify(manifest, null, 2)) : readFileSync(join(dir, file));
    zip.addBuffer(content, file, { mtime });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { fileName: `${pkg.name}-${String(manifest.version)}.zip`, manifest, zip: Buffer.concat(chunks) };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const envFile = join(ROOT, '.env');
  const env = { ...(existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {}), ...process.env } as PackageInput;
  try {
    const { fileName, zip } = await buildPackage(env);
    const out = join(ROOT, 'dist', 'teams');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, fileName), zip);
    console.log(`wrote ${join('dist', 'teams', fileName)} (${zip.length} bytes)`);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(`teams:package: ${error.message}`);
    process.exitCode = 78;
  }
}
