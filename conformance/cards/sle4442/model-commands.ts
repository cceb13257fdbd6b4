import fc from 'fast-check';
import { toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { SLE4442_CONTROL } from '../../../src/cards/sle4442/commands.ts';
import { checkBytes, checkEqual, fail } from '../../framework/case.ts';
import type { CardTarget, TestCard } from '../target.ts';
import * as model from './model.ts';

/** What the commands see of the model: its state plus what was last observed on the card. */
interface Box {
  s: model.Sle4442Model;
  readonly canCutPower: boolean;
  seenCounter: number;
  seenProtection: number[];
  /** EC was seen at 000 outside a verified session and attempt: the card must stay locked. */
  lockedSeen: boolean;
  /** The right PSC was verified since the last observation: the counter may have risen. */
  authorised: boolean;
}
interface Real {
  readonly card: TestCard;
}
type Cmd = fc.AsyncCommand<Box, Real>;

const hexOf = (bytes: readonly number[]): string => toHex(Uint8Array.from(bytes));

/** Sends one command to the card and to the model; the answers must agree. */
async function exchange(box: Box, real: Real, bytes: number[], readLength?: number): Promise<void> {
  const predicted = model.execute(box.s, bytes, readLength);
  box.authorised ||= box.s.verified || predicted.model.verified;
  box.s = predicted.model;
  const where = `${hexOf(bytes)}${readLength === undefined ? '' : ` /${readLength}`}`;
  let response;
  try {
    response = await real.card.execute({ bytes: Uint8Array.from(bytes), ...(readLength === undefined ? {} : { readLength }) });
  } catch (error) {
    if (predicted.answer.mute && error instanceof CardMuteError) return;
    throw error;
  }
  if (predicted.answer.mute) fail(`${where}: the card answered, the model predicts power lost in this command`);
  checkBytes(response.data, Uint8Array.from(predicted.answer.data), `${where}: data`);
  checkEqual(response.busyMicros, predicted.answer.busyMicros, `${where}: busyMicros`);
  checkEqual(response.acknowledged, true, `${where}: acknowledged`);
}

/** Reads EC and protection from the card, compares with the model and checks the invariants. */
async function observe(box: Box, real: Real): Promise<void> {
  if (!box.s.powered) return;
  const security = (await real.card.execute({ bytes: Uint8Array.of(0x31, 0, 0) })).data;
  const protection = (await real.card.execute({ bytes: Uint8Array.of(0x34, 0, 0) })).data;
  checkBytes(security, Uint8Array.from(model.securityBytes(box.s)), 'security memory');
  checkBytes(protection, Uint8Array.from(model.protectionBytes(box.s)), 'protection memory');
  const counter = security[0]!;
  if (counter & ~box.seenCounter & 7 && !box.authorised) fail(`error counter rose ${box.seenCounter} -> ${counter} without the right PSC`);
  if (box.lockedSeen && counter !== 0) fail(`a locked card (EC 000) shows EC ${counter}`);
  box.seenProtection.forEach((before, k) => {
    if (~before & protection[k]! & 0xff) fail(`protection byte ${k} went ${before} -> ${protection[k]}: a protection bit returned to 1`);
  });
  box.seenCounter = counter;
  box.authorised = box.s.verified;
  box.seenProtection = Array.from(protection);
  // Locked = EC 000 with no attempt open (an attempt opened by the last bit may still succeed).
  if (counter === 0 && !box.s.verified && box.s.matched === null) box.lockedSeen = true;
}

/** A chip command whose bytes may depend on the model at run time (the right PSC byte, the current main byte). */
class ChipCmd implements Cmd {
  private sent = '';
  constructor(
    private readonly label: string,
    private readonly make: (s: model.Sle4442Model) => number[],
    private readonly readLength?: number,
  ) {}
  check = (m: Readonly<Box>): boolean => m.s.powered;
  async run(m: Box, r: Real): Promise<void> {
    const bytes = this.make(m.s);
    this.sent = hexOf(bytes) + (this.readLength === undefined ? '' : ` /${this.readLength}`);
    await exchange(m, r, bytes, this.readLength);
    await observe(m, r);
  }
  toString = (): string => this.sent || this.label;
}

/**
 * The datasheet's PSC procedure as a host runs it, with the right code, a random wrong one, or the
 * right one with a single byte flipped (`flip` = [byte index, XOR mask]: a near miss that only a chip
 * comparing every byte rejects). [SLE4442 §2.4]
 */
class PresentPsc implements Cmd {
  private sent: string[] = [];
  constructor(
    private readonly wrong: readonly number[] | null,
    private readonly flip?: readonly [number, number],
  ) {}
  check = (m: Readonly<Box>): boolean => m.s.powered;
  async run(m: Box, r: Real): Promise<void> {
    const flip = this.flip;
    const code = flip
      ? m.s.psc.map((b, i) => (i === flip[0] ? b ^ flip[1] : b))
      : this.wrong && this.wrong.some((b, i) => b !== m.s.psc[i])
        ? this.wrong
        : m.s.psc;
    const counter = m.s.counter;
    const cleared = counter & 4 ? counter & 3 : counter & 2 ? counter & 1 : 0;
    const steps = [[0x39, 0, cleared], ...code.map((b, i) => [0x33, i + 1, b]), [0x39, 0, 0xff]];
    this.sent = [];
    for (const bytes of steps) {
      if (!m.s.powered) break;
      this.sent.push(hexOf(bytes));
      await exchange(m, r, bytes);
    }
    await observe(m, r);
  }
  toString = (): string => `PSC[${this.sent.join(' · ') || (this.flip ? 'near miss' : this.wrong ? 'wrong' : 'right')}]`;
}

class PowerOn implements Cmd {
  check = (m: Readonly<Box>): boolean => !m.s.powered;
  async run(m: Box, r: Real): Promise<void> {
    m.s = model.powerOn(m.s);
    checkBytes(await r.card.powerOn(), Uint8Array.from(model.atr(m.s)), 'answer to reset');
    await observe(m, r);
  }
  toString = (): string => 'power-on';
}

class PowerOff implements Cmd {
  check = (m: Readonly<Box>): boolean => m.s.powered;
  async run(m: Box, r: Real): Promise<void> {
    m.s = model.powerOff(m.s);
    await r.card.powerOff();
    try {
      await r.card.execute({ bytes: Uint8Array.of(0x30, 0, 0), readLength: 1 });
    } catch (error) {
      if (error instanceof CardMuteError) return;
      throw error;
    }
    fail('an unpowered card answered 30 00 00');
  }
  toString = (): string => 'power-off';
}

class Reset implements Cmd {
  check = (m: Readonly<Box>): boolean => m.s.powered;
  async run(m: Box, r: Real): Promise<void> {
    m.s = model.warmReset(m.s);
    checkBytes(await r.card.reset(), Uint8Array.from(model.atr(m.s)), 'answer to reset');
    await observe(m, r);
  }
  toString = (): string => 'reset';
}

class CutPowerAfter implements Cmd {
  constructor(private readonly cycles: number) {}
  check = (m: Readonly<Box>): boolean => m.canCutPower;
  async run(m: Box, r: Real): Promise<void> {
    m.s = model.armPowerLoss(m.s, this.cycles);
    r.card.faults!.powerLossAfter(this.cycles);
  }
  toString = (): string => `power-loss-after ${this.cycles}`;
}

const byte = fc.integer({ min: 0, max: 255 });
const counterData = fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xff);
const known = new Set<number>(Object.values(SLE4442_CONTROL));

