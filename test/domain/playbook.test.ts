import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/contracts/backend.js';
import { PLAYBOOK, playbookKeys } from '../../src/domain/playbook.js';
import { OUTCOMES } from '../../src/domain/types.js';
import { readLocaleFiles } from '../../src/i18n.js';
import { keysOf } from '../support/localeKeys.js';

describe('the playbook: what each outcome does', () => {
  it('has one entry for every outcome code, and no other', () => {
    expect(Object.keys(PLAYBOOK).sort()).toEqual([...OUTCOMES].sort());
  });

  it('every sentence it names exists in every locale', () => {
    const keys = playbookKeys();
    expect(keys.length).toBeGreaterThan(15);
    for (const [lang, tree] of Object.entries(readLocaleFiles())) {
      const present = keysOf(tree);
      expect(keys.filter((k) => !present.has(k)), `locales/${lang}`).toEqual([]);
    }
  });

  it('a ticket goes to a team the gateway knows; only ticket outcomes watch after a ticket', () => {
    for (const [code, p] of Object.entries(PLAYBOOK)) {
      if (p.ticket) expect(ROUTES, code).toContain(p.ticket.route);
      if (p.ticket) expect(p.watch, code).toBe('TICKET');
      if (p.refresh) expect(PLAYBOOK[p.refresh.ifItFails].ticket, `${code} → ${p.refresh.ifItFails}`).not.toBeNull();
    }
  });

  it('a ticket outcome says its reason with the first ticket question, not before', () => {
    for (const [code, p] of Object.entries(PLAYBOOK)) if (p.ticket) expect(p.say, code).toEqual([]);
  });
});
