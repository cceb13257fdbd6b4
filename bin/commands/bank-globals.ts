import type { Command } from 'commander';
import { checkDate, DEFAULT_UTC_OFFSET_MINUTES } from '../../src/boss/local-date.ts';
import { systemClock } from '../../src/core/clock.ts';
import { InputError } from '../../src/core/errors.ts';
import { parseHostPort } from '../../src/core/host-port.ts';
import { createRandom, newSeed } from '../../src/core/random.ts';
import { BankEmulator, base36Prefix } from '../../simulators/bank/index.ts';
import { settingAsOption } from './bank-settings.ts';
import { integerOption } from './number-option.ts';
import { profileOption } from './profile-option.ts';

/** Options of `stbpay bank`, given before or after the subcommand. */
export interface BankGlobals {
  target: string;
  bank: string;
  teller: string;
  date?: string;
  profile?: string;
  seed?: number;
  serialPrefix?: string;
  timeout?: number;
  json?: boolean;
}

/** The `stbpay bank` options as a subcommand's action sees them. */
export function bankGlobals(command: Command): BankGlobals {
  return command.optsWithGlobals<BankGlobals>();
}

export const MAX_AMOUNT = 999_999_999_999;

/** An amount in fen: a whole number from 1 up to 12 digits. */
export const amountArg = (name: string): ((text: string) => number) => integerOption(name, 1, MAX_AMOUNT);

/** Runs `work` with an emulator as the options describe it, and closes the emulator after. */
export async function withEmulator<T>(globals: BankGlobals, work: (emulator: BankEmulator) => Promise<T>): Promise<T> {
  const emulator = newEmulator(globals);
  try {
    return await work(emulator);
  } finally {
    await emulator.close();
  }
}

function newEmulator(globals: BankGlobals): BankEmulator {
  const { host, port } = parseHostPort(globals.target, '--target');
  // milliseconds since midnight UTC: each run's serials are new, even against the same database
  const prefix = globals.serialPrefix ?? base36Prefix(Date.now() % 86_400_000, 6);
  try {
    return new BankEmulator({
      bankcode: globals.bank,
      teller: globals.teller,
      host,
      port,
      profile: profileOption(globals.profile),
      clock: systemClock,
      random: createRandom(globals.seed ?? newSeed()),
      utcOffsetMinutes: DEFAULT_UTC_OFFSET_MINUTES,
      serialPrefix: prefix,
      ...(globals.date === undefined ? {} : { date: checkDate(globals.date, '--date') }),
      ...(globals.timeout === undefined ? {} : { timeoutMs: globals.timeout }),
    });
  } catch (error) {
    throw settingAsOption(error);
  }
}

/** A comma-separated list such as `--customers C00020001,C00020002`; empty items are dropped. */
export function listOption(text: string, option: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new InputError(option, 'the list is empty');
  return items;
}
