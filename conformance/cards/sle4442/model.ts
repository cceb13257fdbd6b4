import { SLE4442_CONTROL as C } from '../../../src/cards/sle4442/commands.ts';

/**
 * Reference model of an SLE4442, written from the datasheet rules alone: plain data and pure
 * functions, no EEPROM class and nothing shared with the emulator but the command constants. It
 * predicts every answer and the observable state, power loss included.
 */
export interface Sle4442Model {
  readonly main: readonly number[];
  /** true = the protection bit of main byte i (0..31) is 0: the byte is frozen. */
  readonly frozen: readonly boolean[];
  /** Error counter, three bits. */
  readonly counter: number;
  readonly psc: readonly number[];
  readonly powered: boolean;
  readonly verified: boolean;
  /** PSC bytes matched in the open attempt; null = no attempt open. */
  readonly matched: number | null;
  /** Programming cycles still allowed before the armed power loss; null = none armed. */
  readonly powerLossIn: number | null;
  /** µs per erase and per write phase (2500, or 0 with the timing model off). */
  readonly phaseMicros: number;
}

export type ModelAnswer = { readonly mute: true } | { readonly mute: false; readonly data: readonly number[]; readonly busyMicros: number };

const BLANK_HEADER = [
  0xa2, 0x13, 0x10, 0x91, 0xff, 0xff, 0x81, 0x15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xd2, 0x76, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff,
];
/** Factory-frozen bytes: manufacturer header 0..7 and user code 21..26 (see docs/cards/sle4442.md). */
const FACTORY_FROZEN = new Set([0, 1, 2, 3, 4, 5, 6, 7, 21, 22, 23, 24, 25, 26]);

export function freshModel(psc: readonly number[], timing: boolean): Sle4442Model {
  return {
    main: Array.from({ length: 256 }, (_, i) => BLANK_HEADER[i] ?? 0xff),
    frozen: Array.from({ length: 32 }, (_, i) => FACTORY_FROZEN.has(i)),
    counter: 7,
    psc: [...psc],
    powered: false,
    verified: false,
    matched: null,
    powerLossIn: null,
    phaseMicros: timing ? 2500 : 0,
  };
}

export const powerOn = (m: Sle4442Model): Sle4442Model => ({ ...m, powered: true, verified: false, matched: null });
export const powerOff = (m: Sle4442Model): Sle4442Model => ({ ...m, powered: false, verified: false, matched: null });
export const warmReset = (m: Sle4442Model): Sle4442Model => ({ ...m, matched: null });
export const atr = (m: Sle4442Model): number[] => m.main.slice(0, 4);
export const armPowerLoss = (m: Sle4442Model, cycles: number): Sle4442Model => ({ ...m, powerLossIn: cycles });
export const attemptsOf = (counter: number): number => [0, 1, 1, 2, 1, 2, 2, 3][counter & 7]!;

/** Protection memory as the chip outputs it: bit i of the 32 = 1 unless byte i is frozen. */
export function protectionBytes(m: Sle4442Model): number[] {
  return [0, 1, 2, 3].map((k) => m.frozen.slice(8 * k, 8 * k + 8).reduce((acc, f, bit) => (f ? acc : acc | (1 << bit)), 0));
}

export function securityBytes(m: Sle4442Model): number[] {
  return [m.counter, ...(m.verified ? m.psc : [0, 0, 0])];
}

export interface ModelStep {
  readonly model: Sle4442Model;
  readonly answer: ModelAnswer;
}

type Cycle = { readonly m: Sle4442Model; readonly cell: number; readonly micros: number } | { readonly cut: Sle4442Model; readonly cell: number };

/**
 * One programming cycle on a cell from `old` to `target` (`full` = the cell's all-ones value):
 * an erase phase when some bit must rise, a write phase unless the target is all ones; neither,
 * no cycle at all. When the armed power loss strikes the result is `cut`: the card is off and the
 * cell erased if it needed the erase, else unchanged.
 */
