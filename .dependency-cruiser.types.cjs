// The second pass of `npm run lint:arch`: the same modules, with `import type` lines counted,
// so that no import circle hides behind a type. Only the cycle rule applies here: type-only
// imports ship nothing, so what a context reaches is checked on the graph of what runs
// (.dependency-cruiser.cjs).
const { forbidden, options } = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: forbidden.filter((rule) => rule.name === 'no-circular'),
  options: { ...options, tsPreCompilationDeps: true },
};
