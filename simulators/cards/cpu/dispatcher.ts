import { SW } from '../../../src/cards/cpu/status-words.ts';
import type { CommandApdu } from './apdu.ts';
import type { ApplicationContext, CardApplication } from './application.ts';
import { externalAuthenticate, internalAuthenticate } from './commands/authenticate.ts';
import { readBinary, updateBinary } from './commands/binary.ts';
import { getChallenge } from './commands/challenge.ts';
import { readRecord, updateRecord } from './commands/record.ts';
import { select } from './commands/select.ts';
import { verify } from './commands/verify.ts';
import { keyOf } from './files.ts';
import { Refusal, status, type Outcome } from './outcome.ts';
import type { CardContext } from './session.ts';

type Handler = (command: CommandApdu, context: CardContext) => Outcome;

/** The interindustry commands (CLA 00) the card knows, by INS [ISO/IEC 7816-4 §5.1.2, table 4]. */
const INTERINDUSTRY: ReadonlyMap<number, Handler> = new Map([
  [0xa4, select],
  [0xb0, readBinary],
  [0xd6, updateBinary],
  [0xb2, readRecord],
  [0xdc, updateRecord],
  [0x84, getChallenge],
  [0x82, externalAuthenticate],
  [0x88, internalAuthenticate],
  [0x20, verify],
]);

/**
 * Routes a command. CLA 00: the table above, 6D00 for any other INS. CLA 8x (proprietary): the
 * current DF's application, if it has one and takes the command; else 6E00. Any other class
 * (logical channels, secure messaging, chaining): 6E00. A command that refuses (`refuse(sw)`) has
 * its writes undone.
 */
export function dispatch(command: CommandApdu, context: CardContext, application: CardApplication | undefined): Outcome {
  try {
    if (command.cla === 0x00) {
      const handler = INTERINDUSTRY.get(command.ins);
      return handler ? handler(command, context) : status(SW.INS_NOT_SUPPORTED);
    }
    if ((command.cla & 0xf0) === 0x80 && application) {
      const df = context.session.currentDf;
      const appContext: ApplicationContext = { ...context, df, key: (id, usage) => keyOf(df, id, usage) };
      const outcome = application.process(command, appContext);
      if (outcome) return outcome;
    }
    return status(SW.CLA_NOT_SUPPORTED);
  } catch (error) {
    if (error instanceof Refusal) {
      context.nvm.discardWrites();
      return status(error.sw);
    }
    throw error;
  }
}
