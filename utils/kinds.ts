/** The kinds of credential the portal shows, with the labels OnceKey's UI uses. */
export const KIND_LABELS = {
  apiKey: 'API Key',
  apiKeySecret: 'API Key Secret',
  bearerToken: 'Bearer Token',
  accessToken: 'Access Token',
  accessTokenSecret: 'Access Token Secret',
  clientId: 'Client ID',
  clientSecret: 'Client Secret',
  oauth2AccessToken: 'OAuth 2.0 Access Token',
  oauth2RefreshToken: 'OAuth 2.0 Refresh Token',
} as const;

export type Kind = keyof typeof KIND_LABELS;
export const KINDS = Object.keys(KIND_LABELS) as [Kind, ...Kind[]];
