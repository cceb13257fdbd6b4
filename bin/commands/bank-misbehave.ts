import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { errorMessage, InputError } from '../../src/core/errors.ts';
import { BANK_PERSONAS, bankPersona, renderFileOutcome, renderWireOutcome, toJson, type WirePersonaOptions } from '../../simulators/bank/index.ts';
import type { CliIo } from '../io.ts';
import { fileTargetOptions, withDrop, type FileTargetOptions } from './bank-files.ts';
import { amountArg, bankGlobals, withEmulator } from './bank-globals.ts';
import { settingAsOption } from './bank-settings.ts';
import { integerOption } from './number-option.ts';

interface WireCliOptions {
  customer?: string;
  amount?: number;
  chunkSize?: number;
  delay?: number;
  cutAt?: number;
  reset?: boolean;
  hold?: number;
  length?: number;
  announced?: number;
  wait?: number;
}

/** `stbpay bank misbehave PERSONA` and `stbpay bank personas`: one named misbehaviour against the BOSS. docs/boss/bank-emulator.md */
export function registerBankMisbehave(bank: Command, io: CliIo): void {
  const misbehave = bank
    .command('misbehave <persona>')
    .description(`one misbehaviour: ${Object.keys(BANK_PERSONAS).join(', ')}`)
    .option('--customer <custno>', 'customer of the requests (default C00012345)')
    .option('--amount <fen>', 'amount of the payments (default 4500)', amountArg('--amount'))
    .option('--chunk-size <n>', 'slow-frame: bytes per write', integerOption('--chunk-size', 1))
    .option('--delay <ms>', 'slow-frame: pause between writes; file-late-flag: pause before the flag', integerOption('--delay', 0))
    .option('--cut-at <n>', 'drop-mid-frame: bytes sent before the cut', integerOption('--cut-at', 1))
    .option('--reset', 'drop-mid-frame: RST instead of FIN')
    .option('--hold <ms>', 'drop-mid-frame: pause before the close', integerOption('--hold', 0))
    .option('--length <n>', 'garbage: random bytes after the letters', integerOption('--length', 0, 1_000_000))
    .option('--announced <n>', 'oversized: announced body length', integerOption('--announced', 1, 999_999))
    .option('--wait <ms>', 'how long to wait for answers and for the close', integerOption('--wait', 1))
    .option('--file <path>', 'file personas: the daily file to deliver (its name is kept)');
  fileTargetOptions(misbehave).action(async (name: string, options: WireCliOptions & FileTargetOptions & { file?: string }, command: Command) => {
    const globals = bankGlobals(command);
    const persona = bankPersona(name);
    await withEmulator(globals, async (emulator) => {
      if (persona.kind === 'wire') {
        const outcome = await persona.run(emulator, wireOptions(options)).catch((error: unknown) => {
          throw settingAsOption(error);
        });
        io.out(globals.json ? toJson(outcome) : `seed ${emulator.random.seed}\n${renderWireOutcome(outcome)}`);
        return;
      }
      const file = options.file;
      if (file === undefined) throw new InputError('--file', `the ${persona.name} persona delivers a daily file: give its path`);
      const bytes = await readFile(file).catch((error: unknown) => {
        throw new InputError('--file', `cannot read ${file}: ${errorMessage(error)}`, { cause: error });
      });
      await withDrop(options, emulator, async (drop) => {
        const outcome = await persona
          .run({
            profile: emulator.profile,
            drop,
            clock: emulator.clock,
            random: emulator.random,
            file: { name: basename(file), bytes: Uint8Array.from(bytes) },
            ...(options.delay === undefined ? {} : { delayMs: options.delay }),
          })
          .catch((error: unknown) => {
            throw settingAsOption(error);
          });
        io.out(globals.json ? toJson(outcome) : renderFileOutcome(outcome));
      });
    });
  });

  bank
    .command('personas')
    .description('list the misbehaviours')
    .action(() => {
      for (const p of Object.values(BANK_PERSONAS)) io.out(`${p.name} (${p.kind}): ${p.summary}\n    expected: ${p.expected}\n`);
    });
}

/** The command line's names for the persona settings, as the personas call them. */
function wireOptions(o: WireCliOptions): WirePersonaOptions {
  const entries: [keyof WirePersonaOptions, unknown][] = [
    ['customer', o.customer],
    ['amount', o.amount],
    ['chunkSize', o.chunkSize],
    ['delayMs', o.delay],
    ['cutAt', o.cutAt],
    ['reset', o.reset],
    ['holdMs', o.hold],
    ['length', o.length],
    ['announced', o.announced],
    ['waitMs', o.wait],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as WirePersonaOptions;
}
