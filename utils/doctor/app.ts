/**
 * What the doctor reads of an App and its credentials: the fields of the vault's summaries
 * it needs (utils/vault/types.ts), named here so that this module depends on no vault code.
 */
import type { PermissionReading } from './permissions';

export interface DoctorCredential {
  id: string;
  kind: string;
  version: number;
  status: 'active' | 'superseded' | 'revoked';
  createdAt: number;
  supersededAt?: number;
  /** Access tokens: "alice", as the portal showed it. */
  handle?: string;
  /** Access tokens: the permission it was created with, as the portal worded it. */
  permission?: string;
  /** When a regeneration it depends on took effect (dependents.ts), unless the user said it still works. */
  possiblyStaleSince?: number;
}

export interface DoctorApp {
  credentials: DoctorCredential[];
  /** The App's permission as OnceKey read it on the portal, oldest first. */
  permissions?: PermissionReading[];
  /** Regenerations confirmed on the portal whose new values were never seen. */
  regenerations?: { startedAt: number; kinds: string[] }[];
}
