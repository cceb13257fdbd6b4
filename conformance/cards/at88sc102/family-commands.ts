import fc from 'fast-check';
import { toHex } from '../../../src/core/hex.ts';
import { readBits } from '../../../src/cards/at88sc102/commands.ts';
import { CardMuteError, type ChipCommand } from '../../../src/cards/synchronous-card.ts';
import type { TestCard } from '../target.ts';
import { armPowerLoss, ones, powerOff, powerOn, reset, type ModelPart, type ModelState } from './family-model.ts';
import { execute } from './family-model-step.ts';

/** What the property keeps on the model side: the predicted state and what the invariants saw last. */
export interface FamilyModel {
  state: ModelState;
  readonly part: ModelPart;
  /** Attempts (or erases) left per counter, and the fuse bits, as last read from the card. */
  seen: Map<string, number>;
  /**
   * Codes validated, or rightly presented (matched and paid), since the invariants last ran: what
   * they allow may have happened even when power was lost before the card could show it.
   */
  authorised: Set<string>;
}

export interface FamilyReal {
  readonly card: TestCard;
}

type Step = fc.AsyncCommand<FamilyModel, FamilyReal>;

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Checked after every step: counters never rise without their code, fuses never heal, locked stays locked. */
async function checkInvariants(m: FamilyModel, r: FamilyReal): Promise<void> {
  if (!m.state.powered) return;
  for (const code of m.part.codes) {
    const counter = code.counter;
    if (!counter) continue;
    const bytes = Math.ceil(counter.field.bits / 8);
    const got = (await r.card.execute(readBits(counter.field.start, bytes))).data;
    let left = 0;
    for (let i = 0; i < counter.counted; i++) left += ((got[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
    const predicted = ones(m.state.mem, counter.field, counter.counted);
    assert(left === predicted, `${counter.field.name}: card shows ${left} left (${toHex(got)}), model ${predicted}`);
    const before = m.seen.get(counter.field.name);
    // a restoring counter rises only through its own code; EC2 also by an erase under SC in level 1
    const may = (name: string): boolean => m.state.validated.has(name) || m.authorised.has(name);
    const validated = may(code.field.name) || (!counter.restores && may('SC'));
    assert(before === undefined || left <= before || validated, `${counter.field.name} went back up (${before} -> ${left}) without the right code`);
    assert(before !== 0 || left === 0 || validated, `${counter.field.name} was locked and unlocked itself`);
    m.seen.set(counter.field.name, left);
  }
  for (const fuse of m.part.fuses) {
    const got = (await r.card.execute(readBits(fuse.start, 1))).data[0] ?? 0xff;
    const blown = (got & 0x80) === 0;
    assert(!(m.seen.get(fuse.name) === 0 && !blown), `${fuse.name} healed (was blown, reads intact)`);
    m.seen.set(fuse.name, blown ? 0 : 1);
  }
  m.authorised.clear();
}

/** A chip command built from the model at run time (codes, counter bits) and checked against it. */
class ChipStep implements Step {
  private shown = '';

  constructor(
    private readonly label: string,
    private readonly build: (m: FamilyModel) => ChipCommand,
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: FamilyModel, r: FamilyReal): Promise<void> {
    const command = this.build(m);
    this.shown = `${toHex(command.bytes)}${command.readLength !== undefined ? ` [read ${command.readLength}]` : ''} (${this.label})`;
    const pending = m.state.pending;
    for (const name of m.state.validated) m.authorised.add(name);
    if (pending?.matched && pending.paid) m.authorised.add(pending.code);
    const predicted = execute(m.part, m.state, command.bytes, command.readLength);
    m.state = predicted.state;
    if (predicted.answer.mute) {
      let answered = false;
      try {
        await r.card.execute(command);
        answered = true;
      } catch (error) {
        if (!(error instanceof CardMuteError)) throw error;
      }
      assert(!answered, `${this.shown}: model predicts no answer (power lost or off), card answered`);
    } else {
      const got = await r.card.execute(command);
      assert(got.acknowledged === predicted.answer.acknowledged, `${this.shown}: acknowledged ${got.acknowledged}, model ${predicted.answer.acknowledged}`);
      assert(toHex(got.data) === toHex(predicted.answer.data), `${this.shown}: card answered ${toHex(got.data) || '(none)'}, model ${toHex(predicted.answer.data) || '(none)'}`);
    }
    await checkInvariants(m, r);
  }

  toString(): string {
    return this.shown || this.label;
  }
}

class PowerStep implements Step {
  constructor(private readonly what: 'power on' | 'power off' | 'reset') {}

  check(): boolean {
    return true;
  }

  async run(m: FamilyModel, r: FamilyReal): Promise<void> {
    if (this.what === 'power on') {
      m.state = powerOn(m.state);
      await r.card.powerOn();
    } else if (this.what === 'power off') {
      m.state = powerOff(m.state);
      await r.card.powerOff();
    } else {
      if (!m.state.powered) return;
      m.state = reset(m.state);
      await r.card.reset();
    }
    await checkInvariants(m, r);
  }

  toString(): string {
    return this.what;
  }
}

class PowerLossStep implements Step {
  constructor(private readonly cycles: number) {}

  check(): boolean {
    return true;
  }

  async run(m: FamilyModel, r: FamilyReal): Promise<void> {
    assert(r.card.faults !== undefined, 'power-loss step on a target without fault injection');
    m.state = armPowerLoss(m.state, this.cycles);
    r.card.faults.powerLossAfter(this.cycles);
  }

  toString(): string {
    return `power loss after ${this.cycles} cycles`;
  }
}

export const chipStep = (label: string, build: (m: FamilyModel) => ChipCommand): Step => new ChipStep(label, build);
export const powerSteps = (): fc.Arbitrary<Step> => fc.constantFrom<Step>(new PowerStep('power on'), new PowerStep('power off'), new PowerStep('reset'));
export const powerLossSteps = (): fc.Arbitrary<Step> => fc.integer({ min: 0, max: 4 }).map((n) => new PowerLossStep(n));
