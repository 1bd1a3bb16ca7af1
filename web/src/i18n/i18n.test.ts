/**
 * Fails when a locale lacks a key another has, when a value is empty, when code uses a key that
 * no locale defines, or when a value of a closed list (roles, kinds, error codes) has no label.
 */
import { describe, expect, it } from 'vitest';
import { KNOWN_ERROR_CODES } from '../api/errors';
import { ROLES } from '../auth/roles';
import { ORGANISATION_KINDS, PARTNER_TYPES } from '../pages/organisations/kinds';
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';

type Tree = { [key: string]: string | Tree };
const locales: Record<string, Tree> = { fr, ar, en };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(Object.entries(locales).map(([lang, tree]) => [lang, flatten(tree)]));
const allKeys = new Set(Object.values(flat).flatMap((m) => [...m.keys()]));

const sources = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.gen.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Literal keys in `t('a.b')`, `t("a.b")` and `labelKey: 'a.b'`. */
function keysUsedInCode(): Map<string, string> {
  const used = new Map<string, string>();
  const pattern = /(?:\bt\(\s*|labelKey:\s*)(['"])([A-Za-z0-9_.]+)\1/g;
  for (const [file, text] of Object.entries(sources)) {
    for (const match of text.matchAll(pattern)) if (match[2]) used.set(match[2], file);
  }
  return used;
}

/** Interpolation variables of a message, e.g. {{name}}. */
function variables(message: string): string[] {
  return [...message.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort();
}

describe('locale files', () => {
  for (const [lang, map] of Object.entries(flat)) {
    it(`${lang} has every key, none empty`, () => {
      const missing = [...allKeys].filter((k) => !map.has(k));
      const empty = [...map].filter(([, v]) => v.trim() === '').map(([k]) => k);
      expect({ missing, empty }).toEqual({ missing: [], empty: [] });
    });

    it(`${lang} uses the same {{variables}} as French`, () => {
      const differing = [...map].filter(([k, v]) => {
        const reference = flat.fr?.get(k);
        return reference !== undefined && variables(v).join() !== variables(reference).join();
      });
      expect(differing.map(([k]) => k)).toEqual([]);
    });
  }

  it('scans the source files', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  it('defines every key used in code', () => {
    const used = keysUsedInCode();
    expect(used.size).toBeGreaterThan(50);
    const undefinedKeys = [...used].filter(([k]) => !allKeys.has(k)).map(([k, file]) => `${k} (${file})`);
    expect(undefinedKeys).toEqual([]);
  });

  it('labels every role, organisation kind, user status and error code', () => {
    const needed = [
      ...ROLES.map((r) => `role.${r}`),
      ...ORGANISATION_KINDS.map((k) => `orgKind.${k}`),
      ...PARTNER_TYPES.map((p) => `partnerType.${p}`),
      ...KNOWN_ERROR_CODES.map((c) => `errors.${c}`),
      'userStatus.active',
      'userStatus.disabled',
      'language.fr',
      'language.ar',
      'language.en',
      'audit.problem.edited',
      'audit.problem.inserted',
      'audit.problem.deleted',
    ];
    expect(needed.filter((k) => !allKeys.has(k))).toEqual([]);
  });
});
