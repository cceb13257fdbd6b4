import type { CardType } from '../../../src/cards/card-type.ts';

/**
 * Reference model of the AT88SC secure memories (AT88SC102, AT88SC1604), shared by both parts'
 * models: a plain array of bits, a set of validated code names and the comparison in progress,
 * changed only by pure functions. A part is a table (ModelPart): its fields and who may read,
 * write and erase each. Written apart from the emulator (no Eeprom, no classes) so the two can
 * disagree. Power loss is predicted with the shared EEPROM rule: one programming cycle per write
 * pulse, per byte erased that was not FF, per fuse byte; a torn erase leaves its byte FF, a torn
 * write leaves its byte as it was.
 */
export interface ModelState {
  /** One entry per bit address, 0 or 1. */
  readonly mem: Uint8Array;
  readonly powered: boolean;
  readonly validated: ReadonlySet<string>;
  readonly pending: Pending | undefined;
  /** Programming cycles left before the armed power loss strikes; undefined when none is armed. */
  readonly lossIn: number | undefined;
}

export interface Pending {
  readonly code: string;
  readonly counter: ModelField;
  readonly counted: number;
  readonly matched: boolean;
  readonly paid: boolean;
}

export interface ModelField {
  readonly name: string;
  readonly start: number;
  readonly bits: number;
}

/** What the rules can see. */
export interface ModelCtx {
  bit(address: number): number;
  has(code: string): boolean;
  readonly level2: boolean;
}

export interface ModelCode {
  readonly field: ModelField;
  readonly counter?: { readonly field: ModelField; readonly counted: number; readonly restores: boolean };
}

export interface ModelPart {
  readonly type: CardType;
  readonly bits: number;
  readonly unitBits: number;
  readonly cycleMicros: number;
  /** Every field; bits in no field belong to 'RESERVED'. */
  readonly fields: readonly ModelField[];
  readonly codes: readonly ModelCode[];
  readonly fuses: readonly ModelField[];
  level2(bit: (address: number) => number): boolean;
  read(field: string, ctx: ModelCtx): boolean;
  write(field: string, ctx: ModelCtx): boolean;
  /** 'unit' erases the addressed erase unit, a field list is a block erase, 'refuse' does nothing. */
  erase(field: string, ctx: ModelCtx): 'unit' | 'refuse' | readonly ModelField[];
  counterActive(code: string, ctx: ModelCtx): boolean;
  compareCounts(code: string, ctx: ModelCtx): boolean;
  zoneErase(zone: number): { readonly key: string; readonly zone: ModelField } | undefined;
  canBlow(ctx: ModelCtx): boolean;
}

export function initialState(image: Uint8Array): ModelState {
  const mem = new Uint8Array(image.length * 8);
  for (let i = 0; i < mem.length; i++) mem[i] = ((image[i >> 3] ?? 0xff) >> (7 - (i & 7))) & 1;
  return { mem, powered: false, validated: new Set(), pending: undefined, lossIn: undefined };
}

/** The model's memory packed back into bytes, MSB first (to compare with a card image). */
export function packed(state: ModelState): Uint8Array {
  const out = new Uint8Array(state.mem.length / 8);
  state.mem.forEach((b, i) => {
    if (b) out[i >> 3]! |= 0x80 >> (i & 7);
  });
  return out;
}

const FIELD_INDEX = new WeakMap<ModelPart, string[]>();

/** Name of the field holding `bit` ('RESERVED' outside every field). */
export function fieldOf(part: ModelPart, bit: number): string {
  let index = FIELD_INDEX.get(part);
  if (!index) {
    index = new Array<string>(part.bits).fill('RESERVED');
    for (const f of part.fields) index.fill(f.name, f.start, f.start + f.bits);
    FIELD_INDEX.set(part, index);
  }
  return index[bit] ?? 'RESERVED';
}

/** 1 bits among the first `counted` bits of `field`: the attempts (or erases) a counter has left. */
export function ones(mem: Uint8Array, field: ModelField, counted: number): number {
  let n = 0;
  for (let i = 0; i < counted; i++) n += mem[field.start + i] ?? 0;
  return n;
}

export function powerOn(state: ModelState): ModelState {
  return { ...state, powered: true, validated: new Set(), pending: undefined };
}

export function powerOff(state: ModelState): ModelState {
  return { ...state, powered: false, validated: new Set(), pending: undefined };
}

/** RST: the comparison in progress is abandoned; validated codes stay. */
export function reset(state: ModelState): ModelState {
  return { ...state, pending: undefined };
}

export function armPowerLoss(state: ModelState, cycles: number): ModelState {
  return { ...state, lossIn: cycles };
}
