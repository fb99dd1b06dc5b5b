// @vitest-environment node
// The exported files read by the programs people load them with, not by a restatement of the format:
// a Postman environment by newman (Postman's own runner) sending every variable to a local server that
// echoes it back; a Bruno environment by Bruno's own parser (@usebruno/lang). The shell file (bash, dash, zsh), .env (dotenv, dotenv-expand, bash, dash) and JSON
// (JSON.parse) are read in export-formats.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportSource, exportAs, variableNames } from '@/utils/export/formats';
import { KINDS, type Kind } from '@/utils/kinds';

const NOW = Date.UTC(2026, 10, 23, 12);

interface NewmanSummary {
  run: {
    failures: { error: { message: string } }[];
    executions: { item: { name: string }; response?: { stream?: Buffer } }[];
  };
}
interface Newman {
  run(options: object, callback: (error: Error | null, summary: NewmanSummary) => void): void;
}
interface BrunoLang {
  bruToEnvJsonV2(text: string): { variables: { name: string; value: string; enabled: boolean; secret: boolean }[] };
}
// newman and @usebruno/lang ship no types; these are the parts of their APIs the tests use.
const require = createRequire(import.meta.url);
const newman = require('newman') as Newman;
const brunoLang = require('@usebruno/lang') as BrunoLang;

/** What the local server received, by variable name: the body of each request, as sent. */
let received = new Map<string, string>();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      received.set(decodeURIComponent(request.url?.slice('/echo/'.length) ?? ''), body.toString('utf8'));
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * A collection with one request per variable: its body is `{{NAME}}`, which newman replaces with the
 * environment's value, and its test checks that the echo equals what the environment holds.
 */
function collectionFor(names: string[]) {
  return {
    info: {
      name: 'OnceKey export check',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: names.map((name) => ({
      name,
      request: {
        method: 'POST',
        url: `${base}/echo/${name}`,
        header: [{ key: 'Content-Type', value: 'text/plain; charset=utf-8' }],
        body: { mode: 'raw', raw: `{{${name}}}` },
      },
      event: [
        {
          listen: 'test',
          script: {
            exec: [
              `pm.test('echoes ${name}', () => pm.expect(pm.response.text()).to.equal(pm.environment.get('${name}')));`,
            ],
          },
        },
      ],
    })),
  };
}

/** Runs newman with the exported file as its environment; returns the bodies the server received. */
async function newmanRead(environmentText: string, names: string[]): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'oncekey-newman-'));
  try {
    const file = join(dir, 'env.postman_environment.json');
    writeFileSync(file, environmentText, 'utf8');
    received = new Map();
    const summary = await new Promise<NewmanSummary>((resolve, reject) =>
      newman.run({ collection: collectionFor(names), environment: file, reporters: [] }, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
    expect(summary.run.failures.map((f) => f.error.message)).toEqual([]);
    return Object.fromEntries(received);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sourceOf = (values: string[]): ExportSource => ({
  appName: 'My Bot',
  projectName: 'Default project',
  items: KINDS.map((kind, i) => ({ kind, value: values[i] ?? '', version: 1, createdAt: NOW })),
});

/** Characters and sequences Postman, JSON and HTTP bodies care about. */
const tricky = fc.constantFrom(
  '{{',
  '}}',
  '{',
  '}',
  '$',
  '"',
  "'",
  '\\',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '%2B',
  'é',
  '😀',
  '\u2028',
  'a',
  'Z',
  '0',
);
/** Whole references, which Postman replaces: rare, so that most runs reach newman. */
const reference = fc.constantFrom('{{X_API_KEY}}', '{{$guid}}', 'a{{$randomInt}}b');
const anyValue = fc.oneof(
  { weight: 1, arbitrary: reference },
  { weight: 24, arbitrary: fc.string({ unit: tricky, maxLength: 6 }) },
  { weight: 8, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 8, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 50 }) },
);

describe('Postman environment, read by newman', () => {
  it('gives every kind its exact value when a request uses it, under every preset', async () => {
    let read = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyValue, { minLength: KINDS.length, maxLength: KINDS.length }),
        fc.constantFrom('x', 'xdk', 'tweepy', 'twitter-api-v2', 'twitter' as const),
        async (values, preset) => {
          const result = exportAs('postman', sourceOf(values), { preset, now: NOW });
          if (!result.ok) {
            // Only a value newman would read as a variable reference may be refused, and it is named.
            expect(values.some((v) => /\{\{[^{}]*\}\}/.test(v))).toBe(true);
            expect(result.problems.join(' ')).toContain('which Postman replaces with a variable');
            return;
          }
          const names = variableNames(preset);
          const expected = Object.fromEntries(KINDS.map((kind: Kind, i) => [names[kind], values[i]]));
          expect(await newmanRead(result.text, Object.keys(expected))).toEqual(expected);
          read++;
        },
      ),
      { numRuns: 40 },
    );
    // About half the runs reach newman; fewer than 6 of 40 would mean the values rarely test it.
    expect(read).toBeGreaterThan(5);
  });

  it('refuses a value holding {{…}}, which newman would replace, naming its kind', () => {
    const values = KINDS.map((_, i) => (i === 1 ? 'abc{{$guid}}' : 'plain'));
    expect(exportAs('postman', sourceOf(values), { preset: 'x', now: NOW })).toEqual({
      ok: false,
      problems: ['API Key Secret contains {{…}}, which Postman replaces with a variable wherever the value is used.'],
    });
  });
});

