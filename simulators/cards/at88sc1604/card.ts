import type { CardOptions } from '../common/emulated-card.ts';
import { SecureMemoryCard } from '../at88sc10x-common/secure-memory-card.ts';
import { dumpAt88sc1604 } from './dump.ts';
import { at88sc1604Rules } from './rules.ts';

/** The AT88SC1604 emulator: the shared secure-memory engine on the AT88SC1604 rules. */
export class At88sc1604Card extends SecureMemoryCard {
  constructor(contents: Uint8Array, options: CardOptions = {}) {
    super(at88sc1604Rules, contents, options);
  }

  dump(): string {
    return dumpAt88sc1604(this.eeprom.cells, this.isPowered, this.validatedCodes);
  }
}
