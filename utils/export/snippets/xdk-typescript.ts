/**
 * X's official XDK for TypeScript (`@xdevplatform/xdk`). Read: xdevplatform/xdk at 84c2654
 * (TypeScript v0.6.6), xdk-gen/templates/typescript/main_client.j2: `ClientConfig { bearerToken?,
 * accessToken?, oauth1?, ... }`, and oauth1_auth.j2: `new OAuth1({ apiKey, apiSecret, callback,
 * accessToken?, accessTokenSecret? })`; both exported from index.j2.
 */
import { has, type Snippet, type SnippetInput, USER_CONTEXT, valueExpression } from './shared';

/** `process.env` values are `string | undefined`; the XDK wants strings. */
const env = (name: string) => `process.env.${name} ?? ''`;

export const xdkTypescript: Snippet = {
  id: 'xdk-typescript',
  label: 'XDK (TypeScript)',
  language: 'typescript',
  build(input: SnippetInput) {
    const v = (kind: Parameters<typeof valueExpression>[1]) => valueExpression(input, kind, env);
    const user = has(input, USER_CONTEXT);
    const blocks: string[] = [];
    if (user) {
      blocks.push(`// Posts as the Access Token's user (OAuth 1.0a user context).
const oauth1 = new OAuth1({
  apiKey: ${v('apiKey')},
  apiSecret: ${v('apiKeySecret')},
  callback: 'oob',
  accessToken: ${v('accessToken')},
  accessTokenSecret: ${v('accessTokenSecret')},
});
export const client = new Client({ oauth1 });`);
    }
    if (has(input, ['bearerToken'])) {
      blocks.push(`// Reads public data (app-only); cannot post.
export const appClient = new Client({ bearerToken: ${v('bearerToken')} });`);
    }
    if (!blocks.length) return undefined;
    return `import { Client${user ? ', OAuth1' : ''} } from '@xdevplatform/xdk';\n\n${blocks.join('\n\n')}\n`;
  },
};
