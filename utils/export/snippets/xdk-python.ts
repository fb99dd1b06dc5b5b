/**
 * X's official XDK for Python (package `xdk`). Read: xdevplatform/xdk at 84c2654 (Python
 * v0.10.6), xdk-gen/templates/python/main_client.j2: `Client(..., bearer_token=None, ...,
 * auth: OAuth1 = None)`, and oauth1_auth.j2: `OAuth1(api_key, api_secret, callback,
 * access_token=None, access_token_secret=None)`. "oob": no callback, the tokens are known.
 */
import { has, type Snippet, type SnippetInput, USER_CONTEXT, valueExpression } from './shared';

const env = (name: string) => `os.environ["${name}"]`;

export const xdkPython: Snippet = {
  id: 'xdk-python',
  label: 'XDK (Python)',
  language: 'python',
  build(input: SnippetInput) {
    const v = (kind: Parameters<typeof valueExpression>[1]) => valueExpression(input, kind, env);
    const imports = ['import os', '', 'from xdk import Client'];
    const blocks: string[] = [];
    if (has(input, USER_CONTEXT)) {
      imports.push('from xdk.oauth1_auth import OAuth1');
      blocks.push(`# Posts as the Access Token's user (OAuth 1.0a user context).
auth = OAuth1(
    api_key=${v('apiKey')},
    api_secret=${v('apiKeySecret')},
    callback="oob",
    access_token=${v('accessToken')},
    access_token_secret=${v('accessTokenSecret')},
)
client = Client(auth=auth)`);
    }
    if (has(input, ['bearerToken'])) {
      blocks.push(`# Reads public data (app-only); cannot post.
app_client = Client(bearer_token=${v('bearerToken')})`);
    }
    if (!blocks.length) return undefined;
    return `${imports.join('\n')}\n\n${blocks.join('\n\n')}\n`;
  },
};
