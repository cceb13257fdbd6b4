import type { Eeprom, ProgramMode } from '../common/eeprom.ts';

/**
 * Page writes as both chips run them: the data bytes go to the cells `slot(address, index)` names
 * (roll-over inside the page, src/cards/at88-i2c/page.ts; a rule the mutants break), a later byte for
 * the same cell replaces an earlier one, and the cells are programmed in ascending address order,
 * which fixes what a power loss in the middle leaves behind [Eeprom rule].
 */
export type SlotRule = (address: number, index: number) => number;

/** The cells a page write programs, [address, value], last byte loaded wins, in ascending address order. */
export function pageWriteCells(address: number, data: ArrayLike<number>, slot: SlotRule): [number, number][] {
  const cells = new Map<number, number>();
  for (let index = 0; index < data.length; index++) cells.set(slot(address, index), data[index] ?? 0xff);
  return [...cells].sort(([a], [b]) => a - b);
}

/** Programs `cells` into `eeprom` at `base` + address, each in the mode `modeOf(address)` gives. */
export function programCells(eeprom: Eeprom, cells: readonly [number, number][], modeOf: (address: number) => ProgramMode, base = 0): void {
  for (const [address, value] of cells) eeprom.program(base + address, value, modeOf(address));
}
