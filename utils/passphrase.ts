/**
 * A small passphrase-strength estimate for the "Create vault" form and its enforcement in
 * the background. It is deliberately conservative and cheap (no dictionary download):
 * character-pool entropy, minus what common words, repeats and keyboard runs give away.
 */
export interface Strength {
  bits: number;
  acceptable: boolean;
  label: 'too weak' | 'weak' | 'fair' | 'strong';
  hint: string;
}

export const MIN_LENGTH = 12;
export const MIN_BITS = 60;

const COMMON = [
  'password',
  'passphrase',
  'qwerty',
  'azerty',
  'letmein',
  'welcome',
  'admin',
  'iloveyou',
  'monkey',
  'dragon',
  'sunshine',
  'football',
  'baseball',
  'master',
  'shadow',
  'secret',
  'twitter',
  'oncekey',
  'abc123',
  '123456',
  '654321',
  '111111',
  '000000',
];
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function poolSize(text: string): number {
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[A-Z]/.test(text)) pool += 26;
  if (/[0-9]/.test(text)) pool += 10;
  if (/[ ]/.test(text)) pool += 1;
  if (/[^a-zA-Z0-9 ]/.test(text)) pool += 33;
  return pool;
}

/** Characters that add little: repeats of the previous char, and steps of a keyboard or alphabet run. */
function predictableChars(lower: string): number {
  let count = 0;
  for (let i = 1; i < lower.length; i++) {
    const pair = lower.slice(i - 1, i + 1);
    const prev = lower[i - 1];
    if (lower[i] === prev || RUNS.some((run) => run.includes(pair))) count++;
  }
  return count;
}

export function passphraseStrength(passphrase: string): Strength {
  let lower = passphrase.toLowerCase();
  let penalty = 0;
  for (const word of COMMON) {
    while (lower.includes(word)) {
      lower = lower.replace(word, '');
      penalty += word.length - 1;
    }
  }
  const effectiveLength = Math.max(0, passphrase.length - penalty - predictableChars(lower));
  const bits = Math.round(effectiveLength * Math.log2(Math.max(poolSize(passphrase), 2)));

  if (passphrase.length < MIN_LENGTH) {
    return { bits, acceptable: false, label: 'too weak', hint: `Use at least ${MIN_LENGTH} characters.` };
  }
  if (bits < MIN_BITS) {
    return {
      bits,
      acceptable: false,
      label: 'weak',
      hint: 'Too easy to guess: add a few unrelated words, or mix in digits and symbols.',
    };
  }
  if (bits < 80) return { bits, acceptable: true, label: 'fair', hint: 'Acceptable. A longer passphrase is stronger.' };
  return { bits, acceptable: true, label: 'strong', hint: '' };
}
