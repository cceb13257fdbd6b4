import { SW } from '../../../../src/cards/cpu/status-words.ts';
import type { CommandApdu } from '../apdu.ts';
import type { TransparentFile } from '../files.ts';
import { findBySfi } from '../navigation.ts';
import { ok, refuse, status, type Outcome } from '../outcome.ts';
import type { CardContext } from '../session.ts';

/**
 * The EF and offset of READ/UPDATE BINARY [ISO/IEC 7816-4 §7.2.2]: P1 bit 8 set means P1 bits 5–1
 * are an SFI of the current DF (bits 7–6 must be 0) and P2 the offset, and the EF becomes current;
 * otherwise P1 bits 7–1 ‖ P2 is a 15-bit offset in the current EF.
 */
function binaryTarget(command: CommandApdu, context: CardContext): { ef: TransparentFile; offset: number } {
  const { p1, p2 } = command;
  const { session } = context;
  let ef;
  let offset;
  if ((p1 & 0x80) !== 0) {
    const sfi = p1 & 0x1f;
    if ((p1 & 0x60) !== 0 || sfi === 0) refuse(SW.INCORRECT_P1P2);
    ef = findBySfi(session.currentDf, sfi);
    if (!ef) refuse(SW.FILE_NOT_FOUND);
    session.selectEf(ef);
    offset = p2;
  } else {
    ef = session.currentEf;
    if (!ef) refuse(SW.NO_CURRENT_EF);
    offset = (p1 << 8) | p2;
  }
  if (ef.kind !== 'transparent') refuse(SW.INCOMPATIBLE_FILE);
  return { ef, offset };
}

/**
 * READ BINARY, 00 B0 P1 P2 Le. Reads min(Ne, bytes left) from the offset. When Ne asks for more than
 * is left: under T=0 6Cxx with the bytes left; under T=1 the bytes left with 6282 (end of file
 * reached), or 9000 when Le was 00 ("as many as there are", up to 256).
 */
export function readBinary(command: CommandApdu, context: CardContext): Outcome {
  if (command.data.length !== 0 || command.ne === undefined) refuse(SW.WRONG_LENGTH);
  const { ef, offset } = binaryTarget(command, context);
  if (!context.session.allows(ef.read)) refuse(SW.SECURITY_STATUS);
  if (offset >= ef.body.length) refuse(SW.WRONG_P1P2);
  const left = ef.body.length - offset;
  const data = ef.body.slice(offset, offset + Math.min(command.ne, left));
  if (command.ne <= left) return ok(data);
  if (context.protocol === 'T=0') refuse(SW.WRONG_LE | left);
  return command.ne === 256 ? ok(data) : status(SW.END_OF_FILE, data);
}

/** UPDATE BINARY, 00 D6 P1 P2 Lc data: writes the data at the offset, all of it inside the file. */
export function updateBinary(command: CommandApdu, context: CardContext): Outcome {
  if (command.data.length === 0) refuse(SW.WRONG_LENGTH);
  const { ef, offset } = binaryTarget(command, context);
  if (!context.session.allows(ef.update)) refuse(SW.SECURITY_STATUS);
  if (offset >= ef.body.length) refuse(SW.WRONG_P1P2);
  if (offset + command.data.length > ef.body.length) refuse(SW.WRONG_LENGTH);
  context.nvm.write(ef.body, offset, command.data);
  return ok();
}
