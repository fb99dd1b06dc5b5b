import { exportAs } from '../../utils/export/export.ts';
import { oneLine } from '../../utils/export/formats/shared.ts';
import { variableNames } from '../../utils/export/presets.ts';
import { KIND_LABELS, type Kind } from '../../utils/kinds.ts';
import type { AppListing, Secrets } from '../../utils/protocol/native.ts';
import type { EnvFormat, Naming } from './args.ts';
import { CliError, EXIT } from './errors.ts';

/** The naming asked for on the command line, else the App's own export naming. */
function chosenNaming(secrets: Secrets, naming?: Naming): Naming {
  if (naming) return naming;
  return secrets.customPrefix === undefined
    ? { preset: secrets.preset }
    : { preset: secrets.preset, customPrefix: secrets.customPrefix };
}

/** The variables `run` adds to the command's environment: one per current value. */
export function variablesOf(secrets: Secrets, naming?: Naming): Record<string, string> {
  const chosen = chosenNaming(secrets, naming);
  const names = variableNames(chosen.preset, chosen.customPrefix);
  return Object.fromEntries(secrets.items.map((item) => [names[item.kind], item.value]));
}

/** `env`: the same text the popup's export writes (utils/export), to stdout. */
export function exportText(secrets: Secrets, format: EnvFormat, naming?: Naming, now = Date.now()): string {
  const source = {
    items: secrets.items,
    ...(secrets.appName ? { appName: secrets.appName } : {}),
    ...(secrets.projectName ? { projectName: secrets.projectName } : {}),
    ...(secrets.portalAppId ? { portalAppId: secrets.portalAppId } : {}),
  };
  const result = exportAs(format, source, { ...chosenNaming(secrets, naming), now });
  if (!result.ok) throw new CliError(result.problems.join('\n'), EXIT.failure);
  return result.text;
}

/** `read`: the one value asked for. */
export function oneValue(secrets: Secrets, kind: Kind): string {
  const item = secrets.items.find((i) => i.kind === kind);
  if (!item) throw new CliError(`OnceKey sent no ${KIND_LABELS[kind]}.`, EXIT.notFound);
  return item.value;
}

/** `ls`: one line an App, its name (or portal id), project and current kinds. */
export function listText(apps: AppListing[]): string {
  if (!apps.length) return 'No Apps in OnceKey yet.\n';
  const titles = apps.map((app) => {
    // Names come from portal pages: control characters (an escape sequence the terminal would
    // act on, a newline that forges a line) are printed as spaces, as in an export's header.
    const name = oneLine(app.name) || (app.portalAppId ? `App ${app.portalAppId}` : 'Unnamed App');
    const project = oneLine(app.project);
    return project ? `${name} (${project})` : name;
  });
  const width = Math.max(...titles.map((t) => t.length));
  return apps
    .map((app, i) => {
      const kinds = app.kinds.length ? app.kinds.map((k) => KIND_LABELS[k]).join(', ') : 'no current keys';
      return `${(titles[i] as string).padEnd(width)}  ${kinds}\n`;
    })
    .join('');
}
