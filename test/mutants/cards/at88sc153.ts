import type { PasswordRef } from '../../../src/cards/at88sc153/commands.ts';
import { At88sc153Chip, at88sc153DefinitionWith } from '../../../simulators/cards/at88sc153/index.ts';
import type { ZoneRights } from '../../../simulators/cards/at88sc153/access.ts';
import type { At88sc153Memory } from '../../../simulators/cards/at88sc153/memory.ts';
import type { CardMutant } from './mutant.ts';

/** Page writes run on linearly past the page end (up to the zone end) instead of rolling over inside the page. */
class NoRollOverChip extends At88sc153Chip {
  protected override pageSlot(address: number, index: number): number {
    return address + index;
  }
}

/** Every Verify Password compares at once: no initialisation pass, no counter bit written. */
class SingleVerifyChip extends At88sc153Chip {
  protected override isSecondPass(_ref: PasswordRef): boolean {
    return true;
  }
}

/** The first pass leaves the attempts counter as it was: wrong passwords cost nothing. */
class CounterKeptChip extends At88sc153Chip {
  protected override spentCounter(pac: number): number {
    return pac;
  }
}

/** Access registers are not consulted: every user zone is free to read and write. */
class RightsIgnoredChip extends At88sc153Chip {
  protected override userZoneRights(_zone: number): ZoneRights {
    return { read: true, write: true, writeLock: false, programOnly: false };
  }
}

const mutant = (name: string, breaks: string, chip: new (m: At88sc153Memory) => At88sc153Chip): CardMutant => ({
  name,
  breaks,
  definition: at88sc153DefinitionWith((memory) => new chip(memory)),
});

export const at88sc153Mutants: CardMutant[] = [
  mutant('page-no-roll-over', '[1016 Features] 8-byte page write: the address rolls over inside the page', NoRollOverChip),
  mutant('single-verify-accepted', '[1016 p12] Verify Password must be sent twice; the first pass only writes a PAC bit', SingleVerifyChip),
  mutant('counter-not-decremented', '[1016 p9, p12] every attempt writes a new 0 bit in the attempts counter', CounterKeptChip),
  mutant('access-rights-ignored', '[1016 Access Registers] WPE/RPE/PWS/WLM/MDF decide who may read and write a zone', RightsIgnoredChip),
];
