import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { variableNames } from '@/utils/export/presets';
import { SNIPPETS, type SnippetInput } from '@/utils/export/snippets';
import { KINDS, type Kind } from '@/utils/kinds';

// Each snippet is checked by the real toolchain, then run against a stub of its library that
// prints what it was given: the right value must reach the right parameter.

// Fake values in the portal's formats; none is a real credential.
const VALUES: Record<Kind, string> = {
  apiKey: 'Xq7Lm2Pz9Rt4Vb8Nc3Jd6Hf1K',
  apiKeySecret: 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3zA5bC7dE9fG2hJ4km',
  bearerToken: `${'A'.repeat(21)}${'Ab1Cd2Ef3G'.repeat(3)}h4Ij5Kl6%3D${'Zy9Xw8Vu7T'.repeat(5)}`,
  accessToken: `1729000000000004242-${'Tk3Lm5Np7Q'.repeat(4)}`,
  accessTokenSecret: `${'Sc4Rt6Yu8I'.repeat(4)}Op0As`,
  clientId: 'UXV3NU1UUlAyTFE5UVkzb1hsOFA6MTpjaQ',
  clientSecret: 'CJVXcyNA47M7btwLgp358k-IzJ-_vxcHXobHEu0jxm16FM1wZ0',
  oauth2AccessToken: 'YWJjREVGZ2hpSktMbW5vUFFSc3RVVnd4WVowMTIzNDU6MTczMjAwMDAwMDAwMDoxOjA6YXQ6MQ',
  oauth2RefreshToken: 'YWJjREVGZ2hpSktMbW5vUFFSc3RVVnd4WVowMTIzNDU6MTczMjAwMDAwMDAwMDoxOjA6cnQ6MQ',
};
const ALL: Kind[] = ['apiKey', 'apiKeySecret', 'bearerToken', 'accessToken', 'accessTokenSecret'];
const names = variableNames('x');
const env = Object.fromEntries(ALL.map((k) => [names[k], VALUES[k]]));

const dir = mkdtempSync(join(tmpdir(), 'oncekey-snippets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(resolve(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

// The stubs: each records its constructor's arguments as JSON lines on stdout.
write(
  'py/tweepy/__init__.py',
  `import json\nclass Client:\n    def __init__(self, **kwargs):\n        print(json.dumps({"Client": kwargs}))\n`,
);
write(
  'py/xdk/__init__.py',
  `import json\nclass Client:\n    def __init__(self, **kwargs):\n        shown = {k: (v.__dict__ if hasattr(v, "__dict__") else v) for k, v in kwargs.items()}\n        print(json.dumps({"Client": shown}))\n`,
);
write(
  'py/xdk/oauth1_auth.py',
  `class OAuth1:\n    def __init__(self, api_key, api_secret, callback, access_token=None, access_token_secret=None):\n        self.api_key = api_key\n        self.api_secret = api_secret\n        self.callback = callback\n        self.access_token = access_token\n        self.access_token_secret = access_token_secret\n`,
);
write(
  'node/twitter-api-v2/index.js',
  `class TwitterApi { constructor(arg) { console.log(JSON.stringify({ TwitterApi: arg })); } }\nmodule.exports = { TwitterApi };\n`,
);
write(
  'node/@xdevplatform/xdk/index.js',
  `class OAuth1 { constructor(config) { this.config = config; } }\nclass Client { constructor(config) { console.log(JSON.stringify({ Client: config.oauth1 ? { oauth1: config.oauth1.config } : config })); } }\nmodule.exports = { Client, OAuth1 };\n`,
);
write(
  'node/@xdevplatform/xdk/index.d.ts',
  `export interface OAuth1Config { apiKey: string; apiSecret: string; callback: string; accessToken?: string; accessTokenSecret?: string }\nexport declare class OAuth1 { constructor(config: OAuth1Config) }\nexport interface ClientConfig { baseUrl?: string; bearerToken?: string; accessToken?: string; oauth1?: any }\nexport declare class Client { constructor(config: ClientConfig) }\n`,
);
write('bin/curl', `#!/bin/sh\nfor arg in "$@"; do printf '%s\\n' "$arg"; done\n`);
chmodSync(join(dir, 'bin/curl'), 0o755);

const run = (command: string, args: string[], extra: Record<string, string> = {}) =>
  execFileSync(command, args, { env: { ...process.env, ...extra }, encoding: 'utf8', cwd: dir });
const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

const USER = {
  consumer: VALUES.apiKey,
  consumerSecret: VALUES.apiKeySecret,
  token: VALUES.accessToken,
  tokenSecret: VALUES.accessTokenSecret,
};

/** What each library must be given, as its stub prints it. */
const EXPECTED: Record<string, unknown> = {
  tweepy: [
    {
      Client: {
        consumer_key: USER.consumer,
        consumer_secret: USER.consumerSecret,
        access_token: USER.token,
        access_token_secret: USER.tokenSecret,
      },
    },
    { Client: { bearer_token: VALUES.bearerToken } },
  ],
  'twitter-api-v2': [
    {
      TwitterApi: {
        appKey: USER.consumer,
        appSecret: USER.consumerSecret,
        accessToken: USER.token,
        accessSecret: USER.tokenSecret,
      },
    },
    { TwitterApi: VALUES.bearerToken },
  ],
  'xdk-python': [
    {
      Client: {
        auth: {
          api_key: USER.consumer,
          api_secret: USER.consumerSecret,
          callback: 'oob',
          access_token: USER.token,
          access_token_secret: USER.tokenSecret,
        },
      },
    },
    { Client: { bearer_token: VALUES.bearerToken } },
  ],
  'xdk-typescript': [
    {
      Client: {
        oauth1: {
          apiKey: USER.consumer,
          apiSecret: USER.consumerSecret,
          callback: 'oob',
          accessToken: USER.token,
          accessTokenSecret: USER.tokenSecret,
        },
      },
    },
    { Client: { bearerToken: VALUES.bearerToken } },
  ],
};

/** Checks the code with the language's own tool, runs it against the stubs, and returns what they printed. */
function checkAndRun(id: string, code: string, environment: Record<string, string>): string {
  const file = (ext: string) => {
    const path = join(dir, `${id}-${Math.random().toString(36).slice(2)}.${ext}`);
    writeFileSync(path, code);
    return path;
  };
  if (id === 'tweepy' || id === 'xdk-python') {
    const path = file('py');
    run('python3', ['-m', 'py_compile', path]);
    return run('python3', [path], { ...environment, PYTHONPATH: join(dir, 'py') });
  }
  if (id === 'twitter-api-v2') {
    const path = file('js');
    run('node', ['--check', path]);
    return run('node', [path], { ...environment, NODE_PATH: join(dir, 'node') });
  }
  if (id === 'xdk-typescript') {
    const path = file('ts');
    const tsc = resolve(import.meta.dirname, '../../node_modules/typescript/bin/tsc');
    const config = join(dir, `${id}-tsconfig.json`);
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'commonjs',
          moduleResolution: 'node',
          types: ['node'],
          typeRoots: [resolve(import.meta.dirname, '../../node_modules/@types')],
          baseUrl: dir,
          paths: { '@xdevplatform/xdk': ['node/@xdevplatform/xdk/index.d.ts'] },
        },
        files: [path],
      }),
    );
    try {
      run('node', [tsc, '-p', config]);
    } catch (error) {
      throw new Error(`tsc: ${(error as { stdout?: string }).stdout ?? error}`);
    }
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const jsPath = `${path}.cjs`;
    writeFileSync(jsPath, js);
    return run('node', [jsPath], { ...environment, NODE_PATH: join(dir, 'node') });
  }
  const path = file('sh');
  run('bash', ['-n', path]);
  return run('sh', [path], { ...environment, PATH: `${join(dir, 'bin')}:${process.env.PATH}` });
}

