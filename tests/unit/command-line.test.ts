import { describe, expect, it } from 'vitest';
import { commandText } from '@/utils/command-line';

describe('a command line as the approval page and History show it', () => {
  it('writes arguments bare, quoted, or escaped as a shell would need them', () => {
    expect(commandText(['node', 'bot.js', '--port=3000'])).toBe('node bot.js --port=3000');
    expect(commandText(['node', '-e', 'console.log(process.env.X_API_KEY)'])).toBe(
      "node -e 'console.log(process.env.X_API_KEY)'",
    );
    expect(commandText(['echo', "it's", ''])).toBe(`echo 'it'\\''s' ''`);
  });

  it('shows control and invisible characters instead of letting them disguise the command', () => {
    // "node evil.js" with a right-to-left override would read as "node sj.live" on screen.
    expect(commandText(['node', 'evil\u202e.js'])).toBe("node $'evil\\u202e.js'");
    expect(commandText(['printf', 'a\nb\u0007'])).toBe("printf $'a\\u000ab\\u0007'");
    expect(commandText(['x', "zero\u200bwidth'"])).toBe("x $'zero\\u200bwidth\\''");
  });
});
