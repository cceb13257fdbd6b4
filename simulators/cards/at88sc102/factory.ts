import {
  AT88SC102_BITS,
  AT88SC102_DEFAULT_SC,
  AT88SC102_FABRICATION_ZONE,
  AT88SC102_MAP,
} from '../../../src/cards/at88sc102/commands.ts';
import { InputError } from '../../../src/core/errors.ts';

/**
 * A blank AT88SC102 as shipped: everything erased (FF) but the fabrication zone 0F0F and the
 * transport security code. [limpkin/mooltipass emu_init_smartcard: FF, FZ 0F 0F, SC F0 F0]
 */
export function blankAt88sc102(securityCode: Uint8Array = AT88SC102_DEFAULT_SC): Uint8Array {
  if (securityCode.length !== 2) throw new InputError('secret', `the AT88SC102 security code is 2 bytes, got ${securityCode.length}`);
  const cells = new Uint8Array(AT88SC102_BITS / 8).fill(0xff);
  cells.set(AT88SC102_FABRICATION_ZONE, AT88SC102_MAP.fz.start / 8);
  cells.set(securityCode, AT88SC102_MAP.sc.start / 8);
  return cells;
}
