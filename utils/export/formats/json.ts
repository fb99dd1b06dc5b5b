import { credentialsObject, type ExportFormat, STALE_NOTE } from './shared';

/**
 * Plain JSON: metadata, then the credentials as an object of variable names to values (in the order of KINDS),
 * so `JSON.parse(text).credentials` is ready to merge into an environment:
 * `{ "exportedBy": "OnceKey", "exportedAt": ISO, "app"?, "project"?, "portalAppId"?, "note", "credentials": {…} }`.
 */
export const json: ExportFormat<'json'> = {
  id: 'json',
  label: 'JSON',
  name: 'JSON',
  extension: 'json',
  mime: 'application/json',
  write(variables, described) {
    const file = {
      exportedBy: 'OnceKey',
      exportedAt: described.exportedAt,
      ...(described.app ? { app: described.app } : {}),
      ...(described.project ? { project: described.project } : {}),
      ...(described.portalAppId ? { portalAppId: described.portalAppId } : {}),
      note: STALE_NOTE,
      credentials: credentialsObject(variables),
    };
    return `${JSON.stringify(file, null, 2)}\n`;
  },
};
