import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { VirtualClock } from '../../src/core/clock.ts';
import { DecodeError, InputError } from '../../src/core/errors.ts';
import { parseHex, toHex } from '../../src/core/hex.ts';
import { CardMuteError } from '../../src/cards/synchronous-card.ts';
import { CARD_DEFINITIONS } from '../../simulators/cards/registry.ts';
import { saveImageFile } from '../../simulators/cards/common/image.ts';
import { loadCard } from './card-file.ts';
import { cardTypeOption } from './card-type-option.ts';
import type { CliIo } from '../io.ts';
import { parseChipCommandArg } from './chip-command-arg.ts';
import { integerOption } from './number-option.ts';

export function registerCardCommands(program: Command, io: CliIo): void {
  const card = program.command('card').description('create, inspect and drive emulated memory cards (card image files)');

  card
    .command('new')
    .description('write a factory-fresh card image')
    .argument('<type>', 'SLE4442, SLE4428, AT88SC1608, AT88SC153, AT88SC102 or AT88SC1604')
    .option('--psc <hex>', "transport secret (PSC / secure code); default: the type's documented default")
    .requiredOption('-o, --out <file>', 'card image file to write')
    .option('--force', 'overwrite the file if it exists')
    .action(async (typeName: string, options: { psc?: string; out: string; force?: boolean }) => {
      const type = cardTypeOption(typeName, io);
      const definition = CARD_DEFINITIONS[type];
      const secret = options.psc !== undefined ? parseHex(options.psc, '--psc') : definition.defaultSecret;
      if (secret.length !== definition.secretLength) {
        throw new InputError('--psc', `${type} takes a ${definition.secretLength}-byte code, got ${secret.length} byte(s)`);
      }
      if (!options.force && (await exists(options.out))) {
        throw new InputError(options.out, 'file exists; pass --force to overwrite it');
      }
      await saveImageFile(options.out, definition.create({ secret }).toImage());
      io.out(`${options.out}: new ${type} card, code ${toHex(secret)}\n`);
    });

  card
    .command('dump')
    .description('show a card image: every area, protection bits, counters, lock state')
    .argument('<file>', 'card image file')
    .action(async (file: string) => {
      io.out(`${(await loadCard(file)).dump()}\n`);
    });

  card
    .command('exec')
    .description('power the card on, run chip commands in one session, save the card (e.g. "30 00 00/4": bytes, then /N bytes to read)')
    .argument('<file>', 'card image file')
    .argument('<commands...>', 'chip commands in hex, each optionally followed by /N')
    .option('--no-save', 'do not write the card back to its file')
    .option('--power-loss-after <bytes>', 'cut the power after this many programmed bytes', integerOption('--power-loss-after', 0))
    .action(async (file: string, texts: string[], options: { save: boolean; powerLossAfter?: number }) => {
      const commands = texts.map((t, i) => parseChipCommandArg(t, i + 1));
      // The host waits out every busy time it is told of, so self-timed parts are ready for the next command.
      const clock = new VirtualClock();
      const emulated = await loadCard(file, { timing: true, clock });
      if (options.powerLossAfter !== undefined) emulated.faults.powerLossAfter(options.powerLossAfter);
      io.out(`${emulated.type} ATR ${toHex(await emulated.powerOn())}\n`);
      for (const [index, command] of commands.entries()) {
        io.out(`> ${toHex(command.bytes)}${command.readLength !== undefined ? ` /${command.readLength}` : ''}\n`);
        try {
          const response = await emulated.execute(command);
          clock.advance(response.busyMicros / 1000);
          io.out(`< ${toHex(response.data) || '(no data)'}  ${response.acknowledged ? 'ACK' : 'NACK'}, busy ${response.busyMicros} µs\n`);
        } catch (error) {
          // A command the chip cannot decode is the user's typing, not the card's answer: refuse it and
          // leave the file as it was (the commands before it are not saved either).
          if (error instanceof DecodeError) {
            throw new InputError(`command ${index + 1} ("${texts[index]}")`, `${error.message}; ${file} is unchanged`);
          }
          if (!(error instanceof CardMuteError)) throw error;
          io.out(`< (mute: ${error.message})\n`);
          break;
        }
      }
      await emulated.powerOff();
      if (options.save) {
        await saveImageFile(file, emulated.toImage());
        io.out(`${file}: saved\n`);
      }
    });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
