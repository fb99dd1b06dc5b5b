// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as dotenvParse } from 'dotenv';
import { expand } from 'dotenv-expand';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ExportSource,
  exportAs,
  FORMATS,
  fileNameFor,
  isValidPrefix,
  PRESETS,
  type PresetId,
  variableNames,
} from '@/utils/export/formats';
import { KIND_LABELS, KINDS, type Kind } from '@/utils/kinds';

const NOW = Date.UTC(2026, 10, 23, 12);
const NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

function sourceOf(entries: [Kind, string][], extra: Partial<ExportSource> = {}): ExportSource {
  return {
    appName: 'My Bot',
    projectName: 'Default project',
    ...extra,
    items: entries.map(([kind, value], i) => ({ kind, value, version: 1 + i, createdAt: NOW - i })),
  };
}

function expectOk(result: ReturnType<typeof exportAs>): { text: string; fileName: string } {
  if (!result.ok) throw new Error(`expected ok, got problems: ${result.problems.join(' | ')}`);
  return result;
}

function expectedMap(entries: [Kind, string][], names: Record<Kind, string>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const kind of KINDS) {
    const entry = entries.find(([k]) => k === kind);
    if (entry) map[names[kind]] = entry[1];
  }
  return map;
}

/** The kind a problem sentence names: the longest label it starts with ("API Key Secret …" is not "API Key"). */
function kindNamedBy(problem: string): Kind | undefined {
  const matches = KINDS.filter((kind) => problem.startsWith(`${KIND_LABELS[kind]} `));
  return matches.sort((a, b) => KIND_LABELS[b].length - KIND_LABELS[a].length)[0];
}

/** What every reader of a .env file returns: dotenv's two parsers and dotenv-expand over the default one. */
function dotenvReaders(text: string): { parsed: Record<string, string>; fast: Record<string, string> } {
  return { parsed: dotenvParse(text), fast: dotenvParse(text, { fast: true }) };
}

function dotenvExpanded(
  parsed: Record<string, string>,
  processEnv: Record<string, string> = {},
): Record<string, string> {
  return expand({ parsed: { ...parsed }, processEnv }).parsed ?? {};
}

/**
 * The shells that read each file: a missing one fails the test, naming how to install it, rather than
 * quietly testing less. `npm run setup` installs zsh.
 */
function requireShells(...shells: string[]): string[] {
  for (const shell of shells) {
    if (!['/bin', '/usr/bin'].some((dir) => existsSync(`${dir}/${shell}`))) {
      throw new Error(
        `${shell} is not installed, so the export cannot be checked with it: run \`npm run setup\` (or apt-get install ${shell}).`,
      );
    }
  }
  return shells;
}

/**
 * Loads each text in a fresh subshell of one `shell` process (`set -a; . file` for .env files, `. file` for
 * shell scripts) and returns the variables each one added to the exported environment, read with `env -0`.
 * The first text is empty and gives the baseline the others are compared with.
 */
