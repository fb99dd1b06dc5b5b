/**
 * curl with the Bearer Token (app-only): the X API's own examples send
 * `Authorization: Bearer …` to https://api.x.com/2/…. Double quotes let the shell expand the
 * variable; a value written in goes in single quotes (values have no quote characters).
 */
import type { Snippet, SnippetInput } from './shared';

export const curl: Snippet = {
  id: 'curl',
  label: 'curl (Bearer Token)',
  language: 'shell',
  build(input: SnippetInput) {
    if (!input.kinds.includes('bearerToken')) return undefined;
    const value = input.values?.bearerToken;
    const header =
      value === undefined ? `"Authorization: Bearer $${input.names.bearerToken}"` : `'Authorization: Bearer ${value}'`;
    return `#!/bin/sh
# Reads public data (app-only): a user by username.
curl --silent --show-error \\
  -H ${header} \\
  "https://api.x.com/2/users/by/username/XDevelopers"
`;
  },
};
