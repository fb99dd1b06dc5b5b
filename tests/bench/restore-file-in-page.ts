// The backup file of the restore rows' vault (restore-in-page.ts), made in a page so that
// restore-background.mjs can restore it through the built extension.
import { benchVaultFile } from './restore-in-page';

export const run = (): Promise<string> => benchVaultFile();
