// What the content script says and sends about a detection: the capture it submits, the
// filing it asks about, and the panel's words for both. Pure functions, tested alone.
import type { Detection } from '@/utils/portal/detect';
import { KIND_LABELS, type Kind } from '@/utils/portal/selectors';
import type { Payload, ReplyOf } from '@/utils/protocol/messages';
import { isoDay } from '@/utils/rotation';

type Capture = Payload<'capture.submit'>;
type Host = Capture['host'];

/** Where a capture will be filed: the page's host, its App id and the kinds on display. */
export interface Filing {
  host: Host;
  appId?: string;
  kinds: Kind[];
}

/** The background's answer to "what would saving this do?" (`capture.preview`): whether the
 * vault knows the App, and when each kind's current version was saved. Dates only. */
export type FilingPreview = ReplyOf<'capture.preview'>;

export function captureOf(detection: Detection): Capture {
  const { context } = detection;
  // No time: the background stamps captures with its own clock.
  const capture: Capture = {
    host: context.host as Host,
    credentials: detection.credentials.map(({ kind, value, handle, permission }) => ({
      kind,
      value,
      ...(handle ? { handle } : {}),
      ...(permission ? { permission } : {}),
    })),
  };
  if (context.projectId) capture.projectId = context.projectId;
  if (context.projectName) capture.projectName = context.projectName.slice(0, 200);
  if (context.appId) capture.appId = context.appId;
  if (context.appName) capture.appName = context.appName.slice(0, 200);
  return capture;
}

export function filingOf(detection: Detection): Filing {
  const { host, appId } = detection.context;
  return { host: host as Host, ...(appId ? { appId } : {}), kinds: detection.credentials.map((c) => c.kind) };
}

/**
 * The App the values go to, as the page names it: "Files under “my-bot” (App 28000001)".
 * A page that names no App gets a new one (in the project it names, if any).
 */
export function filesUnder(detection: Detection, preview?: FilingPreview): string {
  const { appName, appId, projectName } = detection.context;
  const name = appName ? `“${appName}”` : '';
  const id = appId ? `App ${appId}` : '';
  const app = name && id ? `${name} (${id})` : name || id;
  if (!app) return `Files under a new App${projectName ? ` in “${projectName}”` : ''}`;
  // The background knows Apps by portal id only while locked (their names are encrypted): an App
  // the page names without an id may yet be one OnceKey has, by name, so nothing is said.
  return `Files under ${app}${id && preview && !preview.known ? ', new to OnceKey' : ''}`;
}

/** "replaces the API Key saved 2026-11-02" (the UTC day, as History dates it), or nothing when there is no current version. */
export function replacesText(kind: Kind, preview?: FilingPreview): string {
  const current = preview?.replaces.find((r) => r.kind === kind);
  return current ? `replaces the ${KIND_LABELS[kind]} saved ${isoDay(current.savedAt)}` : '';
}

export const SAVED_MESSAGE = {
  filed: (labels: string) => `Saved to OnceKey: ${labels}.`,
  sealed: () => 'Saved, unlock OnceKey to use them.',
  pending: () => 'Saved for now: create your OnceKey vault in the tab that just opened to keep them.',
} as const;
