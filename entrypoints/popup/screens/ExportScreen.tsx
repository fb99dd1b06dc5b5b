import { useState } from 'preact/hooks';
import { type ExportChoice, ExportView } from '@/components/ExportView';
import { FORMATS } from '@/utils/export/formats';
import { FORMAT_NAMES } from '@/utils/export/labels';
import { SNIPPETS } from '@/utils/export/snippets';
import { send } from '@/utils/protocol/client';
import type { AppSummary } from '@/utils/vault/types';
import { useAction } from '../hooks/useAction';
import type { Status } from '../hooks/useStatus';
import { download } from '../lib/download';
import { copiedNotice, plural } from '../lib/wording';

interface Props {
  app: AppSummary;
  reload: () => Promise<AppSummary[]>;
  status: Status;
  onBack: () => void;
}

/** One App's credentials as a file: built in the background (which records it), then copied or downloaded. */
export function ExportScreen({ app, reload, status, onBack }: Props) {
  const { busy, run } = useAction(status);
  /** Why the background refused the last export, one sentence a credential. */
  const [problems, setProblems] = useState<string[]>();

  const exportAs = (choice: ExportChoice, action: 'copy' | 'download') => {
    void run(async () => {
      const reply = await send('export.build', { appId: app.id, ...choice, action });
      if ('problems' in reply) return setProblems(reply.problems);
      const count = plural(choice.credentialIds.length, 'credential');
      const name = FORMAT_NAMES[choice.format];
      if (action === 'copy') {
        await navigator.clipboard.writeText(reply.text);
        status.update({ notice: copiedNotice(`${name} (${count})`, reply.clearsInSeconds) });
      } else {
        download(reply.text, reply.fileName, FORMATS.find((f) => f.id === choice.format)?.mime ?? 'text/plain');
        status.update({ notice: `Downloaded ${reply.fileName} (${count}). Keep it out of version control.` });
      }
      // The App now knows this export (and the names chosen for it).
      await reload();
      setProblems(undefined);
    });
  };

  /** Copy as code: built in the background, which clears the clipboard when the values are in it. */
  const copySnippet = (choice: Parameters<NonNullable<Parameters<typeof ExportView>[0]['onCopySnippet']>>[0]) => {
    void run(async () => {
      const reply = await send('snippet.build', { appId: app.id, ...choice });
      if ('problems' in reply) return status.update({ notice: reply.problems.join(' ') });
      await navigator.clipboard.writeText(reply.text);
      const label = SNIPPETS.find((s) => s.id === choice.snippet)?.label ?? choice.snippet;
      status.update({ notice: copiedNotice(`${label} code`, reply.clearsInSeconds) });
      setProblems(undefined);
    });
  };

  return (
    <ExportView
      onCopySnippet={copySnippet}
      app={app}
      notice={status.notice ?? status.error}
      problems={problems}
      busy={busy}
      onBack={onBack}
      onCopy={(choice) => exportAs(choice, 'copy')}
      onDownload={(choice) => exportAs(choice, 'download')}
    />
  );
}
