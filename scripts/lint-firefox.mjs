// @ts-check
// Mozilla's addons-linter (through web-ext) on the Firefox build: 0 errors and 0 warnings,
// or this fails with each finding listed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** @typedef {{ _type: string, code: string, message: string, file?: string }} Finding */
/** @typedef {{ errors: Finding[], warnings: Finding[], notices: Finding[], summary: { errors: number, warnings: number, notices: number } }} LintReport */

const dir = '.output/firefox-mv3';
if (!existsSync(`${dir}/manifest.json`)) {
  console.error(`No Firefox build at ${dir}: run \`npm run build\` first.`);
  process.exit(1);
}
let output;
try {
  output = execFileSync('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
} catch (error) {
  // web-ext exits non-zero when it finds errors; its report is still on stdout.
  output = /** @type {{ stdout: string }} */ (error).stdout;
}
/** @type {LintReport} */
const report = JSON.parse(output);
const findings = [...report.errors, ...report.warnings];
console.log(
  `web-ext lint ${dir}: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`,
);
for (const f of [...findings, ...report.notices]) console.log(`  ${f._type} ${f.code}: ${f.message} (${f.file ?? ''})`);
process.exit(findings.length ? 1 : 0);
