import { VirtualClock } from '../../../src/core/clock.ts';
import {
  ERROR_COUNTER_ADDRESS,
  comparePscByte,
  eraseErrorCounter,
  protectWithCompareByte,
  readMain,
  writeAndProtectByte,
  writeByte,
  writeErrorCounter,
} from '../../../src/cards/sle4428/commands.ts';
import { check, checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, freshCard, type CardTarget } from '../target.ts';
import { counter, expectMute, poweredCard, read8, read9, verify } from './helpers.ts';

const fresh = CARD_CAPABILITY.freshCard;
const TIMES = 'IS23SC4428 Features (5 ms programming time); "Write/erase data byte" (203 clocks erase+write, 103 write or erase only, f < 20 kHz)';
const TEARING = 'cards_readers §1.1 (no anti-tearing documented); simulators/cards/common/eeprom.ts (power-loss rule)';

export const powerCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4428-TIME-001',
    clause: TIMES,
    title: 'processing time: erase+write 10 ms, write only 5 ms, erase only 5 ms, nothing to do 0',
    tags: ['timing', 'write'],
    requires: [fresh, CARD_CAPABILITY.timing],
    async run(context) {
      const card = await poweredCard(context, { timing: true, clock: new VirtualClock() });
      await verify(card, context.target.defaultSecret);
      const busy = async (value: number): Promise<number> => (await card.execute(writeByte(0x80, value))).busyMicros;
      checkEqual(await busy(0xf0), 5000, 'FF -> F0 (write only)');
      checkEqual(await busy(0x0f), 10000, 'F0 -> 0F (erase + write)');
      checkEqual(await busy(0xff), 5000, '0F -> FF (erase only)');
      checkEqual(await busy(0xff), 0, 'FF -> FF (nothing)');
    },
  },
  {
    id: 'SLE4428-TIME-002',
    clause: `${TIMES}; IchMarcel sle4428.c (counter write 103 clocks, compare 3 clocks)`,
    title: 'processing time of counter write, compare, protect, refused write and reads',
    tags: ['timing'],
    requires: [fresh, CARD_CAPABILITY.timing],
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context, { timing: true, clock: new VirtualClock() });
      checkEqual((await card.execute(writeByte(0x80, 0x00))).busyMicros, 0, 'refused write (no PSC)');
      checkEqual((await card.execute(writeErrorCounter(0xfe))).busyMicros, 5000, 'WRITE_COUNTER');
      checkEqual((await card.execute(comparePscByte(0, psc[0] ?? 0))).busyMicros, 0, 'COMPARE 3FE');
      await card.execute(comparePscByte(1, psc[1] ?? 0));
      checkEqual((await card.execute(eraseErrorCounter())).busyMicros, 5000, 'erase counter (erase only)');
      checkEqual((await card.execute(writeByte(0x81, 0x55))).busyMicros, 5000, 'FF -> 55');
      checkEqual((await card.execute(protectWithCompareByte(0x81, 0x55))).busyMicros, 5000, 'PROTECT_COMPARE');
      checkEqual((await card.execute(writeAndProtectByte(0x82, 0x00))).busyMicros, 5000, 'WRITE_PROTECT FF -> 00');
      checkEqual((await card.execute(readMain(0))).busyMicros, 0, 'READ_8');
    },
  },
  {
    id: 'SLE4428-TIME-003',
    clause: 'CardOptions.timing (timing model can be switched off)',
    title: 'with the timing model off every command takes no time',
    tags: ['timing'],
    requires: [fresh],
    async run(context) {
      const card = await poweredCard(context, { timing: false });
      await verify(card, context.target.defaultSecret);
      checkEqual((await card.execute(writeByte(0x80, 0x0f))).busyMicros, 0, 'write with timing off');
    },
  },
  {
    id: 'SLE4428-PWR-001',
    clause: 'SynchronousCard.execute (an unpowered card does not answer)',
    title: 'a card that is not powered does not answer',
    tags: ['power'],
    requires: [fresh],
    async run(context) {
      const card = await freshCard(context);
      await expectMute(card.execute(readMain(0, 1)), 'READ_8 before power-on');
      await card.powerOn();
      await card.powerOff();
      await expectMute(card.execute(readMain(0, 1)), 'READ_8 after power-off');
      await expectMute(card.reset(), 'warm reset after power-off');
    },
  },
  {
    id: 'SLE4428-PWR-002',
    clause: TEARING,
    title: 'power lost in an erase+write leaves the byte erased (FF); in a write-only cycle, unchanged',
    tags: ['power', 'tearing'],
    requires: [fresh, CARD_CAPABILITY.powerLoss],
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      await verify(card, psc);
      await card.execute(writeByte(0x90, 0x0f));
      await card.execute(writeByte(0x91, 0xf0));
      check(card.faults !== undefined, 'target offers power loss');
      card.faults.powerLossAfter(0);
      await expectMute(card.execute(writeByte(0x90, 0xf0)), 'erase+write cut');
      await card.powerOn();
      await verify(card, psc);
      card.faults.powerLossAfter(0);
      await expectMute(card.execute(writeByte(0x91, 0x30)), 'write-only cut');
      await card.powerOn();
      checkBytes(await read8(card, 0x90, 2), Uint8Array.of(0xff, 0xf0), 'bytes 090..091');
    },
  },
  {
    id: 'SLE4428-PWR-003',
    clause: `${TEARING}; ACR38 §9.3.5`,
    title: 'power lost while the counter bit is written: counter unchanged, session lost',
    tags: ['power', 'tearing', 'counter'],
    requires: [fresh, CARD_CAPABILITY.powerLoss],
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      check(card.faults !== undefined, 'target offers power loss');
      card.faults.powerLossAfter(0);
      await expectMute(card.execute(writeErrorCounter(0xfe)), 'WRITE_COUNTER cut');
      await card.powerOn();
      checkEqual(await counter(card), 0xff, 'counter after the cut write');
      await card.execute(comparePscByte(0, psc[0] ?? 0));
      await card.execute(comparePscByte(1, psc[1] ?? 0));
      await card.execute(writeByte(0x40, 0x12));
      checkBytes(await read8(card, 0x40, 1), Uint8Array.of(0xff), 'no access from the cut attempt');
    },
  },
  {
    id: 'SLE4428-PWR-004',
    clause: TEARING,
    title: 'power lost while the counter is erased after the right code: the counter reads FF',
    tags: ['power', 'tearing', 'counter'],
    requires: [fresh, CARD_CAPABILITY.powerLoss],
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      await card.execute(writeErrorCounter(0xfe));
      await card.execute(comparePscByte(0, psc[0] ?? 0));
      await card.execute(comparePscByte(1, psc[1] ?? 0));
      check(card.faults !== undefined, 'target offers power loss');
      card.faults.powerLossAfter(0);
      await expectMute(card.execute(eraseErrorCounter()), 'counter erase cut');
      await card.powerOn();
      checkBytes(await read8(card, ERROR_COUNTER_ADDRESS, 1), Uint8Array.of(0xff), 'counter');
    },
  },
  {
    id: 'SLE4428-PWR-005',
    clause: `${TEARING}; IS23SC4428 "Write/erase data byte with protect bit"`,
    title: 'power lost in the protect-bit cycle of WRITE_PROTECT: data written, byte not protected',
    tags: ['power', 'tearing', 'protection'],
    requires: [fresh, CARD_CAPABILITY.powerLoss],
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      await verify(card, psc);
      check(card.faults !== undefined, 'target offers power loss');
      card.faults.powerLossAfter(1);
      await expectMute(card.execute(writeAndProtectByte(0xa0, 0x3c)), 'protect cycle cut');
      await card.powerOn();
      const { data, protectedFlags } = await read9(card, 0xa0, 1);
      checkBytes(data, Uint8Array.of(0x3c), 'byte 0A0');
      checkEqual(protectedFlags[0] ?? true, false, 'protect bit of 0A0');
    },
  },
];
