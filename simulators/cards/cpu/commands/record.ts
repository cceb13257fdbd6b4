import { SW } from '../../../../src/cards/cpu/status-words.ts';
import type { CommandApdu } from '../apdu.ts';
import type { RecordFile } from '../files.ts';
import { findBySfi } from '../navigation.ts';
import { ok, refuse, type Outcome } from '../outcome.ts';
import type { CardContext } from '../session.ts';

/**
 * The EF and record of READ/UPDATE RECORD [ISO/IEC 7816-4 §7.3.3]: P1 is the record number (1 …);
 * P2 bits 8–4 are an SFI of the current DF (0: the current EF), bits 3–1 must be 100 ("record
 * number in P1"). An EF named by SFI becomes current.
 */
function recordTarget(command: CommandApdu, context: CardContext): { ef: RecordFile; start: number } {
  const { p1, p2 } = command;
  const { session } = context;
  if ((p2 & 0x07) !== 0x04 || p1 === 0) refuse(SW.INCORRECT_P1P2);
  const sfi = p2 >> 3;
  let ef;
  if (sfi === 0) {
    ef = session.currentEf;
    if (!ef) refuse(SW.NO_CURRENT_EF);
  } else {
    ef = findBySfi(session.currentDf, sfi);
    if (!ef) refuse(SW.FILE_NOT_FOUND);
    session.selectEf(ef);
  }
  if (ef.kind !== 'linear-fixed') refuse(SW.INCOMPATIBLE_FILE);
  return { ef, start: (p1 - 1) * ef.recordLength };
}

/** READ RECORD, 00 B2 P1 P2 Le: the whole record (the transport answers 6Cxx to an Le that is not its length). */
export function readRecord(command: CommandApdu, context: CardContext): Outcome {
  if (command.data.length !== 0 || command.ne === undefined) refuse(SW.WRONG_LENGTH);
  const { ef, start } = recordTarget(command, context);
  if (!context.session.allows(ef.read)) refuse(SW.SECURITY_STATUS);
  if (command.p1 > ef.recordCount) refuse(SW.RECORD_NOT_FOUND);
  return ok(ef.body.slice(start, start + ef.recordLength));
}

/** UPDATE RECORD, 00 DC P1 P2 Lc data: replaces the whole record; Lc must be the record length. */
export function updateRecord(command: CommandApdu, context: CardContext): Outcome {
  const { ef, start } = recordTarget(command, context);
  if (!context.session.allows(ef.update)) refuse(SW.SECURITY_STATUS);
  if (command.p1 > ef.recordCount) refuse(SW.RECORD_NOT_FOUND);
  if (command.data.length !== ef.recordLength) refuse(SW.WRONG_LENGTH);
  context.nvm.write(ef.body, start, command.data);
  return ok();
}
