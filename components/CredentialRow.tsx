import { KIND_LABELS, type Kind } from '@/utils/kinds';
import type { CredentialSummary } from '@/utils/vault/vault';

interface Props {
  credential: CredentialSummary;
  onCopy: (credential: CredentialSummary, label: string) => void;
}

export const kindLabel = (kind: string) => KIND_LABELS[kind as Kind] ?? kind;

export function CredentialRow({ credential, onCopy }: Props) {
  const label = kindLabel(credential.kind);
  return (
    <li class="row">
      <span class="kind">{label}</span>
      {credential.handle && <span class="muted"> @{credential.handle.replace(/^@/, '')}</span>}
      <span class="masked" aria-hidden="true">
        ••••••••
      </span>
      <button type="button" class="copy" onClick={() => onCopy(credential, label)}>
        Copy {label}
      </button>
    </li>
  );
}
