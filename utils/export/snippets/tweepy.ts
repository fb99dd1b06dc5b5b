/**
 * Tweepy (Python). Read: tweepy/tweepy at c05ba988 (4.16.0), tweepy/client.py:
 * `Client.__init__(self, bearer_token=None, consumer_key=None, consumer_secret=None,
 * access_token=None, access_token_secret=None, *, return_type=Response, wait_on_rate_limit=False)`.
 */
import { has, type Snippet, type SnippetInput, USER_CONTEXT, valueExpression } from './shared';

const env = (name: string) => `os.environ["${name}"]`;

export const tweepy: Snippet = {
  id: 'tweepy',
  label: 'Tweepy (Python)',
  language: 'python',
  build(input: SnippetInput) {
    const v = (kind: Parameters<typeof valueExpression>[1]) => valueExpression(input, kind, env);
    const blocks: string[] = [];
    if (has(input, USER_CONTEXT)) {
      blocks.push(`# Posts as the Access Token's user (OAuth 1.0a user context).
client = tweepy.Client(
    consumer_key=${v('apiKey')},
    consumer_secret=${v('apiKeySecret')},
    access_token=${v('accessToken')},
    access_token_secret=${v('accessTokenSecret')},
)`);
    }
    if (has(input, ['bearerToken'])) {
      blocks.push(`# Reads public data (app-only); cannot post.
app_client = tweepy.Client(bearer_token=${v('bearerToken')})`);
    }
    if (!blocks.length) return undefined;
    return `import os\n\nimport tweepy\n\n${blocks.join('\n\n')}\n`;
  },
};
