import type { Browser, BrowserContext, LaunchOptions } from '@playwright/test';

export const EXTENSION_DIR: string;
export const QUIET_FLAGS: string[];
export function chromiumPath(): string | undefined;
export function launchBrowser(): Promise<Browser>;
export function launchWithExtension(
  userDataDir: string,
  options?: Omit<Parameters<typeof import('@playwright/test').chromium.launchPersistentContext>[1], 'args'>,
): Promise<BrowserContext>;
export function extensionId(context: BrowserContext): Promise<string>;
export type { LaunchOptions };
