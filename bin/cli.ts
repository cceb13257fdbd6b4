import { Command, CommanderError } from 'commander';
import { StbpayError, InputError } from '../src/core/errors.ts';
import { TOOL } from './tool.ts';
import type { CliIo } from './io.ts';
import { registerCardCommands } from './commands/card.ts';
import { registerCertifyCommand } from './commands/certify.ts';
import { registerConformCommands } from './commands/conform.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerSimCommands } from './commands/sim.ts';
import { registerBossCommands } from './commands/boss.ts';
import { registerBankCommands } from './commands/bank.ts';
import { registerBossCaptureCommand } from './commands/boss-capture.ts';
import { registerReplayCommand } from './commands/replay.ts';

export { processIo } from './io.ts';

/**
 * Exit codes: 0 success (every case passed), 1 a conformance run did not pass, 2 bad input or usage,
 * 3 an unexpected internal error.
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command('stbpay')
    .description('Set-top-box payment systems: device emulators and conformance harness')
    .version(TOOL.version)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()
    .exitOverride();
  registerDemoCommand(program, io);
  registerCardCommands(program, io);
  registerConformCommands(program, io);
  registerCertifyCommand(program, io);
  registerSimCommands(program, io);
  registerBossCaptureCommand(registerBossCommands(program, io), io);
  registerReplayCommand(program, io);
  registerBankCommands(program, io);
  return program;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InputError) {
      io.err(`stbpay: ${error.message}\n`);
      return 2;
    }
    if (error instanceof StbpayError) {
      io.err(`stbpay: ${error.message} [${error.code}]\n`);
      return 1;
    }
    io.err(`stbpay: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 3;
  }
}
