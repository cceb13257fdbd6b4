import type { CardType } from '../../../src/cards/card-type.ts';
import type { BitField } from '../../../src/cards/at88sc102/family.ts';
import type { CodeSpec } from './security-state.ts';

/** What access rules may look at: the memory's bits (Pn/Rn bits, fuses) and the validated codes. */
export interface ChipView {
  bit(address: number): 0 | 1;
  validated(name: string): boolean;
}

export type EraseAction =
  | { readonly kind: 'refuse' }
  /** Erase these byte-aligned ranges with one erase pulse. */
  | { readonly kind: 'erase'; readonly ranges: readonly BitField[] };

/**
 * One part's datasheet, as the shared engine needs it: geometry, timing, the codes it compares, and
 * its access rules. The engine owns the mechanics (compare, attempt bit, validation erase, power,
 * timing); a part owns who may read, write and erase what.
 */
export interface PartRules {
  readonly type: CardType;
  readonly bits: number;
  readonly eraseUnitBits: number;
  readonly cycleMicros: number;
  readonly codes: readonly CodeSpec[];
  canRead(bit: number, view: ChipView): boolean;
  canWrite(bit: number, view: ChipView): boolean;
  /** The ordinary erase pulse on `unit` (never called for a 'restore' counter: that is a validation erase). */
  eraseAction(unit: BitField, view: ChipView): EraseAction;
  /** Whether `code`'s counter is in force right now (the AT88SC102's EC2 only while EC2EN is intact). */
  counterActive(code: CodeSpec, view: ChipView): boolean;
  /** Whether a comparison of `code` can validate at all right now (besides its counter). */
  compareCounts(code: CodeSpec, view: ChipView): boolean;
  /** The zone erased by the erase pulse following a matching key, for parts that have it. */
  zoneErase(zone: number): { readonly key: CodeSpec; readonly zone: BitField } | undefined;
  fuseAt(bit: number): BitField | undefined;
  canBlow(fuse: BitField, view: ChipView): boolean;
}
