import { CONTROL, SLE4428_ATR, encodeCommand, readMain, writeByte } from '../../../src/cards/sle4428/commands.ts';
import { check, checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { poweredCard, read8, read9, verify } from './helpers.ts';

const fresh = [CARD_CAPABILITY.freshCard];

export const readCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4428-ATR-001',
    clause: 'cards_readers §1.2; ISO/IEC 7816-10 (H1 92: 3-wire protocol; H2 23: 1024 x 8 bit, read to end)',
    title: 'answer to reset is 92 23 10 91 on power-on and on warm reset',
    tags: ['atr'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await card.powerOff();
      checkBytes(await card.powerOn(), SLE4428_ATR, 'ATR after power-on');
      checkBytes(await card.reset(), SLE4428_ATR, 'ATR after warm reset');
    },
  },
  {
    id: 'SLE4428-ATR-002',
    clause: 'cards_readers §1.2 (ATR = memory bytes 0..3, factory-protected header; yktchina §8)',
    title: 'the ATR bytes are memory bytes 0..3 and are write-protected',
    tags: ['atr', 'protection'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      checkBytes(await read8(card, 0, 4), SLE4428_ATR, 'READ_8 at 000');
      const { protectedFlags } = await read9(card, 0, 4);
      check(protectedFlags.every(Boolean), `protect flags of 000..003: ${protectedFlags.join(', ')}`);
    },
  },
  {
    id: 'SLE4428-READ-001',
    clause: 'IS23SC4428 "Read 8-bits data"; ISO/IEC 7816-10 H2 b7 = 0 (read to end)',
    title: 'READ_8 outputs from the address to the end of memory',
    tags: ['read'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual((await card.execute(readMain(0x3f0))).data.length, 16, 'bytes offered from 3F0');
      checkEqual((await card.execute(readMain(0x000))).data.length, 1024, 'bytes offered from 000');
      checkEqual((await card.execute(readMain(0x3ff))).data.length, 1, 'bytes offered from 3FF');
    },
  },
  {
    id: 'SLE4428-READ-002',
    clause: 'IS23SC4428 "Read 9-bits data with protect bit"; docs/cards/sle4428.md (2 bytes per address)',
    title: 'READ_9 gives each byte followed by its protect bit (00 protected, 01 writable), to the end of memory',
    tags: ['read', 'protection'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      const header = (await card.execute(encodeCommand(CONTROL.READ_9, 0, 0, 4))).data;
      checkBytes(header, Uint8Array.of(0x92, 0x00, 0x23, 0x00), 'READ_9 at 000, 4 bytes');
      const free = (await card.execute(encodeCommand(CONTROL.READ_9, 0x100, 0, 2))).data;
      checkBytes(free, Uint8Array.of(0xff, 0x01), 'READ_9 at 100 of a blank byte');
      checkEqual((await card.execute(encodeCommand(CONTROL.READ_9, 0x3f8))).data.length, 16, 'bytes offered from 3F8');
    },
  },
  {
    id: 'SLE4428-READ-003',
    clause: 'SynchronousCard.readLength; IS23SC4428 (the host ends outgoing data by its clocks)',
    title: 'the host stops a read early by clocking fewer bytes',
    tags: ['read'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual((await card.execute(readMain(0x10, 3))).data.length, 3, 'READ_8 with 3 bytes clocked');
      checkEqual((await card.execute(readMain(0x10, 0))).data.length, 0, 'READ_8 with no byte clocked');
      checkEqual((await card.execute(readMain(0x3fe, 10))).data.length, 2, 'READ_8 at 3FE asking 10 bytes');
    },
  },
  {
    id: 'SLE4428-READ-004',
    clause: 'IS23SC4428 command frame (S0..S5 A8 A9, A0..A7, D0..D7); sqf-ice sle4428.c sendcmd',
    title: 'address bits A9 A8 travel in the top two bits of the control byte',
    tags: ['read', 'write', 'addressing'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      await card.execute(writeByte(0x2ab, 0x3c));
      checkBytes((await card.execute({ bytes: Uint8Array.of(0x8e, 0xab, 0x00), readLength: 1 })).data, Uint8Array.of(0x3c), 'read 8E AB (2AB)');
      const low = (await card.execute({ bytes: Uint8Array.of(0x0e, 0xab, 0x00), readLength: 1 })).data;
      checkBytes(low, Uint8Array.of(0xff), 'read 0E AB (0AB) of a blank card');
    },
  },
];
