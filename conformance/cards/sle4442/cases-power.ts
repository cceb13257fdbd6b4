import * as cmd from '../../../src/cards/sle4442/commands.ts';
import { checkBytes, checkEqual, fail, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, freshCard, type CardTarget, type TestCard } from '../target.ts';
import {
  CASE_PSC,
  checkProtectedBit,
  errorCounter,
  expectMute,
  FREE,
  NEEDS_CARD,
  NEEDS_POWER_LOSS,
  poweredCard,
  readMain,
  readProtection,
  send,
  verifyOrFail,
  writeAndRead,
} from './case-helpers.ts';

const TEARING = 'SLE4442 datasheet: no anti-tearing; an interrupted write cycle leaves the cell as it was (stbpay EEPROM model, docs/cards/sle4442.md)';

function cutAfter(card: TestCard, cycles: number): void {
  if (!card.faults) fail('the target offers power loss but its card has no faults');
  card.faults.powerLossAfter(cycles);
}

export const powerCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4442-PWR-001',
    clause: 'SLE4442 §2.4 (write/erase access "as long as the operating voltage is applied")',
    title: 'the verification ends at power-off',
    tags: ['power', 'psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      await card.powerOff();
      await card.powerOn();
      checkEqual(await writeAndRead(card, FREE, 0x11), 0xff, 'main byte after a power cycle');
    },
  },
  {
    id: 'SLE4442-PWR-002',
    clause: 'SLE4442 §2.4 (access lasts while powered; a reset does not remove the voltage)',
    title: 'the verification survives a warm reset',
    tags: ['power', 'psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      await card.reset();
      checkEqual(await writeAndRead(card, FREE, 0x22), 0x22, 'main byte after a reset');
    },
  },
  {
    id: 'SLE4442-PWR-003',
    clause: 'stbpay SynchronousCard contract: an unpowered card does not answer',
    title: 'an unpowered card is mute',
    tags: ['power'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await freshCard(context, { secret: CASE_PSC });
      for (const step of ['before power-on', 'after power-off']) {
        await expectMute(send(card, [0x30, 0x00, 0x00], 4), `READ MAIN ${step}`);
        await card.powerOn();
        await card.powerOff();
      }
    },
  },
  {
    id: 'SLE4442-PWR-004',
    clause: `${TEARING}; SLE4442 §2.4 (the counter-bit write is a write-only cycle)`,
    title: 'power lost during the counter-bit write leaves the counter unchanged (tearing)',
    tags: ['power', 'power-loss', 'psc'],
    requires: NEEDS_POWER_LOSS,
    async run(context) {
      const card = await poweredCard(context);
      cutAfter(card, 0);
      await expectMute(send(card, [0x39, 0x00, 0x03]), '39 00 03');
      await card.powerOn();
      checkEqual(await errorCounter(card), 0x07, 'EC after the torn counter write');
      checkEqual(await writeAndRead(card, FREE, 0x11), 0xff, 'main byte (no access gained)');
    },
  },
  {
    id: 'SLE4442-PWR-005',
    clause: `${TEARING}; SLE4442 datasheet: a data change is an erase and/or a write`,
    title: 'power lost in UPDATE MAIN: a byte that needed erasing is left FF, a write-only change leaves the old byte',
    tags: ['power', 'power-loss', 'write'],
    requires: NEEDS_POWER_LOSS,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      checkEqual(await writeAndRead(card, FREE, 0x55), 0x55, 'byte before the cut');
      cutAfter(card, 0);
      await expectMute(card.execute(cmd.updateMain(FREE, 0xaa)), '38 40 AA (erase + write)');
      await card.powerOn();
      checkBytes(await readMain(card, FREE, 1), Uint8Array.of(0xff), 'byte after a cut erase+write');
      await verifyOrFail(card);
      checkEqual(await writeAndRead(card, FREE, 0x55), 0x55, 'byte rewritten');
      cutAfter(card, 0);
      await expectMute(card.execute(cmd.updateMain(FREE, 0x14)), '38 40 14 (write only)');
      await card.powerOn();
      checkBytes(await readMain(card, FREE, 1), Uint8Array.of(0x55), 'byte after a cut write-only change');
    },
  },
  {
    id: 'SLE4442-PWR-006',
    clause: `${TEARING}; SLE4442 datasheet: the protection bit is PROM (write only)`,
    title: 'power lost while programming a protection bit leaves the byte unprotected',
    tags: ['power', 'power-loss', 'protection'],
    requires: NEEDS_POWER_LOSS,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      cutAfter(card, 0);
      await expectMute(card.execute(cmd.writeProtection(0x10, 0xff)), '3C 10 FF');
      await card.powerOn();
      checkProtectedBit(await readProtection(card), 0x10, false, 'after the cut');
    },
  },
  {
    id: 'SLE4442-PWR-007',
    clause: `${TEARING}; one programming cycle per byte`,
    title: 'power lost after N programmed bytes: the first N bytes are written, the rest untouched',
    tags: ['power', 'power-loss', 'write'],
    requires: NEEDS_POWER_LOSS,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      cutAfter(card, 2);
      await card.execute(cmd.updateMain(FREE, 0x01));
      await card.execute(cmd.updateMain(FREE + 1, 0x02));
      await expectMute(card.execute(cmd.updateMain(FREE + 2, 0x03)), 'third byte');
      await card.powerOn();
      checkBytes(await readMain(card, FREE, 4), Uint8Array.of(0x01, 0x02, 0xff, 0xff), 'bytes after the cut');
    },
  },
  {
    id: 'SLE4442-TIME-001',
    clause: 'SLE4432/SLE4442 datasheet: features ("programming time 2.5 ms per byte for both erasing and writing")',
    title: 'busy times: write 2.5 ms, erase 2.5 ms, erase + write 5 ms, reads and compares 0',
    tags: ['timing'],
    requires: [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.timing],
    async run(context) {
      const card = await poweredCard(context, { timing: true });
      const busy = async (bytes: number[]): Promise<number> => (await send(card, bytes)).busyMicros;
      checkEqual(await busy([0x31, 0, 0]), 0, 'READ SECURITY');
      checkEqual(await busy([0x39, 0x00, 0x03]), 2500, 'counter-bit write');
      for (const [i, b] of CASE_PSC.entries()) checkEqual(await busy([0x33, i + 1, b]), 0, `compare ${i + 1}`);
      checkEqual(await busy([0x39, 0x00, 0xff]), 2500, 'counter erase');
      checkEqual(await busy([0x38, FREE, 0x55]), 2500, 'FF → 55 (write only)');
      checkEqual(await busy([0x38, FREE, 0xaa]), 5000, '55 → AA (erase + write)');
      checkEqual(await busy([0x38, FREE, 0xff]), 2500, 'AA → FF (erase only)');
      checkEqual(await busy([0x3c, 0x10, 0xff]), 2500, 'protection bit');
      checkEqual(await busy([0x30, 0, 0]), 0, 'READ MAIN');
    },
  },
  {
    id: 'SLE4442-TIME-002',
    clause: 'stbpay timing model: off, every cycle takes no time',
    title: 'with the timing model off every busy time is 0',
    tags: ['timing'],
    requires: [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.timing],
    async run(context) {
      const card = await poweredCard(context, { timing: false });
      const commands = [[0x39, 0x00, 0x03], ...[...CASE_PSC].map((b, i) => [0x33, i + 1, b]), [0x39, 0x00, 0xff], [0x38, FREE, 0x55], [0x38, FREE, 0xaa]];
      for (const bytes of commands) {
        checkEqual((await send(card, bytes)).busyMicros, 0, `busy time of ${bytes.map((b) => b.toString(16)).join(' ')}`);
      }
      checkEqual(await errorCounter(card), 0x07, 'EC (the procedure ran)');
    },
  },
];
