import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { Sle4442Card } from '../../../simulators/cards/sle4442/card.ts';
import { factoryMain } from '../../../simulators/cards/sle4442/factory.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { ReaderEmulator, type EmulatedSlot } from '../../../simulators/reader/reader-emulator.ts';
import { runSuite, type TargetBinding } from '../../../conformance/framework/runner.ts';
import type { CaseResult, SuiteReport } from '../../../conformance/framework/report.ts';
import { portBinding, type RealCardOptions } from '../../../conformance/reader/bindings/hardware.ts';
import { simBinding } from '../../../conformance/reader/bindings/sim.ts';
import { attemptsInClockOrder } from '../../../conformance/reader/memory-cards.ts';
import { READER_CAPABILITY, type ReaderTarget } from '../../../conformance/reader/target.ts';

/**
 * The memory-card cases where they touch a real card: the stated code presented first and never
 * again once refused, restores after a case stops part-way, protection only with --allow-protect,
 * the access register of an AT88SC153/1608 zone, the AT88SC102/1604 attempts counter, and reads
 * checked for content. The emulator stands for the real reader behind a port (no card control).
 */

const RUN = { suite: 'memory cases', seed: 4442, tool: { name: 'stbpay-test', version: '0' }, replay: 'npm test' };
const SLE4442_PSC = Uint8Array.of(0x12, 0x34, 0x56);

async function run(binding: TargetBinding<ReaderTarget>, idPrefixes: string[]): Promise<SuiteReport> {
  return runSuite([binding], { ...RUN, filter: { idPrefixes } });
}

const resultOf = (report: SuiteReport, id: string): CaseResult => report.results.find((r) => r.id === id) ?? expect.fail(`no result for ${id}`);
const notes = (result: CaseResult): string[] => result.evidence.filter((e) => e.kind === 'note').map((e) => e.text ?? '');
const sent = (result: CaseResult, pattern: RegExp): number => result.evidence.filter((e) => e.kind === 'sent' && pattern.test(e.bytes ?? '')).length;

/** An emulated reader holding `card`, reached through its port as a real reader would be. */
function realReader(card: ReturnType<ReturnType<typeof cardDefinition>['create']>, options: Partial<RealCardOptions> & { cardType: CardType }): { emulator: ReaderEmulator; binding: TargetBinding<ReaderTarget> } {
  const emulator = new ReaderEmulator();
  emulator.insert(0, card);
  const binding = portBinding(inProcessPort(emulator), { allowWrites: true, clock: new VirtualClock(), ...options });
  return { emulator, binding };
}

/** Talks to the card in slot 0 directly, below the suite (what a second tool on the bench would see). */
async function direct(slot: EmulatedSlot, ...apdus: number[][]): Promise<number[][]> {
  await slot.powerOn();
  const answers: number[][] = [];
  for (const apdu of apdus) answers.push(Array.from(await slot.transmit(Uint8Array.from(apdu))));
  return answers;
}

/** Rewrites slot 0's answers: `change` gets the APDU and the answer, and may answer without the card (by not calling `forward`). */
function bend(emulator: ReaderEmulator, change: (apdu: Uint8Array, forward: () => Promise<Uint8Array>) => Promise<Uint8Array>): void {
  const slot = emulator.slots[0]!;
  const original = slot.transmit.bind(slot);
  slot.transmit = (apdu) => change(apdu, () => original(apdu));
}

const SELECT_SLE4442 = [0xff, 0xa4, 0, 0, 1, 0x06];

