/**
 * twitter-api-v2 (Node). Read: PLhery/node-twitter-api-v2 at 4ca23a3 (1.28.0),
 * src/types/client.types.ts: `{ appKey, appSecret, accessToken?, accessSecret? }` for OAuth 1.0a,
 * and `new TwitterApi(bearerToken: string)` for app-only. CommonJS, so it runs as `node file.js`.
 */
import { has, type Snippet, type SnippetInput, USER_CONTEXT, valueExpression } from './shared';

const env = (name: string) => `process.env.${name}`;

export const twitterApiV2: Snippet = {
  id: 'twitter-api-v2',
  label: 'twitter-api-v2 (Node)',
  language: 'javascript',
  build(input: SnippetInput) {
    const v = (kind: Parameters<typeof valueExpression>[1]) => valueExpression(input, kind, env);
    const blocks: string[] = [];
    if (has(input, USER_CONTEXT)) {
      blocks.push(`// Posts as the Access Token's user (OAuth 1.0a user context).
const client = new TwitterApi({
  appKey: ${v('apiKey')},
  appSecret: ${v('apiKeySecret')},
  accessToken: ${v('accessToken')},
  accessSecret: ${v('accessTokenSecret')},
});`);
    }
    if (has(input, ['bearerToken'])) {
      blocks.push(`// Reads public data (app-only); cannot post.
const appClient = new TwitterApi(${v('bearerToken')});`);
    }
    if (!blocks.length) return undefined;
    return `const { TwitterApi } = require('twitter-api-v2');\n\n${blocks.join('\n\n')}\n`;
  },
};