function shellRead(shell: string, mode: 'env' | 'shell', texts: string[]): Record<string, string>[] {
  const dir = mkdtempSync(join(tmpdir(), 'oncekey-export-'));
  try {
    const files = ['', ...texts].map((text, i) => {
      const file = join(dir, `${i}.txt`);
      writeFileSync(file, text, 'utf8');
      return file;
    });
    const load = mode === 'env' ? 'set -a; . "$f"' : '. "$f"';
    const script = `for f in "$@"; do ( ${load} && env -0 ) > "$f.out" 2> "$f.err"; done`;
    const run = spawnSync(shell, ['-c', script, 'sh', ...files], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    const [baseline = {}, ...rest] = files.map((file) => {
      const entries: Record<string, string> = {};
      for (const entry of readFileSync(`${file}.out`).toString('utf8').split('\0')) {
        const eq = entry.indexOf('=');
        if (eq > 0) entries[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
      return entries;
    });
    return rest.map((entries) => {
      const added: Record<string, string> = {};
      // `_` and zsh's SHLVL are the shell's own bookkeeping, not something the file set.
      for (const [key, value] of Object.entries(entries))
        if (key !== '_' && key !== 'SHLVL' && baseline[key] !== value) added[key] = value;
      return added;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries.

const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const alnumOf = (length: number) => fc.string({ unit: alnum, minLength: length, maxLength: length });
const base64urlOf = (length: number) =>
  fc.string({ unit: fc.oneof(alnum, fc.constantFrom('-', '_')), minLength: length, maxLength: length });

/** Shapes the X developer portal shows: all within [A-Za-z0-9%_-]. */
const realCredential = fc.oneof(
  alnumOf(25), // API Key
  alnumOf(50), // API Key Secret
  fc.tuple(alnumOf(40), alnumOf(40)).map(([a, b]) => `AAAAAAAAAAAAAAAAAAAAA${a}%2B${b}%3D`), // Bearer Token
  fc.tuple(fc.bigInt({ min: 10n ** 17n, max: 10n ** 19n }), alnumOf(40)).map(([id, rest]) => `${id}-${rest}`), // Access Token
  alnumOf(45), // Access Token Secret
  alnumOf(34), // Client ID
  base64urlOf(50), // Client Secret
  base64urlOf(91), // OAuth 2.0 tokens
);

/** Characters and sequences that quoting, comments, expansion and line handling care about. */
const trickyUnit = fc.constantFrom(
  "'",
  '"',
  '$',
  '#',
  '\\',
  ' ',
  '\n',
  '\r',
  '\t',
  '\v',
  '\f',
  '=',
  '`',
  '!',
  '~',
  '~/',
  ':~',
  '*',
  '{',
  '}',
  '(',
  ')',
  ';',
  '&',
  '|',
  '<',
  ':',
  '%',
  '-',
  'a',
  'Z',
  '0',
  'é',
  '😀',
  '\u2028',
  '\u00a0',
  '\ufeff',
  '\u0085',
  '\0',
  '\u0001',
  '\ud800',
  '\udc00',
  'encrypted:',
  '$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text dotenv-expand would expand
  '${X}',
  '\\$',
  '\\n',
  "\\'",
  '\nB=1',
  '\nexport EVIL=1\n',
  ' #',
);

const anyValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: trickyUnit, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 10 }) },
  { weight: 1, arbitrary: realCredential },
);

const presetChoice: fc.Arbitrary<{ preset: PresetId; customPrefix?: string }> = fc.oneof(
  fc.constantFrom<PresetId>('x', 'xdk', 'tweepy', 'twitter-api-v2', 'twitter').map((preset) => ({ preset })),
  fc.constantFrom('', 'MYBOT_', '_', 'A1_').map((customPrefix) => ({ preset: 'custom' as const, customPrefix })),
);

/** A 2–3 credential export with arbitrary values. */
const exportCase = fc.record({
  entries: fc
    .tuple(
      fc.shuffledSubarray(KINDS, { minLength: 2, maxLength: 3 }),
      fc.array(anyValue, { minLength: 3, maxLength: 3 }),
    )
    .map(([kinds, values]) => kinds.map((kind, i): [Kind, string] => [kind, values[i] ?? ''])),
  naming: presetChoice,
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unwritableAnywhere = (v: string) => v.includes('\0') || LONE_SURROGATE.test(v);

/** The .env rule, restated independently of the implementation (see the evidence tests below). */
function envRefuses(v: string): boolean {
  if (unwritableAnywhere(v) || v.includes('\r') || v.includes('$') || v.startsWith('encrypted:')) return true;
  if (/^[A-Za-z0-9_.,:/@%+=-]*$/.test(v)) return false;
  if (!v.includes("'")) return v.endsWith('\\');
  return /["\\`]/.test(v);
}

// ---------------------------------------------------------------------------------------------------------------

describe('.env export', () => {
  it('reads back exactly through dotenv (both parsers), dotenv-expand, bash and dash — or names what it refused', () => {
    const okCases: { text: string; expected: Record<string, string> }[] = [];
    let refused = 0;
    fc.assert(
      fc.property(exportCase, ({ entries, naming }) => {
        const result = exportAs('env', sourceOf(entries), { ...naming, now: NOW });
        const names = variableNames(naming.preset, naming.customPrefix);
        const refusedKinds = entries.filter(([, v]) => envRefuses(v)).map(([k]) => k);
        if (!result.ok) {
          refused++;
          expect(result.problems.length).toBeGreaterThan(0);
          expect(result.problems.map(kindNamedBy).sort()).toEqual([...refusedKinds].sort());
          return;
        }
        expect(refusedKinds).toEqual([]);
        const expected = expectedMap(entries, names);
        const { parsed, fast } = dotenvReaders(result.text);
        expect(parsed).toEqual(expected);
        expect(Object.keys(parsed)).toEqual(Object.keys(expected));
        expect(fast).toEqual(expected);
        // Only now is it safe to hand the values to dotenv-expand, which runs "$(…)" as a command.
        for (const value of Object.values(parsed)) expect(value).not.toContain('$');
        expect(dotenvExpanded(parsed)).toEqual(expected);
        okCases.push({ text: result.text, expected });
      }),
      { numRuns: 200 },
    );
    // The property would be vacuous if almost everything were refused or every value were bare.
    expect(refused).toBeGreaterThan(30);
    expect(okCases.filter((c) => /='|="/.test(c.text)).length).toBeGreaterThan(40);

    for (const shell of requireShells('bash', 'dash')) {
      const read = shellRead(
        shell,
        'env',
        okCases.map((c) => c.text),
      );
      okCases.forEach((c, i) => {
        expect({ shell, text: c.text, read: read[i] }).toEqual({ shell, text: c.text, read: c.expected });
      });
    }
  });

  it('writes the header, a blank line, then one line per credential in the order of the kinds', () => {
    const entries: [Kind, string][] = [
      ['clientSecret', 'cs_value'],
      ['apiKey', 'ak_value'],
      ['bearerToken', 'AAAA%3Dbt'],
    ];
    const { text, fileName } = expectOk(exportAs('env', sourceOf(entries), { preset: 'x', now: NOW }));
    expect(text).toBe(
      [
        '# OnceKey export: My Bot (Default project)',
        '# Exported 2026-11-23',
        '# Regenerating any of these in the X developer portal makes this file stale.',
        '',
        'X_API_KEY=ak_value',
        'X_BEARER_TOKEN=AAAA%3Dbt',
        'X_CLIENT_SECRET=cs_value',
        '',
      ].join('\n'),
    );
    expect(fileName).toBe('my-bot.env');
  });

  it('never quotes real credential shapes', () => {
    fc.assert(
      fc.property(fc.array(realCredential, { minLength: KINDS.length, maxLength: KINDS.length }), (values) => {
        const entries = KINDS.map((kind, i): [Kind, string] => [kind, values[i] ?? '']);
        const { text } = expectOk(exportAs('env', sourceOf(entries), { preset: 'x', now: NOW }));
        const lines = text.split('\n').slice(4, -1);
        expect(lines).toEqual(KINDS.map((kind, i) => `${variableNames('x')[kind]}=${values[i]}`));
      }),
      { numRuns: 50 },
    );
  });

  it('quotes with single quotes, or double quotes around a single quote, and leaves the empty value bare', () => {
    const line = (value: string) => {
      const { text } = expectOk(exportAs('env', sourceOf([['apiKey', value]]), { preset: 'x', now: NOW }));
      return text.split('\n').slice(4, -1).join('\n');
    };
    expect(line('')).toBe('X_API_KEY=');
    expect(line('a b#c')).toBe("X_API_KEY='a b#c'");
    expect(line('two\nlines')).toBe("X_API_KEY='two\nlines'");
    expect(line("it's")).toBe('X_API_KEY="it\'s"');
    expect(line('~/x')).toBe("X_API_KEY='~/x'");
    expect(line('a:~')).toBe("X_API_KEY='a:~'");
  });

  it('puts the App and project names in the header on one line, and no value', () => {
    const values: [Kind, string][] = [
      ['apiKey', 'k3yValue123'],
      ['apiKeySecret', 's3cretValue456'],
    ];
    for (const [appName, projectName, title] of [
      ['My Bot', 'Proj', '# OnceKey export: My Bot (Proj)'],
      ['My Bot', undefined, '# OnceKey export: My Bot'],
      [undefined, 'Proj', '# OnceKey export: (Proj)'],
      [undefined, undefined, '# OnceKey export'],
      [
        'Evil\nX_API_KEY=pwned\u2028EVIL=1\u2029MORE=2\r\u0085x',
        'p\r\nq',
        '# OnceKey export: Evil X_API_KEY=pwned EVIL=1 MORE=2 x (p q)',
      ],
    ] as const) {
      const { text } = expectOk(exportAs('env', sourceOf(values, { appName, projectName }), { preset: 'x', now: NOW }));
      const lines = text.split('\n');
      expect(lines.slice(0, 4)).toEqual([
        title,
        '# Exported 2026-11-23',
        '# Regenerating any of these in the X developer portal makes this file stale.',
        '',
      ]);
      for (const header of lines.slice(0, 3)) {
        for (const [, value] of values) expect(header).not.toContain(value);
      }
      const { parsed, fast } = dotenvReaders(text);
      const expected = { X_API_KEY: 'k3yValue123', X_API_SECRET: 's3cretValue456' };
      expect(parsed).toEqual(expected);
      expect(fast).toEqual(expected);
    }
  });

  it('refuses what no .env quoting holds, naming the kind and the reason', () => {
    const problemsFor = (value: string) => {
      const result = exportAs('env', sourceOf([['clientSecret', value]]), { preset: 'x', now: NOW });
      return result.ok ? [] : result.problems;
    };
    expect(problemsFor('a\rb')[0]).toMatch(/^Client Secret contains a carriage return/);
    expect(problemsFor('a$b')[0]).toMatch(/^Client Secret contains a "\$"/);
    expect(problemsFor('encrypted:abc')[0]).toMatch(/^Client Secret starts with "encrypted:"/);
    expect(problemsFor('a b\\')[0]).toMatch(/^Client Secret ends with a backslash/);
    expect(problemsFor('it\'s "x"')[0]).toMatch(/^Client Secret contains a single quote and a double quote/);
    expect(problemsFor("it's \\x")[0]).toMatch(/^Client Secret contains a single quote and a backslash/);
    expect(problemsFor("it's `x`")[0]).toMatch(/^Client Secret contains a single quote and a backtick/);
    expect(problemsFor('a\0b')[0]).toMatch(/^Client Secret contains a NUL character/);
    expect(problemsFor('a\ud800b')[0]).toMatch(/^Client Secret contains an unpaired UTF-16 surrogate/);
    // Each of those is a problem of the value alone: a fine neighbour does not change it, and is not named.
    const mixed = exportAs(
      'env',
      sourceOf([
        ['apiKey', 'fine'],
        ['clientSecret', 'a$b'],
        ['bearerToken', 'x\r'],
      ]),
      { preset: 'x', now: NOW },
    );
    expect(mixed.ok ? [] : mixed.problems.map(kindNamedBy)).toEqual(['bearerToken', 'clientSecret']);
  });
});

/**
 * Why the .env rule refuses what it refuses: each of these is the installed dotenv / dotenv-expand / bash
 * disagreeing with the obvious way of writing the value. If a library changes, the rule may be relaxed.
 */
describe('.env evidence against the installed readers', () => {
  const texts = [
    "A='x\\$y'\n",
    "A='x\ry'\n",
    "A='x\\'\nB='\ny'\n",
    'A="it\'s \\"q\\""\n',
    'A="a\\nb"\n',
    'A="it\'s `echo x`"\n',
    "A='x\0y'\n",
    'A=~/x\n',
  ];
  let read: Record<string, string>[] | undefined;
  /** What bash reads for A: all the texts above go through one bash process, the first time one is asked for. */
  const bashReadsA = (text: string) => {
    read ??= shellRead('bash', 'env', texts);
    const index = texts.indexOf(text);
    expect(index).toBeGreaterThanOrEqual(0);
    return read[index]?.A;
  };

  it('dotenv-expand expands $ inside single quotes, runs $(…), and unescapes \\$', () => {
    expect(dotenvExpanded(dotenvParse("A='x$HOME'\n"), { HOME: '/home/u' }).A).toBe('x/home/u');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text of a .env file
    expect(dotenvExpanded(dotenvParse("A='x${HOME}y'\n"), { HOME: '/h' }).A).toBe('x/hy');
    expect(dotenvExpanded(dotenvParse("A='$(echo ran)'\n"), { PATH: process.env.PATH ?? '' }).A).toBe('ran');
    expect(dotenvExpanded(dotenvParse("A='x\\$y'\n")).A).toBe('x$y');
    expect(bashReadsA("A='x\\$y'\n")).toBe('x\\$y');
  });

  it('dotenv turns a carriage return into a newline even inside quotes', () => {
    expect(dotenvParse("A='x\ry'\n").A).toBe('x\ny');
    expect(dotenvParse("A='x\ry'\n", { fast: true }).A).toBe('x\ny');
    expect(bashReadsA("A='x\ry'\n")).toBe('x\ry');
  });

  it('a single-quoted value ending in a backslash swallows the next line when that value starts with a newline', () => {
    const text = "A='x\\'\nB='\ny'\n";
    expect(dotenvParse(text).A).not.toBe('x\\');
    expect(dotenvParse(text, { fast: true }).A).not.toBe('x\\');
    expect(bashReadsA(text)).toBe('x\\');
  });

  it('inside double quotes dotenv keeps backslashes and expands \\n, where sh unescapes', () => {
    expect(dotenvParse('A="it\'s \\"q\\""\n').A).toBe('it\'s \\"q\\"');
    expect(bashReadsA('A="it\'s \\"q\\""\n')).toBe('it\'s "q"');
    expect(dotenvParse('A="a\\nb"\n').A).toBe('a\nb');
    expect(bashReadsA('A="a\\nb"\n')).toBe('a\\nb');
    expect(bashReadsA('A="it\'s `echo x`"\n')).toBe("it's x");
  });

  it('dotenv-expand tries to decrypt a value starting with "encrypted:" when a private key is set', () => {
    expect(() => dotenvExpanded(dotenvParse("A='encrypted:abc'\n"), { DOTENV_PRIVATE_KEY: 'ab'.repeat(32) })).toThrow();
  });

  it('dotenv starts a new line at U+2028 in a comment, and bash drops NUL', () => {
    expect(dotenvParse('# a\u2028EVIL=1\nA=x\n').EVIL).toBe('1');
    expect(dotenvParse('# a\u2028EVIL=1\nA=x\n', { fast: true }).EVIL).toBe('1');
    expect(bashReadsA("A='x\0y'\n")).toBe('xy');
  });

  it('bash expands a bare ~ in an assignment', () => {
    expect(bashReadsA('A=~/x\n')).not.toBe('~/x');
    expect(dotenvParse('A=~/x\n').A).toBe('~/x');
  });
});

describe('shell export', () => {
  it('reads back exactly in bash, dash and zsh, exported, for every value without NUL or a lone surrogate', () => {
    const okCases: { text: string; expected: Record<string, string> }[] = [];
    fc.assert(
      fc.property(exportCase, ({ entries, naming }) => {
        const result = exportAs('shell', sourceOf(entries), { ...naming, now: NOW });
        const refusedKinds = entries.filter(([, v]) => unwritableAnywhere(v)).map(([k]) => k);
        if (!result.ok) {
          expect(result.problems.map(kindNamedBy).sort()).toEqual([...refusedKinds].sort());
          return;
        }
        expect(refusedKinds).toEqual([]);
        const names = variableNames(naming.preset, naming.customPrefix);
        const body = result.text.split('\n').slice(4).join('\n');
        expect(body).toMatch(/^(?:export [A-Z0-9_]+='(?:[^']|'\\'')*'\n)+$/);
        okCases.push({ text: result.text, expected: expectedMap(entries, names) });
      }),
      { numRuns: 200 },
    );
    expect(okCases.length).toBeGreaterThan(100);
    for (const shell of requireShells('bash', 'dash', 'zsh')) {
      const read = shellRead(
        shell,
        'shell',
        okCases.map((c) => c.text),
      );
      okCases.forEach((c, i) => {
        expect({ shell, text: c.text, read: read[i] }).toEqual({ shell, text: c.text, read: c.expected });
      });
    }
  });

  it("quotes with '\\'' and carries the same header", () => {
    const { text, fileName } = expectOk(exportAs('shell', sourceOf([['apiKey', "it's"]]), { preset: 'xdk', now: NOW }));
    expect(text.split('\n')).toEqual([
      '# OnceKey export: My Bot (Default project)',
      '# Exported 2026-11-23',
      '# Regenerating any of these in the X developer portal makes this file stale.',
      '',
      "export CONSUMER_KEY='it'\\''s'",
      '',
    ]);
    expect(fileName).toBe('my-bot.sh');
  });
});

describe('JSON, Postman and Insomnia exports', () => {
  it('JSON round-trips any value without NUL or a lone surrogate, in the order of the kinds', () => {
    fc.assert(
      fc.property(exportCase, ({ entries, naming }) => {
        const result = exportAs('json', sourceOf(entries), { ...naming, now: NOW });
        const refusedKinds = entries.filter(([, v]) => unwritableAnywhere(v)).map(([k]) => k);
        if (!result.ok) {
          expect(result.problems.map(kindNamedBy).sort()).toEqual([...refusedKinds].sort());
          return;
        }
        expect(refusedKinds).toEqual([]);
        const expected = expectedMap(entries, variableNames(naming.preset, naming.customPrefix));
        const document = JSON.parse(result.text);
        expect(document.credentials).toEqual(expected);
        expect(Object.keys(document.credentials)).toEqual(Object.keys(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('JSON carries the metadata, pretty-printed', () => {
    const { text, fileName } = expectOk(
      exportAs('json', sourceOf([['apiKey', 'k']], { portalAppId: '123' }), { preset: 'x', now: NOW }),
    );
    expect(JSON.parse(text)).toEqual({
      exportedBy: 'OnceKey',
      exportedAt: '2026-11-23T12:00:00.000Z',
      app: 'My Bot',
      project: 'Default project',
      portalAppId: '123',
      note: 'Regenerating any of these in the X developer portal makes this file stale.',
      credentials: { X_API_KEY: 'k' },
    });
    expect(text).toContain('\n  "credentials": {\n    "X_API_KEY": "k"\n  }\n');
    expect(fileName).toBe('my-bot.json');
  });

  it('Postman gets an environment file with every value a secret', () => {
    const entries: [Kind, string][] = [
      ['accessToken', '1-abc'],
      ['apiKey', 'key "with" quotes\n'],
    ];
    const { text, fileName } = expectOk(exportAs('postman', sourceOf(entries), { preset: 'tweepy', now: NOW }));
    const document = JSON.parse(text);
    expect(document).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      name: 'My Bot (OnceKey)',
      values: [
        { key: 'CONSUMER_KEY', value: 'key "with" quotes\n', type: 'secret', enabled: true },
        { key: 'ACCESS_KEY', value: '1-abc', type: 'secret', enabled: true },
      ],
      _postman_variable_scope: 'environment',
      _postman_exported_at: '2026-11-23T12:00:00.000Z',
      _postman_exported_using: 'OnceKey',
    });
    expect(fileName).toBe('my-bot.postman_environment.json');
    const second = expectOk(exportAs('postman', sourceOf(entries), { preset: 'tweepy', now: NOW }));
    expect(JSON.parse(second.text).id).not.toBe(document.id);
    const unnamed = expectOk(exportAs('postman', sourceOf(entries, { appName: undefined }), { preset: 'x', now: NOW }));
    expect(JSON.parse(unnamed.text).name).toBe('OnceKey export');
  });

  it('Insomnia gets a v4 export: a collection, its base environment and a private sub-environment', () => {
    const entries: [Kind, string][] = [
      ['oauth2RefreshToken', 'r"t'],
      ['clientId', 'cid'],
    ];
    const { text, fileName } = expectOk(exportAs('insomnia', sourceOf(entries), { preset: 'twitter', now: NOW }));
    const document = JSON.parse(text);
    expect(document).toMatchObject({
      _type: 'export',
      __export_format: 4,
      __export_date: '2026-11-23T12:00:00.000Z',
      __export_source: 'oncekey',
    });
    const [workspace, base, sub, ...more] = document.resources;
    expect(more).toEqual([]);
    expect(workspace).toMatchObject({
      _type: 'workspace',
      parentId: null,
      scope: 'collection',
      name: 'My Bot (OnceKey)',
    });
    expect(workspace._id).toMatch(/^wrk_[0-9a-f]{32}$/);
    expect(base).toMatchObject({ _type: 'environment', parentId: workspace._id, data: {}, isPrivate: false });
    expect(base._id).toMatch(/^env_[0-9a-f]{32}$/);
    expect(sub).toMatchObject({
      _type: 'environment',
      parentId: base._id,
      name: 'My Bot (OnceKey)',
      isPrivate: true,
      data: { TWITTER_CLIENT_ID: 'cid', TWITTER_OAUTH2_REFRESH_TOKEN: 'r"t' },
      dataPropertyOrder: { '&': ['TWITTER_CLIENT_ID', 'TWITTER_OAUTH2_REFRESH_TOKEN'] },
    });
    expect(sub._id).toMatch(/^env_[0-9a-f]{32}$/);
    expect(new Set([workspace._id, base._id, sub._id]).size).toBe(3);
    expect(fileName).toBe('my-bot.insomnia.json');
  });
});

describe('Insomnia templates', () => {
  it('refuses a value Insomnia would read as a template ({{, {% or {#), naming its kind, and writes plain ones', () => {
    for (const template of ['a{{ _.base_url }}', "{% prompt 'x' %}", 'x{#y#}']) {
      expect(exportAs('insomnia', sourceOf([['apiKeySecret', template]]), { preset: 'x', now: NOW })).toEqual({
        ok: false,
        problems: [
          'API Key Secret contains {{, {% or {#, which Insomnia reads as a template wherever the value is used.',
        ],
      });
    }
    expectOk(exportAs('insomnia', sourceOf([['apiKeySecret', 'a{b}c%{x']]), { preset: 'x', now: NOW }));
  });
});

describe('presets and names', () => {
  it('gives every kind a distinct, valid variable name in every preset', () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual(['custom', 'tweepy', 'twitter', 'twitter-api-v2', 'x', 'xdk']);
    for (const preset of PRESETS) {
      const names = variableNames(preset.id, preset.id === 'custom' ? 'MYBOT_' : undefined);
      expect(Object.keys(names).sort()).toEqual([...KINDS].sort());
      expect(new Set(Object.values(names)).size).toBe(KINDS.length);
      for (const name of Object.values(names)) expect(name).toMatch(NAME_PATTERN);
      expect(new Set(Object.values(preset.names)).size).toBe(KINDS.length);
      expect(preset.label.length).toBeGreaterThan(0);
    }
  });

  it('uses the names of each source', () => {
    expect(Object.values(variableNames('x'))).toEqual([
      'X_API_KEY',
      'X_API_SECRET',
      'X_BEARER_TOKEN',
      'X_ACCESS_TOKEN',
      'X_ACCESS_TOKEN_SECRET',
      'X_CLIENT_ID',
      'X_CLIENT_SECRET',
      'X_OAUTH2_ACCESS_TOKEN',
      'X_OAUTH2_REFRESH_TOKEN',
    ]);
    expect(variableNames('xdk')).toMatchObject({
      apiKey: 'CONSUMER_KEY',
      apiKeySecret: 'CONSUMER_SECRET',
      accessToken: 'ACCESS_TOKEN',
    });
    expect(variableNames('tweepy')).toMatchObject({ accessToken: 'ACCESS_KEY', accessTokenSecret: 'ACCESS_SECRET' });
    expect(variableNames('twitter-api-v2')).toMatchObject({
      apiKey: 'CONSUMER_TOKEN',
      accessToken: 'OAUTH_TOKEN',
      accessTokenSecret: 'OAUTH_SECRET',
    });
    expect(variableNames('twitter')).toMatchObject({
      apiKey: 'TWITTER_API_KEY',
      clientSecret: 'TWITTER_CLIENT_SECRET',
    });
    expect(variableNames('custom', 'MYBOT_').apiKey).toBe('MYBOT_API_KEY');
    expect(variableNames('custom', '').oauth2RefreshToken).toBe('OAUTH2_REFRESH_TOKEN');
    expect(variableNames('custom')).toEqual(variableNames('custom', ''));
  });

  it('accepts a custom prefix of upper-case letters, digits and underscores, not starting with a digit, up to 40', () => {
    for (const ok of ['', 'MYBOT_', '_', 'A', 'A1_B2', 'X'.repeat(40)]) expect(isValidPrefix(ok)).toBe(true);
    for (const bad of ['mybot_', '1ABC', 'MY-BOT', 'MY BOT', 'MYBOT$', 'É_', 'X'.repeat(41), 'A\n']) {
      expect(isValidPrefix(bad)).toBe(false);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,39}$/), (prefix) => {
        const names = Object.values(variableNames('custom', prefix));
        return (
          isValidPrefix(prefix) && new Set(names).size === KINDS.length && names.every((n) => NAME_PATTERN.test(n))
        );
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an export with an invalid custom prefix, explaining the allowed characters', () => {
    const result = exportAs('env', sourceOf([['apiKey', 'k']]), { preset: 'custom', customPrefix: 'my-bot', now: NOW });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problems.join(' ')).toMatch(
      /"my-bot".*upper-case letters A–Z, digits and underscores/,
    );
    const fine = expectOk(
      exportAs('env', sourceOf([['apiKey', 'k']]), { preset: 'custom', customPrefix: 'MY_BOT_', now: NOW }),
    );
    expect(fine.text).toContain('\nMY_BOT_API_KEY=k\n');
    const bare = expectOk(exportAs('env', sourceOf([['apiKey', 'k']]), { preset: 'custom', now: NOW }));
    expect(bare.text).toContain('\nAPI_KEY=k\n');
  });
});

describe('selection checks and file names', () => {
  it('refuses two versions of one kind, and an empty selection, in every format', () => {
    for (const { id } of FORMATS) {
      const twice = exportAs(
        id,
        sourceOf([
          ['apiKey', 'a'],
          ['apiKey', 'b'],
          ['clientId', 'c'],
        ]),
        { preset: 'x', now: NOW },
      );
      expect(twice).toEqual({ ok: false, problems: ['2 versions of API Key are selected; select only one.'] });
      expect(exportAs(id, sourceOf([]), { preset: 'x', now: NOW }).ok).toBe(false);
    }
  });

  it('exports only the given kinds', () => {
    for (const { id } of FORMATS) {
      const { text } = expectOk(exportAs(id, sourceOf([['bearerToken', 'AAAAbearer']]), { preset: 'x', now: NOW }));
      expect(text).toContain('X_BEARER_TOKEN');
      for (const kind of KINDS) if (kind !== 'bearerToken') expect(text).not.toContain(variableNames('x')[kind]);
    }
  });

  it('names the file after the App', () => {
    expect(fileNameFor('My Bot!', 'env')).toBe('my-bot.env');
    expect(fileNameFor('  Café -- Déjà vu  ', 'json')).toBe('cafe-deja-vu.json');
    expect(fileNameFor('../../etc/passwd', 'sh')).toBe('etc-passwd.sh');
    expect(fileNameFor(undefined, 'env')).toBe('oncekey.env');
    expect(fileNameFor('日本語', 'env')).toBe('oncekey.env');
    expect(fileNameFor('!!!', '.env')).toBe('oncekey.env');
    expect(fileNameFor('a'.repeat(100), 'env')).toBe(`${'a'.repeat(60)}.env`);
    const { fileName } = expectOk(
      exportAs('env', sourceOf([['apiKey', 'k']], { appName: undefined }), { preset: 'x', now: NOW }),
    );
    expect(fileName).toBe('oncekey.env');
  });
});
