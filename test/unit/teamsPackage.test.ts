/**
 * The Teams app package (`npm run teams:package`): what the zip holds, read back with node:zlib,
 * and the manifest's required fields (app manifest schema 1.16) and icon rules checked.
 */
import { inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildPackage, fillManifest, PackageError } from '../../scripts/teams-package.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TEAMS_APP_ID = '9b2c1e55-7a1f-4c2e-8f0a-1d2e3f4a5b6c';

/** The zip's files by name, from its central directory (the sizes there are always right). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const [nameLength, extraLength, commentLength] = [zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32)];
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Width, height and RGBA pixels of a PNG written without row filters (as scripts/teams-icons.ts does). */
function readPng(png: Buffer): { width: number; height: number; colorType: number; pixels: (x: number, y: number) => number[] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const colorType = png[25]!;
  const idat = png.indexOf('IDAT');
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  const stride = 1 + width * 4;
  for (let y = 0; y < height; y++) expect(raw[y * stride]).toBe(0);
  return { width, height, colorType, pixels: (x, y) => [...raw.subarray(y * stride + 1 + x * 4, y * stride + 5 + x * 4)] };
}

describe('npm run teams:package', () => {
  it('zips the manifest, its English localization and both icons at the root', async () => {
    const { fileName, zip, manifest } = await buildPackage({ MicrosoftAppId: APP_ID, TEAMS_APP_ID, TEAMS_APP_VERSION: '1.4.2' });
    expect(fileName).toBe('sop007-bot-1.4.2.zip');
    const files = unzip(zip);
    expect([...files.keys()].sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8'))).toEqual(manifest);
  });

  it('fills in the bot id, the app id and the version; the manifest has every required field of schema 1.16+', async () => {
    const { zip } = await buildPackage({ MicrosoftAppId: APP_ID, TEAMS_APP_ID, TEAMS_APP_VERSION: '1.4.2' });
    const files = unzip(zip);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a manifest read back to be checked field by field
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, any>;
    expect(JSON.stringify(m)).not.toContain('${{');
    expect(m.$schema).toMatch(/^https:\/\/developer\.microsoft\.com\/en-us\/json-schemas\/teams\/v1\.(1[6-9]|2\d)\/MicrosoftTeams\.schema\.json$/);
    expect(Number(m.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(16);
    expect(m).toMatchObject({ id: TEAMS_APP_ID, version: '1.4.2', icons: { color: 'color.png', outline: 'outline.png' } });
    expect(m.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    for (const field of ['name', 'websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(m.developer[field], `developer.${field}`).toBeTruthy();
    for (const url of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(m.developer[url]).toMatch(/^https:\/\//);
    expect(m.name.short.length).toBeLessThanOrEqual(30);
    expect(m.name.full.length).toBeLessThanOrEqual(100);
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.description.full.length).toBeLessThanOrEqual(4000);
    expect(m.bots).toHaveLength(1);
    expect(m.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'groupChat', 'team'] });
    expect(m.localizationInfo).toEqual({ defaultLanguageTag: 'id-ID', additionalLanguages: [{ languageTag: 'en-US', file: 'en.json' }] });
    // The English file translates what the manifest says, key for key.
    const en = JSON.parse(files.get('en.json')!.toString('utf8')) as Record<string, string>;
    expect(en.$schema).toMatch(/MicrosoftTeams\.Localization\.schema\.json$/);
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) expect(en[key], key).toBeTruthy();
    expect(en['name.short']!.length).toBeLessThanOrEqual(30);
    m.bots[0].commandLists[0].commands.forEach((_: unknown, i: number) => expect(en[`bots[0].commandLists[0].commands[${i}].title`]).toBeTruthy());
  });

  it('has a 192×192 colour icon and a 32×32 outline that is white on transparent', async () => {
    const files = unzip((await buildPackage({ MicrosoftAppId: APP_ID })).zip);
    const color = readPng(files.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readPng(files.get('outline.png')!);
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    let white = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = outline.pixels(x, y);
        if (a === 0) continue;
        expect([r, g, b]).toEqual([255, 255, 255]);
        white++;
      }
    }
    expect(white).toBeGreaterThan(50);
    expect(outline.pixels(0, 0)[3]).toBe(0);
  });

  it('defaults the app id to the bot id and the version to package.json; refuses a missing or malformed id', async () => {
    const { manifest } = await buildPackage({ MicrosoftAppId: APP_ID });
    expect(manifest).toMatchObject({ id: APP_ID, version: '0.1.0' });
    expect(() => fillManifest('{}', {}, '1.0.0')).toThrow(PackageError);
    expect(() => fillManifest('{}', { MicrosoftAppId: 'not-a-guid' }, '1.0.0')).toThrow(/MicrosoftAppId/);
    expect(() => fillManifest('{}', { MicrosoftAppId: APP_ID, TEAMS_APP_VERSION: 'v2' }, '1.0.0')).toThrow(/TEAMS_APP_VERSION/);
    expect(() => fillManifest('{"x":"${{OTHER}}"}', { MicrosoftAppId: APP_ID }, '1.0.0')).toThrow(/OTHER/);
  });
});
