import type { CardOptions } from '../common/emulated-card.ts';
import { SecureMemoryCard } from '../at88sc10x-common/secure-memory-card.ts';
import { dumpAt88sc102 } from './dump.ts';
import { at88sc102Rules } from './rules.ts';

/** The AT88SC102 emulator: the shared secure-memory engine on the AT88SC102 rules. */
export class At88sc102Card extends SecureMemoryCard {
  constructor(contents: Uint8Array, options: CardOptions = {}) {
    super(at88sc102Rules, contents, options);
  }

  dump(): string {
    return dumpAt88sc102(this.eeprom.cells, this.isPowered, this.validatedCodes);
  }
}
