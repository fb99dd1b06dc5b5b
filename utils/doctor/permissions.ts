/**
 * An App's permission and an Access Token's, as the portal words them (docs/portal.md): the
 * User authentication settings form offers "Read", "Read and write" and "Read and write and
 * Direct message"; a token is "Created with Read Only permissions", "Read and Write" or
 * "Read, Write, and Direct Messages" (the console: "· Read"). A token keeps the permission
 * the App had when it was made, whatever the App is switched to later.
 */

/** The three levels, from least to most. */
export const APP_PERMISSIONS = ['read', 'read-write', 'read-write-dm'] as const;
export type AppPermission = (typeof APP_PERMISSIONS)[number];

/** The App's permission as the settings form names its choices. */
export const APP_PERMISSION_LABELS: Record<AppPermission, string> = {
  read: 'Read',
  'read-write': 'Read and write',
  'read-write-dm': 'Read and write and Direct message',
};

/** A token's permission as the keys tab names it ("Created with … permissions"). */
export const TOKEN_PERMISSION_LABELS: Record<AppPermission, string> = {
  read: 'Read Only',
  'read-write': 'Read and Write',
  'read-write-dm': 'Read, Write, and Direct Messages',
};

/** Where OnceKey read an App's permission: the settings form saved, or a new token's "Created with" line. */
export type PermissionSource = 'settings' | 'token';

/** One reading of an App's permission, as the vault keeps it (the time plain, the rest encrypted). */
export interface PermissionReading {
  at: number;
  permission: AppPermission;
  source: PermissionSource;
}

/**
 * The level any of the portal's wordings names, or undefined for text that names none.
 * "Direct" anywhere means all three; "write" means read and write; "read" alone, read.
 */
export function parsePermission(text: string | undefined): AppPermission | undefined {
  const lower = (text ?? '').toLowerCase();
  if (!/\bread\b/.test(lower)) return undefined;
  if (lower.includes('direct')) return 'read-write-dm';
  if (/\bwrite\b/.test(lower)) return 'read-write';
  return 'read';
}

/** How a level compares: -1 less than, 0 the same, 1 more. */
export const comparePermissions = (a: AppPermission, b: AppPermission) =>
  Math.sign(APP_PERMISSIONS.indexOf(a) - APP_PERMISSIONS.indexOf(b));

/** The App's permission now: its latest reading. */
export function latestReading(readings: readonly PermissionReading[] | undefined): PermissionReading | undefined {
  let latest: PermissionReading | undefined;
  for (const r of readings ?? []) if (!latest || r.at >= latest.at) latest = r;
  return latest;
}

/** The App's permission at a moment: the latest reading at or before it. */
export function permissionAt(
  readings: readonly PermissionReading[] | undefined,
  at: number,
): AppPermission | undefined {
  return latestReading((readings ?? []).filter((r) => r.at <= at))?.permission;
}

/** What a higher permission lets a token do that a lower one does not: "post", "send Direct Messages". */
export function gainedBy(from: AppPermission, to: AppPermission): string {
  if (from === 'read' && to === 'read-write-dm') return 'post and send Direct Messages';
  if (to === 'read-write-dm') return 'send Direct Messages';
  return 'post';
}
