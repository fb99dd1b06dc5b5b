import { type ExportFormat, environmentName } from './shared';

/**
 * What Postman (and newman) replace wherever a variable is used: `{{name}}`, including dynamic ones such as
 * `{{$guid}}`, even inside another variable's value. A value holding one would not be sent as saved
 * (checked with newman in tests/unit/export-consumers.test.ts).
 */
const VARIABLE_REFERENCE = /\{\{[^{}]*\}\}/;

/** A Postman environment, as Postman exports one and imports it (Import → file); every value typed "secret". */
export const postman: ExportFormat<'postman'> = {
  id: 'postman',
  label: 'Postman environment',
  name: 'Postman environment',
  extension: 'postman_environment.json',
  mime: 'application/json',
  refuse(_name, value) {
    return VARIABLE_REFERENCE.test(value)
      ? 'contains {{…}}, which Postman replaces with a variable wherever the value is used'
      : undefined;
  },
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
