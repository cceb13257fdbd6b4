import { expect } from 'chai';
import fc from 'fast-check';
import { toHex } from '../../../src/core/hex.ts';
import { commandApdu } from '../../../src/reader/apdu.ts';
import type { CpuCardEmulator } from '../../../simulators/cards/cpu/index.ts';
import { poweredCard } from './fixture.ts';
import { CardModel, PIN, type Answer } from './model.ts';

interface Real {
  readonly card: CpuCardEmulator;
}

/** One step: the APDU sent to the card and the model's own handling of it; the answers must agree. */
class Step implements fc.AsyncCommand<CardModel, Real> {
  constructor(
    private readonly label: string,
    private readonly apdu: Uint8Array | 'power-cycle',
    private readonly onModel: (model: CardModel) => Answer,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: CardModel, real: Real): Promise<void> {
    if (this.apdu === 'power-cycle') {
      this.onModel(model);
      await real.card.powerOff();
      await real.card.powerOn();
      return;
    }
    const expected = this.onModel(model);
    const got = toHex(await real.card.transmit(this.apdu));
    const want = toHex(Uint8Array.of(...expected.data, expected.sw >> 8, expected.sw & 0xff));
    expect(got, `${this.label}: ${toHex(this.apdu)}`).to.equal(want);
  }

  toString(): string {
    return this.label;
  }
}

const fid = fc.constantFrom(0x3f00, 0x1001, 0x0001, 0x0002, 0x0003, 0x0004, 0x0015, 0x0018, 0x7777);
const sfi = fc.option(fc.constantFrom(1, 2, 3, 21, 24, 30), { nil: undefined });
const offset = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 250, max: 310 }));
const le = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(256));
const bytes = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 255 }), { minLength: min, maxLength: max });
const record = fc.integer({ min: 1, max: 6 });
const leByte = (n: number) => n & 0xff;

/**
 * UPDATE BINARY with the power armed to fail at its (cut+1)-th byte. When the model says the update
 * would succeed, the card must go mute and the model keeps the file as it was (anti-tearing) or
 * takes the first `cut` bytes (tear); when the model says it is refused, no byte is written and the
 * card answers the refusal.
 */
class CutUpdate implements fc.AsyncCommand<CardModel, Real> {
  constructor(
    private readonly sfi: number,
    private readonly offset: number,
    private readonly data: number[],
    private readonly cut: number,
    private readonly tear: boolean,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: CardModel, real: Real): Promise<void> {
    const probe = structuredClone(model.files.map((f) => f.body));
    const expected = model.updateBinary(this.sfi, this.offset, this.data);
    real.card.faults.powerLossAfter(this.cut, { tear: this.tear });
    const apdu = commandApdu(0, 0xd6, 0x80 | this.sfi, this.offset, Uint8Array.from(this.data));
    if (expected.sw !== 0x9000) {
      expect(toHex(await real.card.transmit(apdu))).to.equal(toHex(Uint8Array.of(expected.sw >> 8, expected.sw & 0xff)));
      real.card.faults.clear();
      return;
    }
    const error = await real.card.transmit(apdu).then(() => undefined, (e: unknown) => e);
    expect(error, `${this.toString()} should lose power`).to.have.property('code', 'STBPAY_ERR_CARD_MUTE');
    // Undo the model's full write, then apply what the fault leaves.
    model.files.forEach((f, i) => (f.body = probe[i]!));
    if (this.tear) model.updateBinary(this.sfi, this.offset, this.data.slice(0, this.cut));
    model.powerCycle();
    await real.card.powerOn();
    // Read the whole file back at once (SFI from the MF, Le 00), so what the cut left is checked here.
    const after = model.readBinary(this.sfi, 0, 256);
    const read = toHex(await real.card.transmit(commandApdu(0, 0xb0, 0x80 | this.sfi, 0, undefined, 0)));
    expect(read, `${this.toString()}, then READ BINARY`).to.equal(toHex(Uint8Array.of(...after.data, after.sw >> 8, after.sw & 0xff)));
  }

  toString(): string {
    return `UPDATE BINARY sfi=${this.sfi} off=${this.offset} ${toHex(Uint8Array.from(this.data))} cut after ${this.cut}${this.tear ? ' (tear)' : ''}`;
  }
}

const steps = [
  fid.map((f) => new Step(`SELECT ${f.toString(16)}`, commandApdu(0, 0xa4, 0, 0x0c, Uint8Array.of(f >> 8, f & 0xff)), (m) => m.select(f))),
  fc.tuple(sfi, offset, le).map(([s, o, n]) => {
    // With an SFI the offset is P2 alone (0–255); without, P1 bits 7–1 ‖ P2.
    const off = s === undefined ? o : o & 0xff;
    const [p1, p2] = s === undefined ? [off >> 8, off & 0xff] : [0x80 | s, off];
    return new Step(`READ BINARY sfi=${s} off=${off} ne=${n}`, commandApdu(0, 0xb0, p1, p2, undefined, leByte(n)), (m) => m.readBinary(s, off, n));
  }),
  fc.tuple(sfi, offset, bytes(1, 6)).map(([s, o, data]) => {
    const off = s === undefined ? o : o & 0xff;
    const [p1, p2] = s === undefined ? [off >> 8, off & 0xff] : [0x80 | s, off];
    return new Step(`UPDATE BINARY sfi=${s} off=${off}`, commandApdu(0, 0xd6, p1, p2, Uint8Array.from(data)), (m) => m.updateBinary(s, off, data));
  }),
  fc.tuple(sfi, record, le).map(([s, r, n]) =>
    new Step(`READ RECORD sfi=${s} #${r} ne=${n}`, commandApdu(0, 0xb2, r, ((s ?? 0) << 3) | 4, undefined, leByte(n)), (m) => m.readRecord(s, r, n)),
  ),
  fc.tuple(sfi, record, fc.oneof(bytes(4, 4), bytes(23, 23), bytes(1, 5))).map(([s, r, data]) =>
    new Step(`UPDATE RECORD sfi=${s} #${r}`, commandApdu(0, 0xdc, r, ((s ?? 0) << 3) | 4, Uint8Array.from(data)), (m) => m.updateRecord(s, r, data)),
  ),
  fc.oneof({ weight: 2, arbitrary: fc.constant(PIN) }, { weight: 1, arbitrary: bytes(1, 4) }).map((pin) =>
    new Step(`VERIFY ${toHex(Uint8Array.from(pin))}`, commandApdu(0, 0x20, 0, 0, Uint8Array.from(pin)), (m) => m.verify(pin)),
  ),
  fc.constant(new Step('VERIFY (status)', commandApdu(0, 0x20, 0, 0), (m) => m.verify(undefined))),
  fc.tuple(fc.constant(1), fc.integer({ min: 0, max: 20 }), bytes(2, 6), fc.boolean()).chain(([s, o, data, tear]) =>
    fc.integer({ min: 1, max: data.length - 1 }).map((cut) => new CutUpdate(s, o, data, cut, tear)),
  ),
  fc.constant(new Step('power cycle', 'power-cycle', (m) => (m.powerCycle(), { data: [], sw: 0x9000 }))),
];

describe('CPU card against a pure model of its file system and PIN counter (fc.commands)', () => {
  it('agrees on every answer over random command sequences, under T=1', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(steps, { maxCommands: 40 }), async (commands) => {
        const card = await poweredCard('T=1');
        await fc.asyncModelRun(() => ({ model: new CardModel(), real: { card } }), commands);
      }),
      { numRuns: 1000 },
    );
  });
});
