/** "1 credential", "2 credentials". */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** What a failed request says to the user: the background's sentence, never a stack. */
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong.');

/** After copying: what was copied, and when the clipboard forgets it (null: never). */
export const copiedNotice = (what: string, clearsInSeconds: number | null) =>
  clearsInSeconds === null
    ? `Copied ${what}.`
    : `Copied ${what}. The clipboard is cleared in ${clearsInSeconds} s if it still holds it.`;

/** Said once, with the first copy and beside the clipboard setting: what the clear cannot reach. */
export const CLIPBOARD_HISTORY =
  "Clipboard history tools (Windows' Win+V, macOS clipboard managers, KDE's Klipper…) keep their own copies, which OnceKey cannot clear.";
