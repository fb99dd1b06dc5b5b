import { credentialsObject, type ExportFormat, environmentName, STALE_NOTE } from './shared';

/**
 * Insomnia renders environment values as Nunjucks templates wherever they are used: `{{ _.other }}`
 * variables, `{% … %}` tags (requests, prompts, files) and `{# … #}` comments, so a value holding one
 * would not be sent as saved, and a tag could run. Real X credentials hold no braces. (No Insomnia runs
 * here to prove it the way newman proves Postman's; this follows Insomnia's documented templating.)
 */
const TEMPLATE_SYNTAX = /\{[{%#]/;

function randomHex32(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/**
 * An Insomnia export (format 4, which current Insomnia still imports) holding a collection workspace, its base
 * environment (empty) and one private sub-environment with the credentials.
 *
 * Why that shape: imported into a project, Insomnia creates the workspace, its base environment and the
 * sub-environment (made active). Imported into an existing collection, Insomnia adds every environment whose
 * parentId is an environment as a new sub-environment of that collection's base environment, and ignores a base
 * environment whose parentId is a real workspace id — whereas a base environment with parentId
 * "__WORKSPACE_ID__" would overwrite the data of the collection's own base environment. Private
 * (`isPrivate: true`) keeps Insomnia from syncing the secrets. Ids follow Insomnia's `<prefix>_<32 hex>`.
 */
export const insomnia: ExportFormat<'insomnia'> = {
  id: 'insomnia',
  label: 'Insomnia (import file)',
  name: 'Insomnia file',
  extension: 'insomnia.json',
  mime: 'application/json',
  refuse(_name, value) {
    return TEMPLATE_SYNTAX.test(value)
      ? 'contains {{, {% or {#, which Insomnia reads as a template wherever the value is used'
      : undefined;
  },
  write(variables, described) {
    const { now } = described;
    const workspaceId = `wrk_${randomHex32()}`;
    const baseEnvironmentId = `env_${randomHex32()}`;
    const name = environmentName(described);
    const stamp = { created: now, modified: now };
    const file = {
      _type: 'export',
      __export_format: 4,
      __export_date: described.exportedAt,
      __export_source: 'oncekey',
      resources: [
        {
          _id: workspaceId,
          _type: 'workspace',
          parentId: null,
          name,
          description: `Exported from OnceKey. ${STALE_NOTE}`,
          scope: 'collection',
          ...stamp,
        },
        {
          _id: baseEnvironmentId,
          _type: 'environment',
          parentId: workspaceId,
          name: 'Base Environment',
          data: {},
          dataPropertyOrder: null,
          color: null,
          isPrivate: false,
          metaSortKey: now,
          ...stamp,
        },
        {
          _id: `env_${randomHex32()}`,
          _type: 'environment',
          parentId: baseEnvironmentId,
          name,
          data: credentialsObject(variables),
          dataPropertyOrder: { '&': variables.map((item) => item.name) },
          color: null,
          isPrivate: true,
          metaSortKey: now,
          ...stamp,
        },
      ],
    };
    return `${JSON.stringify(file, null, 2)}\n`;
  },
};
