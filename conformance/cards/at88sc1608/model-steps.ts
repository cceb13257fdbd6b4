import fc from 'fast-check';
import { bytesEqual, toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import type { TestCard } from '../target.ts';
import { freshModel, modelExecute, modelPowerOff, modelPowerOn, type Model } from './model.ts';
import { checkObservation, noteAllowedRaises, type Watched } from './model-invariants.ts';

/** What the property drives: the card under test, and the model with what was last observed. */
export interface Real {
  readonly card: TestCard;
}
export type Cmd = fc.AsyncCommand<Watched, Real>;

function fail(what: string): never {
  throw new Error(what);
}

/** One chip command: predicted by the model, sent to the card, answers compared byte for byte. */
export class Exec implements Cmd {
  private sent: number[];
  constructor(
    private readonly build: (m: Model) => number[],
    private readonly readLength: number | undefined,
    private readonly note = '',
    private readonly powerLossAfter?: number,
  ) {
    this.sent = build(freshModel(new Uint8Array(3)));
  }
  check(w: Readonly<Watched>): boolean {
    return this.powerLossAfter === undefined || w.m.powered;
  }
  async run(w: Watched, r: Real): Promise<void> {
    const m = w.m;
    this.sent = this.build(m);
    if (this.powerLossAfter !== undefined) {
      if (!r.card.faults) return;
      r.card.faults.powerLossAfter(this.powerLossAfter);
      m.powerLossIn = this.powerLossAfter;
    }
    noteAllowedRaises(w, this.sent);
    const expected = modelExecute(m, this.sent, this.readLength);
    const bytes = Uint8Array.from(this.sent);
    let answer;
    try {
      answer = await r.card.execute(this.readLength === undefined ? { bytes } : { bytes, readLength: this.readLength });
    } catch (error) {
      if (!(error instanceof CardMuteError)) throw error;
      if (!expected.mute) fail(`${this}: card went mute (${error.message}), model expected an answer`);
    }
    r.card.faults?.clear();
    m.powerLossIn = undefined;
    if (answer) {
      if (expected.mute) fail(`${this}: model expected no answer, card answered ${toHex(answer.data)}`);
      if (answer.acknowledged !== expected.acknowledged) fail(`${this}: ACK ${answer.acknowledged}, model ${expected.acknowledged}`);
      if (!bytesEqual(answer.data, Uint8Array.from(expected.data))) {
        fail(`${this}: data ${toHex(answer.data)}, model ${toHex(Uint8Array.from(expected.data))}`);
      }
    }
    await checkObservation(w, r.card);
  }
  toString(): string {
    const loss = this.powerLossAfter !== undefined ? `power-loss-after ${this.powerLossAfter}; ` : '';
    return `${loss}${toHex(Uint8Array.from(this.sent))}${this.readLength !== undefined ? ` (read ${this.readLength})` : ''}${this.note}`;
  }
}

export class Power implements Cmd {
  constructor(private readonly op: 'power-on' | 'power-off' | 'reset') {}
  check(w: Readonly<Watched>): boolean {
    return this.op !== 'reset' || w.m.powered;
  }
  async run(w: Watched, r: Real): Promise<void> {
    if (this.op === 'power-off') {
      modelPowerOff(w.m);
      await r.card.powerOff();
      return;
    }
    const expected = modelPowerOn(w.m);
    const atr = this.op === 'power-on' ? await r.card.powerOn() : await r.card.reset();
    if (!bytesEqual(atr, Uint8Array.from(expected))) fail(`${this.op}: ATR ${toHex(atr)}, model ${toHex(Uint8Array.from(expected))}`);
    await checkObservation(w, r.card);
  }
  toString(): string {
    return this.op;
  }
}

/** Several commands in a row (a password attack, a personalisation step), printed as one line. */
export class Burst implements Cmd {
  constructor(private readonly steps: readonly Exec[]) {}
  check(): boolean {
    return true;
  }
  async run(w: Watched, r: Real): Promise<void> {
    for (const step of this.steps) await step.run(w, r);
  }
  toString(): string {
    return this.steps.map(String).join('; ');
  }
}

