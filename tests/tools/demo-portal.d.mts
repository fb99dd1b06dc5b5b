export type DemoKind =
  | 'apiKey'
  | 'apiKeySecret'
  | 'bearerToken'
  | 'accessToken'
  | 'accessTokenSecret'
  | 'clientId'
  | 'clientSecret';

export interface DemoApp {
  readonly projectId: string;
  readonly projectName: string;
  readonly appId: string;
  readonly appName: string;
  readonly handle: string;
  readonly userId: string;
  readonly permission: string;
  readonly clientId: string;
  readonly apiKeyHint: string;
}

export const DEMO_APP: DemoApp;
export const DEMO_KINDS: readonly DemoKind[];
export function credentialMaker(
  getRandomValues: (bytes: Uint8Array) => Uint8Array,
): Record<DemoKind, (app: DemoApp) => string>;
export function fakeCredential(kind: DemoKind, app?: DemoApp): string;
export function keysUrl(app?: DemoApp): string;
export function keysPage(app?: DemoApp): string;
export function otherPage(url: string, app?: DemoApp): string;
