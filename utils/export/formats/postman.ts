import { type ExportFormat, environmentName } from './shared';

/** A Postman environment, as Postman exports one and imports it (Import → file); every value typed "secret". */
export const postman: ExportFormat<'postman'> = {
  id: 'postman',
  label: 'Postman environment',
  name: 'Postman environment',
  extension: 'postman_environment.json',
  mime: 'application/json',
  write(variables, described) {
    const file = {
      id: crypto.randomUUID(),
      name: environmentName(described),
      values: variables.map((item) => ({ key: item.name, value: item.value, type: 'secret', enabled: true })),
      _postman_variable_scope: 'environment',
      _postman_exported_at: described.exportedAt,
      _postman_exported_using: 'OnceKey',
    };
    return `${JSON.stringify(file, null, 2)}\n`;
  },
};
