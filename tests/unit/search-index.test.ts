import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_LABELS, KINDS } from '@/utils/kinds';
import { search, searchIndex } from '@/utils/search';
import type { AppSummary } from '@/utils/vault/types';
import { credential } from './helpers/popup';

/** The search as the popup promises it, written the slow, obvious way. */
function reference(apps: AppSummary[], query: string): AppSummary[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return apps;
  return apps.flatMap((app) => {
    const ofApp = [app.appName, app.projectName, app.portalAppId, app.host, app.notes].join(' ').toLowerCase();
    const missing = terms.filter((t) => !ofApp.includes(t));
    if (!missing.length) return [app];
    const credentials = app.credentials.filter((c) => {
      const handle = c.handle ? `@${c.handle.replace(/^@/, '')}` : '';
      const text = `${c.kind} ${KIND_LABELS[c.kind as keyof typeof KIND_LABELS]} ${handle}`.toLowerCase();
      return missing.every((t) => text.includes(t));
    });
    return credentials.length ? [{ ...app, credentials }] : [];
  });
}

const word = fc.constantFrom('Weather', 'bot', 'Prod', 'reply', 'staging', 'ALICE', 'x', '42', 'é');
const app: fc.Arbitrary<AppSummary> = fc.record(
  {
    id: fc.uuid(),
    host: fc.constantFrom('developer.x.com', 'console.x.com'),
    exports: fc.constant([]).map((): AppSummary['exports'] => []),
    appName: fc.array(word, { maxLength: 3 }).map((w) => w.join('-')),
    projectName: fc.array(word, { maxLength: 2 }).map((w) => w.join(' ')),
    portalAppId: fc.stringMatching(/^[0-9]{1,8}$/),
    notes: fc.array(word, { maxLength: 3 }).map((w) => w.join(' ')),
    credentials: fc.array(
      fc
        .tuple(fc.uuid(), fc.constantFrom(...KINDS), fc.option(fc.constantFrom('alice', '@bob', 'Prod42')))
        .map(([id, kind, handle]) => credential(id, kind, handle ? { handle } : {})),
      { maxLength: 4 },
    ),
  },
  { requiredKeys: ['id', 'host', 'exports', 'credentials'] },
);
const query = fc
  .array(fc.oneof(word, fc.constantFrom('api', 'key', 'secret', 'token', '@al', 'bearer', 'client')), {
    maxLength: 3,
  })
  .map((terms) => terms.join(' '));

describe('the precomputed search index', () => {
  it('finds exactly what the obvious search finds, for any list and query', () => {
    fc.assert(
      fc.property(fc.array(app, { maxLength: 12 }), fc.array(query, { maxLength: 4 }), (apps, queries) => {
        // One index, many keystrokes: as the popup uses it.
        const index = searchIndex(apps);
        for (const q of queries) expect(search(index, q)).toEqual(reference(apps, q));
      }),
    );
  });

  it('gives back the list itself for an empty query, and the same App objects for Apps matched whole', () => {
    const apps: AppSummary[] = [
      { id: 'a', host: 'developer.x.com', exports: [], appName: 'Weather', credentials: [credential('c', 'apiKey')] },
      { id: 'b', host: 'developer.x.com', exports: [], appName: 'Reply', credentials: [credential('d', 'apiKey')] },
    ];
    const index = searchIndex(apps);
    expect(search(index, '   ')).toBe(apps);
    const [weather] = search(index, 'weath');
    expect(weather).toBe(apps[0]);
  });
});