/** Mostly one-line values without white space at the ends, so that most runs reach the parser. */
const inner = fc.constantFrom(
  ...['{', '}', '$', '"', "'", '\\', ':', '#', "'''", '~', '@', '%2B', 'é', '😀', '\u2028', 'a', 'Z', '0'],
);
const brunoValue = fc.oneof(
  { weight: 30, arbitrary: fc.string({ unit: fc.oneof(inner, fc.constant(' ')), maxLength: 8 }).map((v) => v.trim()) },
  { weight: 1, arbitrary: anyValue },
  { weight: 1, arbitrary: reference },
);

describe('Bruno environment, read by Bruno’s own parser', () => {
  it('reads back every kind exactly, enabled and not secret, or names what it refused and why', () => {
    let read = 0;
    fc.assert(
      fc.property(
        fc.array(brunoValue, { minLength: KINDS.length, maxLength: KINDS.length }),
        fc.constantFrom('x', 'xdk', 'tweepy', 'twitter-api-v2', 'twitter' as const),
        (values, preset) => {
          const result = exportAs('bruno', sourceOf(values), { preset, now: NOW });
          // Restated from Bruno's grammar: one trimmed line, no ''' block start, no {{ that Bruno would interpolate.
          const refusable = (v: string) => /[\r\n]/.test(v) || v.trim() !== v || v.includes("'''") || v.includes('{{');
          if (!result.ok) {
            expect(result.problems).toHaveLength(values.filter(refusable).length);
            return;
          }
          expect(values.filter(refusable)).toEqual([]);
          const names = variableNames(preset);
          expect(brunoLang.bruToEnvJsonV2(result.text).variables).toEqual(
            KINDS.map((kind, i) => ({ name: names[kind], value: values[i], enabled: true, secret: false })),
          );
          read++;
        },
      ),
      { numRuns: 500 },
    );
    expect(read).toBeGreaterThan(50);
  });

  it('writes real X credentials as they are', () => {
    const values = [
      'wiRZwUf4YfqktgLJ9IrcypDWH',
      'AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2X',
    ];
    const result = exportAs(
      'bruno',
      {
        ...sourceOf([]),
        items: [
          { kind: 'apiKey', value: values[0] ?? '', version: 1, createdAt: NOW },
          { kind: 'bearerToken', value: values[1] ?? '', version: 1, createdAt: NOW },
        ],
      },
      { preset: 'x', now: NOW },
    );
    expect(result).toEqual({
      ok: true,
      fileName: 'my-bot.bru',
      text: `vars {\n  X_API_KEY: ${values[0]}\n  X_BEARER_TOKEN: ${values[1]}\n}\n`,
    });
  });
});
