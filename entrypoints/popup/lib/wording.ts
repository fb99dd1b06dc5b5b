/** "1 credential", "2 credentials". */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** What a failed request says to the user: the background's sentence, never a stack. */
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong.');

/** After copying: what was copied, and when the clipboard forgets it (null: never). */
export const copiedNotice = (what: string, clearsInSeconds: number | null) =>
  clearsInSeconds === null
    ? `Copied ${what}.`
    : `Copied ${what}. The clipboard is cleared in ${clearsInSeconds} s if it still holds it.`;
