import type { DoctorApp } from '@/utils/doctor/app';
import { readyFor } from '@/utils/doctor/ready';

/**
 * "Ready for": what the App's saved credentials let its owner do (post as a user, read
 * public data, sign users in), each ready or with exactly what is missing, superseded or
 * stale (utils/doctor/ready.ts).
 */
export function ReadyFor({ app, open }: { app: DoctorApp; open?: boolean }) {
  const needs = readyFor(app);
  const ready = needs.filter((r) => r.ready).map((r) => r.title);
  return (
    <details class="ready-for" open={open}>
      <summary>Ready for: {ready.length ? ready.join(', ') : 'nothing yet'}</summary>
      {/* Lines, not list items: the App's list items are its credentials. */}
      {needs.map((r) => (
        <p key={r.need} class={r.ready ? 'ready' : 'not-ready'}>
          <strong>{r.title}</strong>: {r.detail}
        </p>
      ))}
    </details>
  );
}