const commandArbitraries: fc.Arbitrary<Cmd>[] = [
  fc.tuple(fc.nat(255), fc.option(fc.nat(300), { nil: undefined })).map(([a, n]) => new ChipCmd('read main', () => [0x30, a, 0], n)),
  fc.option(fc.nat(6), { nil: undefined }).map((n) => new ChipCmd('read protection', () => [0x34, 0, 0], n)),
  fc.option(fc.nat(6), { nil: undefined }).map((n) => new ChipCmd('read security', () => [0x31, 0, 0], n)),
  fc.tuple(fc.oneof(fc.nat(40), fc.nat(255)), byte).map(([a, d]) => new ChipCmd('update main', () => [0x38, a, d])),
  fc
    .tuple(fc.nat(35), fc.boolean())
    .map(([a, same]) => new ChipCmd('write protection', (s) => [0x3c, a, same ? (s.main[a] ?? 0) : a ^ 0x5a])),
  fc.tuple(fc.nat(4), fc.oneof(counterData, byte)).map(([a, d]) => new ChipCmd('update security', () => [0x39, a, d])),
  fc
    .tuple(fc.nat(4), fc.boolean(), byte)
    .map(([i, right, d]) => new ChipCmd('compare', (s) => [0x33, i, right ? (s.psc[i - 1] ?? d) : d])),
  byte.filter((c) => !known.has(c)).map((c) => new ChipCmd('unknown control', () => [c, 0, 0])),
  fc.option(fc.array(byte, { minLength: 3, maxLength: 3 }), { nil: null, freq: 2 }).map((wrong) => new PresentPsc(wrong)),
  fc.tuple(fc.nat(2), fc.integer({ min: 1, max: 255 })).map((flip) => new PresentPsc(null, flip)),
  fc.constant(new PowerOn()),
  fc.constant(new PowerOff()),
  fc.constant(new Reset()),
  fc.nat(3).map((n) => new CutPowerAfter(n)),
];

/**
 * Random command sequences — PSC attacks with wrong and right codes, reads, writes, protection,
 * power cycles, resets and power loss — checked step by step against the reference model.
 */
export function sle4442Property(target: CardTarget): fc.IAsyncPropertyWithHooks<[number[], Iterable<Cmd>]> {
  const secret = fc.oneof(fc.constant<number[]>([0xff, 0xff, 0xff]), fc.array(byte, { minLength: 3, maxLength: 3 }));
  return fc.asyncProperty(secret, fc.commands(commandArbitraries, { size: '+1' }), async (psc, commands) => {
    const setup = async () => {
      const card = await target.newCard({ secret: Uint8Array.from(psc), timing: true });
      const s = model.powerOn(model.freshModel(psc, true));
      checkBytes(await card.powerOn(), Uint8Array.from(model.atr(s)), 'answer to reset');
      const box: Box = {
        s,
        canCutPower: card.faults !== undefined,
        seenCounter: 7,
        seenProtection: model.protectionBytes(s),
        lockedSeen: false,
        authorised: false,
      };
      return { model: box, real: { card } };
    };
    await fc.asyncModelRun(setup, commands);
  });
}
