// The X developer portal's origins (docs/portal.md, "Hosts and URLs"), checked 2026-11.
// The only hosts OnceKey may touch: host permissions, content-script matches and the
// background's sender check all come from this list.
export const PORTAL_ORIGINS = [
  'https://developer.x.com',
  'https://developer.twitter.com',
  'https://console.x.com',
] as const;

export const PORTAL_MATCHES = PORTAL_ORIGINS.map((origin) => `${origin}/*`);

export function isPortalUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return (PORTAL_ORIGINS as readonly string[]).includes(new URL(url).origin);
  } catch {
    return false;
  }
}
