// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalView } from '@/components/ApprovalView';
import { activityLines } from '@/components/HistoryView';

afterEach(cleanup);

// "~/pipit" spelled backwards after a right-to-left override: it reads "~/pipit" on screen.
const DISGUISED = '~/\u202etipip';

describe('where a command runs, as the approval page and History show it', () => {
  it('shows a folder or an App name that holds an invisible character escaped, not disguised', () => {
    render(
      <ApprovalView
        request={{
          purpose: 'run',
          argv: ['node', 'bot.js'],
          cwd: DISGUISED,
          app: { name: 'rain\u202e-alerts', project: 'Weather\u200b bots' },
          kinds: ['apiKey'],
          expiresAt: 60_000,
        }}
        now={0}
        busy={false}
        onDecide={() => {}}
      />,
    );
    const shown = document.body.textContent ?? '';
    expect(shown).toContain("$'~/\\u202etipip'");
    expect(shown).toContain("$'rain\\u202e-alerts' ($'Weather\\u200b bots')");
    expect(shown).not.toMatch(/[\u202e\u200b]/);
  });

  it('leaves an ordinary folder as it is', () => {
    const by = {
      argv: ['node', 'bot.js'],
      cwd: '~/my bots/pipit',
      purpose: 'run' as const,
      kinds: ['apiKey' as const],
    };
    expect(activityLines([{ at: 1, type: 'read', by }])[0]?.text).toBe(
      'read by `node bot.js` in ~/my bots/pipit: API Key',
    );
    const disguised = activityLines([{ at: 1, type: 'read', by: { ...by, cwd: DISGUISED } }])[0]?.text;
    expect(disguised).toBe("read by `node bot.js` in $'~/\\u202etipip': API Key");
  });
});
