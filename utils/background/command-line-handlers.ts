import { VaultError } from '../crypto/errors';
import type { Handlers } from '../protocol/router';
import type { Approvals } from './approvals';
import type { CommandLine } from './command-line';

type CommandLineMessages = 'cli.status' | 'cli.enable' | 'cli.approval' | 'cli.decide';

export interface CommandLineServices {
  commandLine: Pick<CommandLine, 'status' | 'enable'>;
  approvals: Pick<Approvals, 'request' | 'decide'>;
}

const unavailable = () => {
  throw new VaultError('internal', 'The command line is not available here.');
};

/** The messages of Settings' "Command line" section and of the approval page. */
export function commandLineHandlers(services?: CommandLineServices): Pick<Handlers, CommandLineMessages> {
  if (!services) {
    return {
      'cli.status': unavailable,
      'cli.enable': unavailable,
      'cli.approval': unavailable,
      'cli.decide': unavailable,
    };
  }
  const { commandLine, approvals } = services;
  return {
    'cli.status': () => commandLine.status(),
    'cli.enable': ({ on }) => commandLine.enable(on),
    'cli.approval': async ({ id }) => approvals.request(id),
    'cli.decide': async ({ id, decision }) => {
      approvals.decide(id, decision);
      return null;
    },
  };
}
