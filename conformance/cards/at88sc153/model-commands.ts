import fc from 'fast-check';
import { VirtualClock } from '../../../src/core/clock.ts';
import { toHex } from '../../../src/core/hex.ts';
import type { ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { checkBytes } from '../../framework/case.ts';
import type { CardTarget, TestCard } from '../target.ts';
import { checkAnswer, checkInvariants, snapshot } from './model-check.ts';
import * as model from './model.ts';

interface State {
  m: model.Model;
  /** rp indexes whose counter may rise in the step being run (right password, privileged write). */
  mayRise: Set<number>;
}
interface Real {
  readonly card: TestCard;
  readonly clock: VirtualClock;
}
type Cmd = fc.AsyncCommand<State, Real>;

/** Runs one step on both sides and checks the answer and the invariants. */
async function step(s: State, r: Real, label: string, act: (card: TestCard) => Promise<ChipResponse>, predict: () => model.Prediction): Promise<void> {
  const before = snapshot(s.m);
  let outcome: ChipResponse | Error;
  try {
    outcome = await act(r.card);
  } catch (error) {
    outcome = error as Error;
  }
  checkAnswer(label, predict(), outcome);
  checkInvariants(before, snapshot(s.m), label, (rp) => s.mayRise.has(rp));
  s.mayRise.clear();
}

/** A raw chip command; toString prints it as a transcript line. */
class ChipCmd implements Cmd {
  constructor(
    readonly bytes: number[],
    readonly readLength?: number,
  ) {}
  check = (): boolean => true;
  async run(s: State, r: Real): Promise<void> {
    const bytes = Uint8Array.from(this.bytes);
    // a configuration write with Write 1 verified (secure code, supervisor mode) may reset a PAC
    if ((this.bytes[0]! & 0x0f) === 0x0c && s.m.verified === 1) [0, 1, 2, 3].forEach((rp) => s.mayRise.add(rp));
    const rp = (this.bytes[0]! & 0x0f) >> 2; // a raw Verify Password may carry the right password too
    const right = model.passwordOf(s.m, rp).every((b, i) => b === this.bytes[i + 1]);
    if ((this.bytes[0]! & 3) === 3 && s.m.firstPass === rp && right) s.mayRise.add(rp);
    const command = this.readLength === undefined ? { bytes } : { bytes, readLength: this.readLength };
    await step(s, r, this.toString(), (c) => c.execute(command), () => model.execute(s.m, this.bytes, this.readLength, r.clock.now()));
  }
  toString = (): string => `${toHex(Uint8Array.from(this.bytes))}${this.readLength !== undefined ? ` read ${this.readLength}` : ''}`;
}

/** Verify Password with the right or a wrong password, chosen from the model when it runs. */
class VerifyCmd implements Cmd {
  private sent = '';
  constructor(
    readonly rp: number,
    readonly right: boolean,
    readonly twice: boolean,
  ) {}
  check = (): boolean => true;
  async run(s: State, r: Real): Promise<void> {
    const password = model.passwordOf(s.m, this.rp);
    if (!this.right) password[0] = password[0]! ^ 0x5a;
    const bytes = [0xb3 | (this.rp << 2), ...password];
    this.sent = toHex(Uint8Array.from(bytes));
    for (let pass = 0; pass < (this.twice ? 2 : 1); pass++) {
      if (pass === 1) r.clock.advance(10);
      if (this.right && s.m.firstPass === this.rp) s.mayRise.add(this.rp);
      await step(s, r, this.toString(), (c) => c.execute({ bytes: Uint8Array.from(bytes) }), () => model.execute(s.m, bytes, undefined, r.clock.now()));
    }
  }
  toString = (): string => `${this.twice ? '2x ' : ''}${this.sent || `B${(3 | (this.rp << 2)).toString(16).toUpperCase()} ..`} (${this.right ? 'right' : 'wrong'} rp=${this.rp})`;
}

class PowerCmd implements Cmd {
  constructor(readonly what: 'on' | 'off' | 'reset') {}
  check = (): boolean => true;
  async run(s: State, r: Real): Promise<void> {
    if (this.what === 'off') {
      await r.card.powerOff();
      model.powerOff(s.m);
      return;
    }
    const expectMute = this.what === 'reset' && !s.m.powered;
    let atr: Uint8Array | Error;
    try {
      atr = this.what === 'on' ? await r.card.powerOn() : await r.card.reset();
    } catch (error) {
      atr = error as Error;
    }
    if (expectMute) return void checkAnswer('reset', { mute: true }, atr instanceof Error ? atr : new Error('answered'));
    const expected = this.what === 'on' ? model.powerOn(s.m) : model.reset(s.m);
    if (atr instanceof Error) throw atr;
    checkBytes(atr, Uint8Array.from(expected), `power ${this.what}: answer to reset`);
  }
  toString = (): string => `power ${this.what}`;
}

class WaitCmd implements Cmd {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(_s: State, r: Real): Promise<void> {
    r.clock.advance(this.ms);
  }
  toString = (): string => `wait ${this.ms} ms`;
}

class PowerLossCmd implements Cmd {
  constructor(readonly cycles: number) {}
  check = (): boolean => true;
  async run(s: State, r: Real): Promise<void> {
    if (!r.card.faults) return; // target without fault injection: nothing armed on either side
    r.card.faults.powerLossAfter(this.cycles);
    s.m.powerLossIn = this.cycles;
  }
  toString = (): string => `power loss after ${this.cycles} cycle(s)`;
}

/** A scripted sequence (personalisation, attack, fuse blowing): each part is checked; 10 ms pass between parts. */
type Part = { readonly bytes: number[]; readonly readLength?: number } | { readonly rp: number; readonly right: boolean };
class SequenceCmd implements Cmd {
  constructor(
    readonly label: string,
    readonly parts: readonly Part[],
  ) {}
  check = (): boolean => true;
  async run(s: State, r: Real): Promise<void> {
    for (const part of this.parts) {
      await ('rp' in part ? new VerifyCmd(part.rp, part.right, false) : new ChipCmd(part.bytes, part.readLength)).run(s, r);
      r.clock.advance(10);
    }
  }
  toString = (): string => `${this.label}: ${this.parts.map((p) => ('rp' in p ? `verify rp=${p.rp} ${p.right ? 'right' : 'wrong'}` : toHex(Uint8Array.from(p.bytes)))).join(', ')}`;
}

const secureCode: Part[] = [
  { rp: 1, right: true },
  { rp: 1, right: true },
];

const byte = fc.integer({ min: 0, max: 255 });
const bytes = (min: number, max: number): fc.Arbitrary<number[]> => fc.array(byte, { minLength: min, maxLength: max });
const configAddress = fc.oneof(fc.constantFrom(0x00, 0x0a, 0x10, 0x18, 0x19, 0x1a, 0x1b, 0x30, 0x34, 0x38, 0x39, 0x3c), fc.integer({ min: 0, max: 63 }));
const zone = fc.integer({ min: 0, max: 2 });
const address = fc.integer({ min: 0, max: 63 });

const accessRegister = fc.oneof(fc.constantFrom(0x77, 0xb7, 0x37, 0x7f, 0xfb, 0xfd, 0xdf, 0xef, 0xfe, 0xf3, 0x7b, 0x3f), byte);
const registerWrite = fc.oneof(
  fc.tuple(fc.integer({ min: 0x18, max: 0x1a }), accessRegister),
  fc.tuple(fc.constant(0x1b), fc.oneof(fc.constantFrom(0x7f, 0xff, 0x75), byte)),
);
const passwordWrite = fc.option(fc.tuple(fc.constantFrom(0x31, 0x35, 0x3d), bytes(3, 3)), { nil: undefined });
/** Secure code, then an access register or the DCR, optionally a password. */
const personalise = fc.tuple(registerWrite, passwordWrite).map(
  ([[at, value], pw]) =>
    new SequenceCmd('personalise', [...secureCode, { bytes: [0xbc, at, value] }, ...(pw ? [{ bytes: [0xbc, pw[0], ...pw[1]] }] : [])]),
);
const attack = fc
  .tuple(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 1, max: 9 }))
  .map(([rp, n]) => new SequenceCmd(`${n} wrong attempt(s)`, Array.from({ length: 2 * n }, () => ({ rp, right: false }))));