const input = (more: Partial<SnippetInput> = {}): SnippetInput => ({ names, kinds: ALL, ...more });

describe('copy as code', () => {
  for (const snippet of SNIPPETS) {
    it(`${snippet.label}: reads each value from its variable and passes it to the right parameter`, () => {
      const code = snippet.build(input()) ?? '';
      for (const k of ALL) expect(code).not.toContain(VALUES[k]);
      const out = checkAndRun(snippet.id, code, env);
      if (snippet.id === 'curl') {
        expect(out.trim().split('\n')).toEqual([
          '--silent',
          '--show-error',
          '-H',
          `Authorization: Bearer ${VALUES.bearerToken}`,
          'https://api.x.com/2/users/by/username/XDevelopers',
        ]);
      } else {
        expect(lines(out)).toEqual(EXPECTED[snippet.id]);
      }
    });

    it(`${snippet.label}: writes the values in only when asked, and they reach the same parameters`, () => {
      const code = snippet.build(input({ values: VALUES })) ?? '';
      for (const k of snippet.id === 'curl' ? (['bearerToken'] as Kind[]) : ALL) expect(code).toContain(VALUES[k]);
      // No variable set: the values come from the code alone.
      const out = checkAndRun(snippet.id, code, Object.fromEntries(ALL.map((k) => [names[k], ''])));
      if (snippet.id === 'curl') expect(out).toContain(`Authorization: Bearer ${VALUES.bearerToken}`);
      else expect(lines(out)).toEqual(EXPECTED[snippet.id]);
    });
  }

  it('leaves out what the App cannot do, and offers nothing for an App with nothing to use', () => {
    const bearerOnly = input({ kinds: ['bearerToken'] });
    const tweepy = SNIPPETS.find((s) => s.id === 'tweepy');
    expect(lines(checkAndRun('tweepy', tweepy?.build(bearerOnly) ?? '', env))).toEqual([
      { Client: { bearer_token: VALUES.bearerToken } },
    ]);
    const clientOnly = input({ kinds: ['clientId'] });
    expect(SNIPPETS.map((s) => s.build(clientOnly))).toEqual(SNIPPETS.map(() => undefined));
  });

  it('follows the App’s export preset for the variable names', () => {
    const tweepyNames = variableNames('tweepy');
    const code = SNIPPETS[0].build({ names: tweepyNames, kinds: ALL }) ?? '';
    for (const k of ALL) expect(code).toContain(`os.environ["${tweepyNames[k]}"]`);
    // Nor a variable of a kind the App does not have.
    const others = KINDS.filter((k) => !ALL.includes(k));
    expect(others.length).toBeGreaterThan(0);
    for (const k of others) expect(code).not.toContain(`"${tweepyNames[k]}"`);
  });
});
