import * as cmd from '../../../src/cards/sle4442/commands.ts';
import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import type { CardTarget } from '../target.ts';
import {
  checkProtectedBit,
  FREE,
  NEEDS_CARD,
  poweredCard,
  readMain,
  readProtection,
  verifyOrFail,
  writeAndRead,
} from './case-helpers.ts';

/** A byte of the protected area that a blank card leaves unprotected. */
const OPEN_LOW = 0x10;

export const writeCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4442-WRITE-001',
    clause: 'SLE4442 §2.4 (before verification data other than the reference data can only be read)',
    title: 'UPDATE MAIN without a verified PSC changes nothing',
    tags: ['write', 'psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual(await writeAndRead(card, FREE, 0x55), 0xff, `byte ${FREE.toString(16)} after 38 without PSC`);
      checkEqual(await writeAndRead(card, OPEN_LOW, 0x00), 0xff, `byte ${OPEN_LOW.toString(16)} after 38 without PSC`);
    },
  },
  {
    id: 'SLE4442-WRITE-002',
    clause: 'SLE4442 datasheet: UPDATE MAIN MEMORY (38h) = erase and/or write as the old and new data need',
    title: 'after verification UPDATE MAIN sets any value, both ways (bits up and down)',
    tags: ['write'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      for (const value of [0x55, 0xaa, 0x00, 0xff, 0x3c]) checkEqual(await writeAndRead(card, FREE, value), value, `byte after writing ${value}`);
      checkEqual(await writeAndRead(card, 0xff, 0x12), 0x12, 'last byte (FF)');
      checkEqual(await writeAndRead(card, 0x20, 0x34), 0x34, 'first byte above the protected area');
    },
  },
  {
    id: 'SLE4442-WRITE-003',
    clause: 'SLE4442 datasheet: protection memory (bytes 0..31 writable while their protection bit is 1)',
    title: 'an unprotected byte of the low 32 can be written after verification',
    tags: ['write', 'protection'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      checkEqual(await writeAndRead(card, OPEN_LOW, 0x42), 0x42, `byte ${OPEN_LOW.toString(16)}`);
      checkEqual(await writeAndRead(card, 0x1f, 0x43), 0x43, 'byte 1F');
    },
  },
  {
    id: 'SLE4442-PROT-001',
    clause: 'SLE4442 datasheet: WRITE PROTECTION MEMORY (3Ch) compares the data with the main byte; on a match the protection bit is programmed to 0',
    title: 'write protection with matching data protects the byte; it then refuses every update',
    tags: ['protection'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      checkEqual(await writeAndRead(card, OPEN_LOW, 0x99), 0x99, 'byte before protection');
      checkEqual((await card.execute(cmd.writeProtection(OPEN_LOW, 0x99))).data.length, 0, '3C outputs nothing');
      checkProtectedBit(await readProtection(card), OPEN_LOW, true, 'after 3C with matching data');
      checkEqual(await writeAndRead(card, OPEN_LOW, 0x00), 0x99, 'protected byte after an update');
    },
  },
  {
    id: 'SLE4442-PROT-002',
    clause: 'SLE4442 datasheet: WRITE PROTECTION MEMORY (3Ch) only on a data match',
    title: 'write protection with data that does not match the byte changes nothing',
    tags: ['protection'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      const before = await readProtection(card);
      await card.execute(cmd.writeProtection(OPEN_LOW, 0x00));
      checkBytes(await readProtection(card), before, 'protection memory after 3C with other data');
      checkEqual(await writeAndRead(card, OPEN_LOW, 0x77), 0x77, 'byte still writable');
    },
  },
  {
    id: 'SLE4442-PROT-003',
    clause: 'SLE4442 §2.4 (no write access before verification)',
    title: 'write protection without a verified PSC changes nothing',
    tags: ['protection', 'psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      const before = await readProtection(card);
      await card.execute(cmd.writeProtection(OPEN_LOW, 0xff));
      checkBytes(await readProtection(card), before, 'protection memory after 3C without PSC');
    },
  },
  {
    id: 'SLE4442-PROT-004',
    clause: 'SLE4442 datasheet: 32 protection bits cover bytes 0..31 only',
    title: 'write protection above byte 31 changes nothing; those bytes stay writable',
    tags: ['protection'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      const before = await readProtection(card);
      await card.execute(cmd.writeProtection(0x20, 0xff));
      await card.execute(cmd.writeProtection(FREE, 0xff));
      checkBytes(await readProtection(card), before, 'protection memory');
      checkEqual(await writeAndRead(card, 0x20, 0x01), 0x01, 'byte 20');
    },
  },
  {
    id: 'SLE4442-PROT-005',
    clause: 'SLE4442 datasheet: protection memory is PROM, "irreversible byte-wise write protection"',
    title: 'a protection bit never returns to 1: not by power cycles, security updates or a new verification',
    tags: ['protection'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      await writeAndRead(card, OPEN_LOW, 0x5a);
      await card.execute(cmd.writeProtection(OPEN_LOW, 0x5a));
      const frozen = await readProtection(card);
      checkProtectedBit(frozen, OPEN_LOW, true, 'after 3C');
      await card.powerOff();
      await card.powerOn();
      await verifyOrFail(card);
      for (const data of [0xff, 0x00, 0x5a]) await card.execute(cmd.writeProtection(OPEN_LOW, data));
      await card.execute(cmd.updateMain(OPEN_LOW, 0xff));
      checkBytes(await readProtection(card), frozen, 'protection memory after a new session');
      checkBytes(await readMain(card, OPEN_LOW, 1), Uint8Array.of(0x5a), 'protected byte');
    },
  },
  {
    id: 'SLE4442-PROT-006',
    clause: 'vendor sheets (zgznk.com, cnenc.net): header bytes 0..7 and user code 21..26 frozen at the factory',
    title: 'the factory header (ATR bytes, user code) cannot be changed even with the PSC',
    tags: ['protection', 'factory'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      checkEqual(await writeAndRead(card, 0x00, 0x00), 0xa2, 'byte 00 (ATR H1)');
      checkEqual(await writeAndRead(card, 0x15, 0xff), 0xd2, 'byte 15 (user code)');
    },
  },
];
