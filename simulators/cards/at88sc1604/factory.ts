import {
  AT88SC1604_BITS,
  AT88SC1604_DEFAULT_SC,
  AT88SC1604_FABRICATION_ZONE,
  AT88SC1604_MAP,
} from '../../../src/cards/at88sc1604/commands.ts';
import { InputError } from '../../../src/core/errors.ts';

/**
 * A blank AT88SC1604: erased (FF) but the fabrication zone, the transport security code, and FUSE1
 * (blown by the fab before shipping). Values not published for this part; see the doc.
 */
export function blankAt88sc1604(securityCode: Uint8Array = AT88SC1604_DEFAULT_SC): Uint8Array {
  if (securityCode.length !== 2) throw new InputError('secret', `the AT88SC1604 security code is 2 bytes, got ${securityCode.length}`);
  const cells = new Uint8Array(AT88SC1604_BITS / 8).fill(0xff);
  cells.set(AT88SC1604_FABRICATION_ZONE, AT88SC1604_MAP.fz.start / 8);
  cells.set(securityCode, AT88SC1604_MAP.sc.start / 8);
  cells[AT88SC1604_MAP.fuse1.start / 8] = 0x00;
  return cells;
}
