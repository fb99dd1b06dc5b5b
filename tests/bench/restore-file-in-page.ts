// The backup file of the restore rows' vault (restore-in-page.ts), and an empty vault's at
// the same cost, made in a page so that restore-background.mjs can restore them through the
// built extension.
import { benchVaultFile, emptyBenchVaultFile } from './restore-in-page';

export const run = async (): Promise<{ file: string; empty: string }> => ({
  file: await benchVaultFile(),
  empty: await emptyBenchVaultFile(),
});
