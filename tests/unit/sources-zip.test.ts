import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';

describe('the sources zip for addons.mozilla.org (npm run zip)', () => {
  it('leaves out everything git ignores: test output, logs, the built command line', () => {
    // WXT zips the working tree, leaving out only hidden files, node_modules and .output.
    const ignored = readFileSync(new URL('../../.gitignore', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('.') && line !== 'node_modules');
    expect(ignored.length).toBeGreaterThan(0);
    const excluded = config.zip?.excludeSources ?? [];
    for (const entry of ignored) {
      expect(excluded).toContain(entry.includes('*') ? `**/${entry}` : `${entry}/**`);
    }
  });
});