describe('reader memory-card cases on a real card', function () {
  this.timeout(20_000);

  describe('the stated code (READER-<TYPE>-004 and the cases that present it)', () => {
    it('a wrong stated PSC: -004 presents it first, ends inconclusive, and no later case presents a code; the card loses one attempt, not two', async () => {
      const { emulator, binding } = realReader(cardDefinition('SLE4442').create({ timing: false, secret: SLE4442_PSC }), {
        cardType: 'SLE4442',
        code: Uint8Array.of(0x12, 0x34, 0x57),
      });
      const report = await run(binding, ['READER-SLE4442']);
      const present = resultOf(report, 'READER-SLE4442-004');
      expect(present.verdict).to.equal('inconclusive');
      expect(present.reason).to.match(/the stated code is wrong: the card answered 90 03 to it, 2 attempt\(s\) left/);
      expect(sent(present, /FF 20 00 00 03/)).to.equal(1);
      for (const id of ['READER-SLE4442-005', 'READER-SLE4442-006', 'READER-SLE4442-009']) {
        const result = resultOf(report, id);
        expect(result.verdict, id).to.equal('inconclusive');
        expect(result.reason, id).to.match(/stated PSC is wrong .* no case presents it again/);
        expect(sent(result, /FF 20/), id).to.equal(0);
      }
      // SLE4442 datasheet §2.4: one wrong presentation clears one of the three counter bits (07 → 03).
      const [, counter] = await direct(emulator.slots[0]!, SELECT_SLE4442, [0xff, 0xb1, 0, 0, 4]);
      expect(counter![0]).to.equal(0x03);
    });

    it('an answer to the stated code that is neither 90 <full> nor one attempt down fails the reader (90 00 from an SLE4428 with 8 attempts)', async () => {
      const report = await runSuite(
        [simBinding({ cardType: 'SLE4428', clock: new VirtualClock(), mutate: (e) => bend(e, async (apdu, forward) => (apdu[1] === 0x20 ? (await forward(), Uint8Array.of(0x90, 0x00)) : forward())) })],
        { ...RUN, filter: { idPrefixes: ['READER-SLE4428-004'] } },
      );
      const result = resultOf(report, 'READER-SLE4428-004');
      expect(result.verdict).to.equal('fail');
      expect(result.reason).to.match(/answer to the stated PSC .* expected 90 FF, got 90 00/);
    });
  });

  describe('restores after a case stops part-way', () => {
    it('-006: the read-back lies, the case fails and the original byte is written back all the same', async () => {
      const { emulator, binding } = realReader(cardDefinition('SLE4442').create({ timing: false, secret: SLE4442_PSC }), { cardType: 'SLE4442', code: SLE4442_PSC });
      let reads = 0;
      // The second read of byte 40h (the read-back) answers 00: the case stops before its own restore.
      bend(emulator, async (apdu, forward) => (apdu[1] === 0xb0 && apdu[3] === 0x40 && ++reads === 2 ? Uint8Array.of(0x00, 0x90, 0x00) : forward()));
      const result = resultOf(await run(binding, ['READER-SLE4442-006']), 'READER-SLE4442-006');
      expect(result.verdict).to.equal('fail');
      expect(result.reason).to.match(/byte 40 after the write/);
      expect(notes(result)).to.include('restored after the case stopped: WRITE the original FF back at 40 answered 90 00');
      const [, byte] = await direct(emulator.slots[0]!, SELECT_SLE4442, [0xff, 0xb0, 0, 0x40, 1]);
      expect(byte).to.deep.equal([0xff, 0x90, 0x00]);
    });

    it('-006: a restore that is refused leaves a note saying what the byte holds', async () => {
      const { emulator, binding } = realReader(cardDefinition('SLE4442').create({ timing: false, secret: SLE4442_PSC }), { cardType: 'SLE4442', code: SLE4442_PSC });
      let writes = 0;
      // The first write takes; every later one (the restore) is refused without reaching the card.
      bend(emulator, async (apdu, forward) => (apdu[1] === 0xd0 && ++writes > 1 ? Uint8Array.of(0x65, 0x81) : forward()));
      const result = resultOf(await run(binding, ['READER-SLE4442-006']), 'READER-SLE4442-006');
      expect(result.verdict).to.equal('fail');
      expect(notes(result)).to.include('NOT RESTORED: WRITE the original FF back at 40 answered 65 81; the card is left so: byte 40 reads A5 (it held FF before the case)');
    });

    it('-005: when presenting the new PSC fails, CHANGE_CODE back still runs and the stated PSC opens the card again', async () => {
      const { emulator, binding } = realReader(cardDefinition('SLE4442').create({ timing: false, secret: SLE4442_PSC }), { cardType: 'SLE4442', code: SLE4442_PSC });
      let presentations = 0;
      // The second presentation (the new code) is answered 90 03 by the reader alone.
      bend(emulator, async (apdu, forward) => (apdu[1] === 0x20 && ++presentations === 2 ? Uint8Array.of(0x90, 0x03) : forward()));
      const result = resultOf(await run(binding, ['READER-SLE4442-005']), 'READER-SLE4442-005');
      expect(result.verdict).to.equal('fail');
      expect(result.reason).to.match(/presenting the new code/);
      expect(notes(result)).to.include('restored after the case stopped: CHANGE_CODE back to the stated PSC answered 90 00');
      const [, answer] = await direct(emulator.slots[0]!, SELECT_SLE4442, [0xff, 0x20, 0, 0, 3, ...SLE4442_PSC]);
      expect(answer).to.deep.equal([0x90, 0x07]);
    });

    it('-005: when CHANGE_CODE back is refused, the note says the PSC is now the stated one XOR 5A (and it is)', async () => {
      const { emulator, binding } = realReader(cardDefinition('SLE4442').create({ timing: false, secret: SLE4442_PSC }), { cardType: 'SLE4442', code: SLE4442_PSC });
      let changes = 0;
      bend(emulator, async (apdu, forward) => (apdu[1] === 0xd2 && ++changes > 1 ? Uint8Array.of(0x65, 0x81) : forward()));
      const result = resultOf(await run(binding, ['READER-SLE4442-005']), 'READER-SLE4442-005');
      expect(result.verdict).to.equal('fail');
      expect(notes(result)).to.include(
        'NOT RESTORED: CHANGE_CODE back to the stated PSC answered 65 81; the card is left so: the PSC is now the stated PSC with every byte XOR 5A (CHANGE_CODE to it answered 90 00)',
      );
      const changed = SLE4442_PSC.map((b) => b ^ 0x5a);
      const [, answer] = await direct(emulator.slots[0]!, SELECT_SLE4442, [0xff, 0x20, 0, 0, 3, ...changed]);
      expect(answer).to.deep.equal([0x90, 0x07]);
    });
  });

  describe('protection (READER-<TYPE>-009) and --allow-protect', () => {
    /** An SLE4442 whose protection memory is all 1: no byte protected (a card the factory left open). */
    const openCard = (): Sle4442Card =>
      new Sle4442Card({ main: factoryMain(), protection: Uint8Array.of(0xff, 0xff, 0xff, 0xff), security: Uint8Array.of(0x07, ...SLE4442_PSC) }, { timing: false });

    it('without --allow-protect a card with no protected byte ends -009 inconclusive, and nothing is protected', async () => {
      const { emulator, binding } = realReader(openCard(), { cardType: 'SLE4442', code: SLE4442_PSC });
      const result = resultOf(await run(binding, ['READER-SLE4442-009']), 'READER-SLE4442-009');
      expect(result.verdict).to.equal('inconclusive');
      expect(result.reason).to.match(/no byte is protected; protecting byte 1F cannot be undone, so the case does it only with --allow-protect/);
      expect(sent(result, /FF D1/)).to.equal(0);
      const [, bits] = await direct(emulator.slots[0]!, SELECT_SLE4442, [0xff, 0xb2, 0, 0, 4]);
      expect(bits).to.deep.equal([0xff, 0xff, 0xff, 0xff, 0x90, 0x00]);
    });

    it('with the irreversible capability (--allow-protect) it protects byte 1F, sees the bits report it, and the write to it is refused', async () => {
      const { emulator, binding } = realReader(openCard(), { cardType: 'SLE4442', code: SLE4442_PSC });
      const allowed: TargetBinding<ReaderTarget> = {
        ...binding,
        capabilities: new Set([...binding.capabilities, READER_CAPABILITY.irreversible]),
        target: { ...binding.target, allowsIrreversible: true },
      };
      const result = resultOf(await run(allowed, ['READER-SLE4442-009']), 'READER-SLE4442-009');
      expect(result.verdict, result.reason).to.equal('pass');
      const [, bits] = await direct(emulator.slots[0]!, SELECT_SLE4442, [0xff, 0xb2, 0, 0, 4]);
      // Bit 7 of PROT4 is byte 1F (SLE4442 datasheet: bit 0 of PROT1 = byte 0); 0 = protected.
      expect(bits).to.deep.equal([0xff, 0xff, 0xff, 0x7f, 0x90, 0x00]);
    });
  });

  describe('AT88SC153 / AT88SC1608 user zone 0 (READER-<TYPE>-006)', () => {
    for (const [type, select, verify, writeAr] of [
      ['AT88SC153', 0x03, (code: Uint8Array) => [0xff, 0x20, 0, 0x01, 3, ...code], [0xff, 0xd3, 0, 0x18, 1, 0x7f]],
      ['AT88SC1608', 0x04, (code: Uint8Array) => [0xff, 0x20, 0, 0, 4, 0x07, ...code], [0xff, 0xd1, 0, 0x10, 1, 0x7f]],
    ] as const) {
      it(`${type}: a zone whose access register asks for the write password (WPE = 0) ends the write case inconclusive, nothing written`, async () => {
        const definition = cardDefinition(type);
        const { emulator, binding } = realReader(definition.create({ timing: false }), { cardType: type });
        // Personalise: the secure code, then AR0 = 7F (bit 7 WPE at 0).
        const answers = await direct(emulator.slots[0]!, [0xff, 0xa4, 0, 0, 1, select], [...verify(definition.defaultSecret)], [...writeAr]);
        expect(answers.slice(1)).to.deep.equal([[0x90, 0xff], [0x90, 0x00]]);
        const result = resultOf(await run(binding, [`READER-${type}-006`]), `READER-${type}-006`);
        expect(result.verdict).to.equal('inconclusive');
        expect(result.reason).to.match(/access register of user zone 0 reads 7F .*WPE: writing needs the write password/);
        expect(sent(result, /FF D0/)).to.equal(0);
      });
    }
  });

  describe('AT88SC102 / AT88SC1604 attempts counter (READER-<TYPE>-003)', () => {
    it('decodes SCAC first bit first: one wrong code leaves 3 of 4 attempts on an AT88SC102 (docs/cards/at88sc102.md: 7F FF reads FE FF)', async () => {
      const { emulator, binding } = realReader(cardDefinition('AT88SC102').create({ timing: false }), { cardType: 'AT88SC102', allowWrites: false });
      await direct(emulator.slots[0]!, [0xff, 0xa4, 0, 0, 1, 0x09], [0xff, 0x20, 0x08, 0x0a, 2, 0x00, 0x00]);
      const result = resultOf(await run(binding, ['READER-AT88SC102-003']), 'READER-AT88SC102-003');
      expect(result.verdict, result.reason).to.equal('pass');
      expect(notes(result)).to.include('SCAC FE FF: 3 of 4 attempt(s) left');
    });

    it('a reader sending the bits MSB first shows a spent bit after an unspent one, and fails', async () => {
      const { emulator, binding } = realReader(cardDefinition('AT88SC1604').create({ timing: false }), { cardType: 'AT88SC1604', allowWrites: false });
      await direct(emulator.slots[0]!, [0xff, 0xa4, 0, 0, 1, 0x0a], [0xff, 0x20, 0, 0, 2, 0x00, 0x00]);
      bend(emulator, async (apdu, forward) => {
        const answer = await forward();
        return apdu[1] === 0xb0 ? answer.map((b, i) => (i < answer.length - 2 ? reverse(b) : b)) : answer;
      });
      const result = resultOf(await run(binding, ['READER-AT88SC1604-003']), 'READER-AT88SC1604-003');
      expect(result.verdict).to.equal('fail');
      expect(result.reason).to.match(/SCAC 7F: .* a spent bit after an unspent one/);
    });

    it('attemptsInClockOrder: spent bits come first, bit 0 of the first byte first', () => {
      expect(attemptsInClockOrder(Uint8Array.of(0xff, 0xff), 4)).to.equal(4);
      expect(attemptsInClockOrder(Uint8Array.of(0xfe, 0xff), 4)).to.equal(3);
      expect(attemptsInClockOrder(Uint8Array.of(0xf0, 0xff), 4)).to.equal(0);
      expect(attemptsInClockOrder(Uint8Array.of(0x7f), 8)).to.equal(undefined);
      expect(attemptsInClockOrder(Uint8Array.of(0x00), 8)).to.equal(0);
    });
  });

  describe('reads and selects', () => {
    it('-002 fails a reader that answers 00 for every read, naming the documented bytes', async () => {
      const { emulator, binding } = realReader(cardDefinition('SLE4428').create({ timing: false }), { cardType: 'SLE4428', allowWrites: false });
      bend(emulator, async (apdu, forward) => {
        const answer = await forward();
        return apdu[1] === 0xb0 ? answer.map((b, i) => (i < answer.length - 2 ? 0 : b)) : answer;
      });
      const result = resultOf(await run(binding, ['READER-SLE4428-002']), 'READER-SLE4428-002');
      expect(result.verdict).to.equal('fail');
      expect(result.reason).to.match(/bytes 000-003, the chip's answer to reset: expected 92 23 10 91, read 00 00 00 00/);
    });

    it('without --allow-writes no select of another card type is sent: -001 selects its own type only, -010 is not applicable', async () => {
      const { binding } = realReader(cardDefinition('SLE4442').create({ timing: false }), { cardType: 'SLE4442', allowWrites: false });
      const report = await run(binding, ['READER-SLE4442-001', 'READER-SLE4442-010']);
      const select = resultOf(report, 'READER-SLE4442-001');
      expect(select.verdict).to.equal('pass');
      expect(sent(select, /FF A4 00 00 01 06/)).to.equal(2);
      expect(sent(select, /FF A4 00 00 01 (?!06)/)).to.equal(0);
      expect(resultOf(report, 'READER-SLE4442-010').reason).to.match(/target lacks writes/);
    });
  });
});

function reverse(byte: number): number {
  let reversed = 0;
  for (let i = 0; i < 8; i++) reversed |= ((byte >> i) & 1) << (7 - i);
  return reversed;
}
