import { PSC_ADDRESS, protectWithCompareByte, writeAndProtectByte, writeByte } from '../../../src/cards/sle4428/commands.ts';
import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { counter, poweredCard, pscProcedure, read8, read9, verify, wrongCode } from './helpers.ts';

const fresh = [CARD_CAPABILITY.freshCard];
const PROTECT = 'IS23SC4428 Description (protect bits one-time programmable; enabled = 0; protected bytes never change)';

export const writeCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4428-WRITE-001',
    clause: 'IS23SC4428 "Write/erase data byte without protect bit" (erase and write as needed)',
    title: 'after verification WRITE sets any value: 5A, then A5 (erase+write), 00, FF (erase only)',
    tags: ['write'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      for (const value of [0x5a, 0xa5, 0x00, 0xff]) {
        await card.execute(writeByte(0x123, value));
        checkBytes(await read8(card, 0x123, 1), Uint8Array.of(value), `byte 123 after WRITE ${value.toString(16)}`);
      }
    },
  },
  {
    id: 'SLE4428-WRITE-002',
    clause: 'IS23SC4428 "Write/erase data byte with protect bit"',
    title: 'WRITE_PROTECT writes the byte and sets its protect bit; the byte is then frozen',
    tags: ['write', 'protection'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      await card.execute(writeAndProtectByte(0x200, 0x42));
      const { data, protectedFlags } = await read9(card, 0x200, 1);
      checkBytes(data, Uint8Array.of(0x42), 'byte 200');
      checkEqual(protectedFlags[0] ?? false, true, 'protect bit of 200');
      await card.execute(writeByte(0x200, 0x00));
      await card.execute(writeAndProtectByte(0x200, 0xff));
      checkBytes(await read8(card, 0x200, 1), Uint8Array.of(0x42), 'byte 200 after two more writes');
    },
  },
  {
    id: 'SLE4428-WRITE-003',
    clause: `${PROTECT}; factory header (cards_readers §1.2, yktchina §8)`,
    title: 'writes to the factory-protected header are refused even after verification',
    tags: ['write', 'protection'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      const before = await read8(card, 0, 8);
      for (let a = 0; a < 8; a++) await card.execute(writeByte(a, 0x00));
      checkBytes(await read8(card, 0, 8), before, 'bytes 000..007 after WRITE 00 to each');
    },
  },
  {
    id: 'SLE4428-PROT-001',
    clause: `${PROTECT} (write protect bit with data comparison)`,
    title: 'PROTECT_COMPARE with the stored value sets the protect bit and leaves the data',
    tags: ['protection'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      await card.execute(writeByte(0x300, 0x77));
      await card.execute(protectWithCompareByte(0x300, 0x77));
      const { data, protectedFlags } = await read9(card, 0x300, 1);
      checkBytes(data, Uint8Array.of(0x77), 'byte 300');
      checkEqual(protectedFlags[0] ?? false, true, 'protect bit of 300');
    },
  },
  {
    id: 'SLE4428-PROT-002',
    clause: `${PROTECT} (the bit is written only when the data match)`,
    title: 'PROTECT_COMPARE with a different value leaves the protect bit at 1',
    tags: ['protection'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      await card.execute(writeByte(0x301, 0x77));
      await card.execute(protectWithCompareByte(0x301, 0x76));
      await card.execute(writeByte(0x301, 0x11));
      const { data, protectedFlags } = await read9(card, 0x301, 1);
      checkEqual(protectedFlags[0] ?? true, false, 'protect bit of 301');
      checkBytes(data, Uint8Array.of(0x11), 'byte 301 still writable');
    },
  },
  {
    id: 'SLE4428-PROT-003',
    clause: `${PROTECT} (PROM: cannot be erased)`,
    title: 'a protect bit survives power-off, and no command of any code clears it',
    tags: ['protection'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      await card.execute(writeAndProtectByte(0x0f0, 0x99));
      await card.powerOff();
      await card.powerOn();
      await verify(card, context.target.defaultSecret);
      for (let control = 0; control < 0x40; control++) await card.execute({ bytes: Uint8Array.of(control, 0xf0, 0xff), readLength: 1 });
      const { data, protectedFlags } = await read9(card, 0x0f0, 1);
      checkBytes(data, Uint8Array.of(0x99), 'byte 0F0 after all 64 control codes');
      checkEqual(protectedFlags[0] ?? false, true, 'protect bit of 0F0');
    },
  },
  {
    id: 'SLE4428-PROT-004',
    clause: `${PROTECT}; yktchina §6 (PSC changed by writing 3FE/3FF)`,
    title: 'a protected PSC byte can no longer be changed',
    tags: ['protection', 'psc'],
    requires: fresh,
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      await verify(card, psc);
      await card.execute(protectWithCompareByte(PSC_ADDRESS, psc[0] ?? 0));
      await card.execute(writeByte(PSC_ADDRESS, (psc[0] ?? 0) ^ 0xff));
      checkBytes(await read8(card, PSC_ADDRESS, 2), psc, 'PSC after a write to the protected 3FE');
    },
  },
  {
    id: 'SLE4428-LOCK-001',
    clause: 'yktchina §5 (counter 0: readable only, no write, no further verification); ACR38 §9.3.5 (00 = locked)',
    title: '8 wrong codes lock the card: the right code then fails, nothing is writable, the PSC stays hidden',
    tags: ['lock', 'psc'],
    requires: fresh,
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      for (let i = 0; i < 8; i++) await pscProcedure(card, wrongCode(psc));
      checkEqual(await counter(card), 0x00, 'counter after 8 wrong codes');
      const { final } = await pscProcedure(card, psc);
      checkEqual(final, 0x00, 'counter after the right code on a locked card');
      await card.execute(writeByte(0x40, 0x12));
      checkBytes(await read8(card, 0x40, 1), Uint8Array.of(0xff), 'byte 040 after a write');
      checkBytes(await read8(card, PSC_ADDRESS, 2), Uint8Array.of(0, 0), 'PSC of a locked card');
      checkBytes(await read8(card, 0, 4), await card.reset(), 'memory still readable (ATR bytes)');
    },
  },
  {
    id: 'SLE4428-LOCK-002',
    clause: 'yktchina §5 (locked for good)',
    title: 'a locked card stays locked after power-off',
    tags: ['lock'],
    requires: fresh,
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      for (let i = 0; i < 8; i++) await pscProcedure(card, wrongCode(psc));
      await card.powerOff();
      await card.powerOn();
      checkEqual((await pscProcedure(card, psc)).final, 0x00, 'counter after the right code, next session');
    },
  },
];