const fuse = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.boolean())
  .map(([n, inOrder]) => (inOrder ? [1, 2, 4].slice(0, n) : [4, 2, 1].slice(0, n)))
  .map((select) => new SequenceCmd('blow fuses', [...secureCode, ...select.map((f) => ({ bytes: [0xba, f] })), { bytes: [0xbe], readLength: 1 }]));

const commands: fc.WeightedArbitrary<Cmd>[] = [
  { weight: 2, arbitrary: fc.constantFrom<Cmd>(new PowerCmd('on'), new PowerCmd('off'), new PowerCmd('reset')) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 12 }).map((ms) => new WaitCmd(ms)) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(0, 1, 1, 1, 2, 3), fc.boolean(), fc.boolean()).map(([rp, right, twice]) => new VerifyCmd(rp, right, twice)) },
  { weight: 3, arbitrary: fc.tuple(zone, address, fc.integer({ min: 0, max: 10 })).map(([z, a, n]) => new ChipCmd([0xb1 | (z << 2), a], n)) },
  { weight: 3, arbitrary: fc.tuple(zone, address, bytes(1, 10)).map(([z, a, d]) => new ChipCmd([0xb0 | (z << 2), a, ...d])) },
  { weight: 2, arbitrary: fc.tuple(configAddress, fc.integer({ min: 1, max: 12 })).map(([a, n]) => new ChipCmd([0xbd, a], n)) },
  { weight: 1, arbitrary: fc.tuple(configAddress, bytes(1, 4)).map(([a, d]) => new ChipCmd([0xbc, a, ...d])) },
  { weight: 2, arbitrary: personalise },
  { weight: 1, arbitrary: attack },
  { weight: 1, arbitrary: fuse },
  { weight: 1, arbitrary: fc.constantFrom(1, 2, 4, 3, 0).map((f) => new ChipCmd([0xba, f])) },
  { weight: 1, arbitrary: fc.constant(new ChipCmd([0xbe], 1)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0xb2, 0xb6), bytes(8, 8)).map(([c, q]) => new ChipCmd([c, ...q])) },
  { weight: 1, arbitrary: fc.tuple(byte, bytes(0, 4), fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined })).map(([c, d, n]) => new ChipCmd([c, ...d], n)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((n) => new PowerLossCmd(n)) },
];

/**
 * Model-based property: random command sequences (reads, page writes, password attacks with right
 * and wrong codes, access-register and fuse changes, resets, power loss, waits in the write cycle)
 * give the same answers on the target as on the reference model.
 */
export function at88sc153Property(target: CardTarget) {
  const secret = fc.uint8Array({ minLength: 3, maxLength: 3 });
  return fc.asyncProperty(secret, fc.boolean(), fc.commands([fc.oneof(...commands)], { size: 'medium', maxCommands: 60 }), async (code, timing, cmds) => {
    const clock = new VirtualClock();
    const setup = async (): Promise<{ model: State; real: Real }> => {
      const card = await target.newCard({ secret: code, timing, clock });
      const m = model.initialModel(code, timing);
      checkBytes(await card.powerOn(), Uint8Array.from(model.powerOn(m)), 'answer to reset');
      return { model: { m, mayRise: new Set() }, real: { card, clock } };
    };
    await fc.asyncModelRun(setup, cmds);
  });
}
