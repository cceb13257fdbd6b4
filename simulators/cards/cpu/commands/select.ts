import { SW } from '../../../../src/cards/cpu/status-words.ts';
import type { CommandApdu } from '../apdu.ts';
import { fileControlParameters } from '../fci.ts';
import { findByFid, findByName, findByPath } from '../navigation.ts';
import { ok, refuse, type Outcome } from '../outcome.ts';
import type { CardContext } from '../session.ts';

/**
 * SELECT, 00 A4 P1 P2 [ISO/IEC 7816-4 §7.1.1]. P1: 00 by FID (2 bytes; none selects the MF),
 * 04 by DF name (1–16 bytes), 08 by path from the MF. P2: 00 answers the FCI (tag 6F), 04 the FCP
 * (tag 62), 0C nothing. Selecting a DF makes it current with no current EF; selecting an EF makes it
 * the current EF and its parent the current DF.
 */
export function select(command: CommandApdu, context: CardContext): Outcome {
  const { p1, p2, data } = command;
  if (p2 !== 0x00 && p2 !== 0x04 && p2 !== 0x0c) refuse(SW.INCORRECT_P1P2);
  const { session } = context;
  let file;
  switch (p1) {
    case 0x00:
      if (data.length !== 0 && data.length !== 2) refuse(SW.WRONG_LENGTH);
      file = data.length === 0 ? session.mf : findByFid(session.mf, session.currentDf, (data[0]! << 8) | data[1]!);
      break;
    case 0x04:
      if (data.length < 1 || data.length > 16) refuse(SW.WRONG_LENGTH);
      file = findByName(session.mf, data);
      break;
    case 0x08:
      if (data.length === 0 || data.length % 2 !== 0) refuse(SW.WRONG_LENGTH);
      file = findByPath(session.mf, data);
      break;
    default:
      refuse(SW.INCORRECT_P1P2);
  }
  if (!file) refuse(SW.FILE_NOT_FOUND);
  if (file.kind === 'df') session.selectDf(file);
  else session.selectEf(file);
  if (p2 === 0x0c) return ok();
  return ok(fileControlParameters(file, p2 === 0x04 ? 0x62 : 0x6f));
}
