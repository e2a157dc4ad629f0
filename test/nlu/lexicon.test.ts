/** The lexicon files: their shape is checked at load, and a broken edit names the file and path. */
import { describe, expect, it } from 'vitest';
import { canonicalPhrase, files } from '../../src/nlu/lexicon.js';
import signalsJson from '../../src/nlu/lexicons/signals.json' with { type: 'json' };
import { ChannelsFile, LexiconError, ServicesFile, SignalsFile, SlangFile, parseLexicon } from '../../src/nlu/lexicon-schema.js';

describe('lexicon validation', () => {
  it('the shipped files are valid (they loaded)', () => {
    expect(files.channels.providers.BCA).toContain('bca');
  });

  it('an unknown provider code fails with the file and the JSON path', () => {
    const broken = { ...files.channels, bundles: [{ provider: 'BCAA', method: 'ATM', aliases: ['x'] }] };
    expect(() => parseLexicon('src/nlu/lexicons/channels.json', ChannelsFile, broken)).toThrowError(LexiconError);
    expect(() => parseLexicon('src/nlu/lexicons/channels.json', ChannelsFile, broken)).toThrowError(/channels\.json at bundles\.0\.provider/);
  });

  it('a synonym that is not a string fails', () => {
    const broken = { ...files.services, services: { ...files.services.services, DATA: ['internet', 42] } };
    expect(() => parseLexicon('src/nlu/lexicons/services.json', ServicesFile, broken)).toThrowError(/services\.json at services\.DATA\.1/);
  });

  it('signals.json is checked too: a missing side question fails with the path', () => {
    expect(() => parseLexicon('src/nlu/lexicons/signals.json', SignalsFile, signalsJson)).not.toThrow();
    const questions: Record<string, unknown> = { ...signalsJson.questions };
    delete questions.OFF_TOPIC;
    expect(() => parseLexicon('src/nlu/lexicons/signals.json', SignalsFile, { ...signalsJson, questions })).toThrowError(/signals\.json at questions\.OFF_TOPIC/);
  });

  it('a misspelt key fails instead of being ignored', () => {
    expect(() => parseLexicon('src/nlu/lexicons/slang.json', SlangFile, { rewrite: {} })).toThrowError(/slang\.json/);
  });

  it('notes ("$comment") are allowed anywhere', () => {
    expect(() => parseLexicon('x.json', SlangFile, { $comment: 'hi', rewrites: { $note: 'x' } })).not.toThrow();
  });

  it('phrases are read through the same slang as messages', () => {
    expect(canonicalPhrase('udh bayar')).toEqual(['sudah', 'bayar']);
    expect(canonicalPhrase('ga bisa apa2')).toEqual(['tidak', 'bisa', 'apa', 'apa']);
    expect(canonicalPhrase('M-Banking')).toEqual(['m', 'banking']);
  });
});