function cycle(m: Sle4442Model, old: number, target: number, full: number): Cycle {
  const erase = (target & ~old & full) !== 0;
  const write = target !== full;
  if (!erase && !write) return { m, cell: old, micros: 0 };
  if (m.powerLossIn === 0) return { cut: { ...powerOff(m), powerLossIn: null }, cell: erase ? full : old };
  const next = { ...m, powerLossIn: m.powerLossIn === null ? null : m.powerLossIn - 1 };
  return { m: next, cell: target, micros: ((erase ? 1 : 0) + (write ? 1 : 0)) * m.phaseMicros };
}

const withAt = (list: readonly number[], i: number, v: number): number[] => list.map((x, j) => (j === i ? v : x));

/** The answer to one 3-byte command and the state after it. */
export function execute(m: Sle4442Model, bytes: readonly number[], readLength?: number): ModelStep {
  const [control, address, data] = bytes as [number, number, number];
  const read = (all: number[]): ModelStep => ({ model: m, answer: { mute: false, data: all.slice(0, readLength ?? all.length), busyMicros: 0 } });
  const done = (model: Sle4442Model, busyMicros = 0): ModelStep => ({ model, answer: { mute: false, data: [], busyMicros } });
  type Store = (x: Sle4442Model, cell: number) => Sle4442Model;
  // One programming cycle; `store` puts the resulting cell into the state.
  const program = (base: Sle4442Model, old: number, target: number, full: number, store: Store): ModelStep => {
    const r = cycle(base, old, target, full);
    if ('cut' in r) return { model: store(r.cut, r.cell), answer: { mute: true } };
    return done(store(r.m, r.cell), r.micros);
  };
  switch (control) {
    case C.readMainMemory:
      return read(m.main.slice(address));
    case C.readProtectionMemory:
      return read(protectionBytes(m));
    case C.readSecurityMemory:
      return read(securityBytes(m));
    case C.updateMainMemory: {
      const base = { ...m, matched: null };
      if (!m.verified || (address < 32 && m.frozen[address])) return done(base);
      return program(base, m.main[address]!, data, 0xff, (x, cell) => ({ ...x, main: withAt(x.main, address, cell) }));
    }
    case C.writeProtectionMemory: {
      const base = { ...m, matched: null };
      if (!m.verified || address >= 32 || m.main[address] !== data) return done(base);
      // A PROM bit write: one write phase, the bit ends at 0 (a cut write leaves it as it was).
      const r = cycle(base, 0xff, 0xfe, 0xff);
      if ('cut' in r) return { model: r.cut, answer: { mute: true } };
      return done({ ...r.m, frozen: r.m.frozen.map((f, i) => f || i === address) }, r.micros);
    }
    case C.updateSecurityMemory: {
      // A write turning a counter bit from 1 to 0 opens an attempt; any other write closes it.
      const base = { ...m, matched: null };
      const opens = address === 0 && (m.counter & ~data & 7) !== 0;
      const setCounter = (x: Sle4442Model, cell: number) => ({ ...x, counter: cell });
      let r: ModelStep;
      if (!m.verified) {
        // Before verification counter bits only go 1 -> 0, and nothing else is writable.
        r = address === 0 ? program(base, m.counter, m.counter & data, 7, setCounter) : done(base);
      } else if (address === 0) {
        r = program(base, m.counter, data & 7, 7, setCounter);
      } else if (address <= 3) {
        r = program(base, m.psc[address - 1]!, data, 0xff, (x, cell) => ({ ...x, psc: withAt(x.psc, address - 1, cell) }));
      } else {
        r = done(base);
      }
      return r.answer.mute || !opens ? r : { ...r, model: { ...r.model, matched: 0 } };
    }
    case C.compareVerificationData: {
      if (m.matched === null) return done(m);
      // A failed attempt leaves no write access, even one granted before.
      if (address !== m.matched + 1 || data !== m.psc[address - 1]) return done({ ...m, matched: null, verified: false });
      return done(address === 3 ? { ...m, matched: null, verified: true } : { ...m, matched: address });
    }
    default:
      return done(m);
  }
}
