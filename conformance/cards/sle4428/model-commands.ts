import fc from 'fast-check';
import { toHex } from '../../../src/core/hex.ts';
import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';
import {
  CONTROL,
  SLE4428_SIZE,
  comparePscByte,
  eraseErrorCounter,
  readWithProtection,
  splitProtectedRead,
  writeErrorCounter,
} from '../../../src/cards/sle4428/commands.ts';
import type { CardTarget } from '../target.ts';
import * as M from './model.ts';
import { advance, checkInvariants, commandText, expectOutcome, type PropertyModel, type Real } from './model-checks.ts';

type Cmd = fc.AsyncCommand<PropertyModel, Real>;

class ChipCmd implements Cmd {
  constructor(readonly command: ChipCommand) {}
  check = (): boolean => true;
  async run(m: PropertyModel, real: Real): Promise<void> {
    const { state, outcome } = M.step(m.state, this.command);
    await expectOutcome(real, this.command, outcome);
    advance(m, state);
    await checkInvariants(m, real);
  }
  toString = (): string => commandText(this.command);
}

/** Which comparisons a PSC procedure sends: both in order (the datasheet's), only 3FF, or 3FF then 3FE. */
type CompareOrder = 'both' | 'second-only' | 'reversed';
const COMPARE_INDEXES: Record<CompareOrder, readonly number[]> = { both: [0, 1], 'second-only': [1], reversed: [1, 0] };

/** The whole PSC procedure with the right code or a wrong one, printed as the bytes it sent. */
class PscCmd implements Cmd {
  private sent: string[] = [];
  constructor(
    readonly right: boolean,
    readonly order: CompareOrder = 'both',
  ) {}
  check = (): boolean => true;
  async run(m: PropertyModel, real: Real): Promise<void> {
    const counter = M.counterOf(m.state);
    const code = this.right ? m.psc : Uint8Array.of((m.psc[0] ?? 0) ^ 0x01, m.psc[1] ?? 0);
    const compares = COMPARE_INDEXES[this.order].map((i) => comparePscByte(i, code[i] ?? 0));
    const sequence = [writeErrorCounter(counter & (counter - 1)), ...compares, eraseErrorCounter()];
    this.sent = sequence.map(commandText);
    for (const command of sequence) {
      const { state, outcome } = M.step(m.state, command);
      await expectOutcome(real, command, outcome);
      advance(m, state);
    }
    await checkInvariants(m, real);
  }
  toString = (): string => `PSC(${this.right ? 'right' : 'wrong'}${this.order === 'both' ? '' : ` ${this.order}`}: ${this.sent.join('; ')})`;
}

/** `count` wrong PSC procedures in a row: the quick way to the lock. */
class WrongPscBurst implements Cmd {
  constructor(readonly count: number) {}
  check = (): boolean => true;
  async run(m: PropertyModel, real: Real): Promise<void> {
    for (let i = 0; i < this.count; i++) await new PscCmd(false).run(m, real);
  }
  toString = (): string => `${this.count} x PSC(wrong)`;
}

class PowerCmd implements Cmd {
  constructor(readonly op: 'on' | 'off' | 'reset') {}
  check = (): boolean => true;
  async run(m: PropertyModel, real: Real): Promise<void> {
    if (this.op === 'off') {
      await real.card.powerOff();
      m.state = M.powerOff(m.state);
    } else if (this.op === 'on') {
      const { state, atr } = M.powerOn(m.state);
      const got = await real.card.powerOn();
      if (toHex(got) !== toHex(atr)) throw new Error(`ATR: expected ${toHex(atr)}, got ${toHex(got)}`);
      m.state = state;
    } else if (m.state.powered) {
      await real.card.reset();
      m.state = M.warmReset(m.state);
    }
    await checkInvariants(m, real);
  }
  toString = (): string => `power ${this.op}`;
}

class PowerLossCmd implements Cmd {
  constructor(readonly cycles: number) {}
  check = (): boolean => true;
  async run(m: PropertyModel, real: Real): Promise<void> {
    real.card.faults?.powerLossAfter(this.cycles);
    m.state = M.armPowerLoss(m.state, this.cycles);
  }
  toString = (): string => `power loss after ${this.cycles} cycle(s)`;
}

const interestingAddress = fc.oneof(
  fc.integer({ min: 0, max: 7 }),
  fc.integer({ min: 0x10, max: 0x13 }),
  fc.integer({ min: 0x3fc, max: 0x3ff }),
  fc.integer({ min: 0, max: SLE4428_SIZE - 1 }),
);
const controls = Object.values(CONTROL);
const chipCommand = fc
  .record({
    control: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...controls) }, fc.integer({ min: 0, max: 0x3f })),
    address: interestingAddress,
    data: fc.oneof(fc.constantFrom(0x00, 0xff, 0x5a, 0xfe, 0x7f), fc.integer({ min: 0, max: 255 })),
    readLength: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  })
  .map(({ control, address, data, readLength }) => {
    const bytes = Uint8Array.of(control | ((address >> 8) << 6), address & 0xff, data);
    return new ChipCmd(readLength === undefined ? { bytes } : { bytes, readLength });
  });

/** Weighted so that sequences verify, write, protect and run the counter down to the lock. */
export function sle4428Commands(powerLoss: boolean): fc.Arbitrary<Cmd> {
  const weighted: fc.WeightedArbitrary<Cmd>[] = [
    { weight: 10, arbitrary: chipCommand },
    { weight: 3, arbitrary: fc.boolean().map((right): Cmd => new PscCmd(right)) },
    { weight: 1, arbitrary: fc.constantFrom<CompareOrder>('second-only', 'reversed').map((order): Cmd => new PscCmd(true, order)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }).map((n): Cmd => new WrongPscBurst(n)) },
    { weight: 2, arbitrary: fc.constantFrom<'on' | 'off' | 'reset'>('on', 'off', 'reset').map((op): Cmd => new PowerCmd(op)) },
  ];
  if (powerLoss) weighted.push({ weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((n): Cmd => new PowerLossCmd(n)) });
  return fc.oneof(...weighted);
}

/** Model-based property: any command sequence on a fresh card answers as the model says. */
export function sle4428Property(target: CardTarget, options: { powerLoss?: boolean } = {}) {
  return fc.asyncProperty(fc.commands([sle4428Commands(options.powerLoss ?? true)], { maxCommands: 40, size: 'max' }), async (commands) => {
    const card = await target.newCard({ timing: false });
    const atr = await card.powerOn();
    const dump = splitProtectedRead((await card.execute(readWithProtection(0))).data);
    const bytes = Array.from(dump.data);
    bytes.splice(0x3fe, 2, ...target.defaultSecret); // hidden before verification; the target made it
    const state = M.powerOn(M.initialModel(bytes, dump.protectedFlags)).state;
    if (toHex(atr) !== toHex(M.powerOn(state).atr)) throw new Error(`ATR ${toHex(atr)} is not memory bytes 0..3`);
    const model: PropertyModel = {
      state,
      lastCounter: M.counterOf(state),
      lockedSeen: false,
      rightCodeSeen: false,
      everProtected: new Set(dump.protectedFlags.flatMap((p, a) => (p ? [a] : []))),
      psc: target.defaultSecret,
    };
    await fc.asyncModelRun(() => ({ model, real: { card } }), commands);
    card.faults?.clear();
  });
}
