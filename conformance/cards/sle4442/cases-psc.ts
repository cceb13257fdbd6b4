import * as cmd from '../../../src/cards/sle4442/commands.ts';
import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import type { CardTarget } from '../target.ts';
import {
  CASE_PSC,
  errorCounter,
  FREE,
  lockOut,
  NEEDS_CARD,
  poweredCard,
  presentPsc,
  readSecurity,
  send,
  verifyOrFail,
  WRONG_PSC,
  writeAndRead,
} from './case-helpers.ts';

const PROCEDURE = 'SLE4442 §2.4 (PSC verification procedure)';

export const pscCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4442-PSC-001',
    clause: PROCEDURE,
    title: 'the right PSC: EC 07 → 03 by the counter write, back to 07 by the erase; writes then work',
    tags: ['psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await send(card, [0x39, 0x00, 0x03]);
      checkEqual(await errorCounter(card), 0x03, 'EC after the counter-bit write');
      for (const [i, b] of CASE_PSC.entries()) await card.execute(cmd.compareVerificationData(i + 1, b));
      await send(card, [0x39, 0x00, 0xff]);
      checkEqual(await errorCounter(card), 0x07, 'EC after the erase');
      checkEqual(await writeAndRead(card, FREE, 0x11), 0x11, 'main byte after verification');
    },
  },
  {
    id: 'SLE4442-PSC-002',
    clause: `${PROCEDURE}; trace vaultbbs #107019 (wrong code: EC stays 06)`,
    title: 'a wrong PSC costs one counter bit: the erase has no effect and writes stay refused',
    tags: ['psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual(await presentPsc(card, WRONG_PSC), 0x03, 'EC after a wrong PSC');
      checkEqual(await writeAndRead(card, FREE, 0x11), 0xff, 'main byte after a wrong PSC');
    },
  },
  {
    id: 'SLE4442-PSC-003',
    clause: `${PROCEDURE} ("the error counter bits can only be changed from 1 to 0 but not erased")`,
    title: 'before verification UPDATE SECURITY on the counter only clears bits, never sets them',
    tags: ['psc', 'security'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await send(card, [0x39, 0x00, 0x06]);
      checkEqual(await errorCounter(card), 0x06, 'EC after writing 06');
      await send(card, [0x39, 0x00, 0xff]);
      checkEqual(await errorCounter(card), 0x06, 'EC after 39 00 FF without verification');
      await send(card, [0x39, 0x00, 0x05]);
      checkEqual(await errorCounter(card), 0x04, 'EC after writing 05 over 06 (AND)');
    },
  },
  {
    id: 'SLE4442-PSC-004',
    clause: `${PROCEDURE} ("at first an error counter bit has to be written to 0")`,
    title: 'the right compares without a counter-bit write give no access',
    tags: ['psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      for (const [i, b] of CASE_PSC.entries()) await card.execute(cmd.compareVerificationData(i + 1, b));
      checkEqual(await writeAndRead(card, FREE, 0x11), 0xff, 'main byte');
      checkBytes(await readSecurity(card), Uint8Array.of(0x07, 0, 0, 0), 'security memory');
    },
  },
  {
    id: 'SLE4442-PSC-005',
    clause: `${PROCEDURE} ("three COMPARE VERIFICATION DATA commands beginning with byte 1"; "any variation leads to a failure")`,
    title: 'the right bytes compared out of order fail the attempt',
    tags: ['psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await send(card, [0x39, 0x00, 0x03]);
      for (const i of [2, 1, 3]) await card.execute(cmd.compareVerificationData(i, CASE_PSC[i - 1]!));
      await send(card, [0x39, 0x00, 0xff]);
      checkEqual(await errorCounter(card), 0x03, 'EC after an out-of-order procedure');
      checkEqual(await writeAndRead(card, FREE, 0x11), 0xff, 'main byte');
    },
  },
  {
    id: 'SLE4442-PSC-006',
    clause: `${PROCEDURE} (reference data readable after verification)`,
    title: 'the PSC reads 00 00 00 before verification and as itself after',
    tags: ['psc', 'security'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      checkBytes((await readSecurity(card)).slice(1), Uint8Array.of(0, 0, 0), 'PSC before verification');
      await verifyOrFail(card);
      checkBytes((await readSecurity(card)).slice(1), CASE_PSC, 'PSC after verification');
    },
  },
  {
    id: 'SLE4442-PSC-007',
    clause: `${PROCEDURE} ("having been enabled, the reference data are allowed to be altered")`,
    title: 'a verified session changes the PSC with 39 01..03; the new code works after power-off, the old does not',
    tags: ['psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await verifyOrFail(card);
      const next = Uint8Array.of(0xa1, 0xb2, 0xc3);
      for (const [i, b] of next.entries()) await card.execute(cmd.updateSecurity(i + 1, b));
      checkBytes((await readSecurity(card)).slice(1), next, 'PSC after the change');
      await card.powerOff();
      await card.powerOn();
      checkEqual(await presentPsc(card, CASE_PSC), 0x03, 'EC after presenting the old PSC');
      checkEqual(await presentPsc(card, next), 0x07, 'EC after presenting the new PSC');
    },
  },
  {
    id: 'SLE4442-PSC-008',
    clause: `${PROCEDURE} (reference data cannot be altered before verification)`,
    title: 'UPDATE SECURITY on the PSC bytes without verification changes nothing',
    tags: ['psc', 'security'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      for (const address of [1, 2, 3]) await send(card, [0x39, address, 0x00]);
      await verifyOrFail(card, CASE_PSC);
    },
  },
  {
    id: 'SLE4442-PSC-009',
    clause: `${PROCEDURE} ("the whole procedure can be repeated as long as erased counter bits are available")`,
    title: 'after two wrong codes (EC 01) the right one restores EC to 07',
    tags: ['psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual(await presentPsc(card, WRONG_PSC), 0x03, 'EC after the first wrong PSC');
      checkEqual(await presentPsc(card, WRONG_PSC), 0x01, 'EC after the second wrong PSC');
      checkEqual(await presentPsc(card, CASE_PSC), 0x07, 'EC after the right PSC on the last attempt');
    },
  },
  {
    id: 'SLE4442-PSC-010',
    clause: `${PROCEDURE} (three compares, one per reference byte; "any variation leads to a failure")`,
    title: 'every PSC byte counts: a code wrong only in byte 1, or only in byte 2, fails',
    tags: ['psc'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      const [p1, p2, p3] = [CASE_PSC[0]!, CASE_PSC[1]!, CASE_PSC[2]!];
      checkEqual(await presentPsc(card, Uint8Array.of(p1 ^ 0x80, p2, p3)), 0x03, 'EC after a code wrong in byte 1');
      checkEqual(await presentPsc(card, Uint8Array.of(p1, p2 ^ 0x01, p3)), 0x01, 'EC after a code wrong in byte 2');
      checkEqual(await writeAndRead(card, FREE, 0x11), 0xff, 'main byte');
      checkBytes(await readSecurity(card), Uint8Array.of(0x01, 0, 0, 0), 'security memory');
    },
  },
  {
    id: 'SLE4442-LOCK-001',
    clause: `${PROCEDURE} (three failures block any further attempt; memory readable, never writable)`,
    title: 'three wrong codes lock the card: the right code then has no effect, nothing can be written',
    tags: ['psc', 'lock'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await lockOut(card);
      checkEqual(await presentPsc(card, CASE_PSC), 0x00, 'EC after the right PSC on a locked card');
      checkEqual(await writeAndRead(card, FREE, 0x11), 0xff, 'main byte');
      checkBytes(await readSecurity(card), Uint8Array.of(0, 0, 0, 0), 'security memory (PSC unreadable)');
      checkEqual((await card.execute(cmd.readMain(0, 256))).data.length, 256, 'main memory still readable');
    },
  },
  {
    id: 'SLE4442-LOCK-002',
    clause: `${PROCEDURE} (the lock is permanent)`,
    title: 'a locked card stays locked across power cycles and counter writes',
    tags: ['psc', 'lock'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await lockOut(card);
      await card.powerOff();
      await card.powerOn();
      for (const data of [0xff, 0x07, 0x00]) await send(card, [0x39, 0x00, data]);
      for (const [i, b] of CASE_PSC.entries()) await card.execute(cmd.compareVerificationData(i + 1, b));
      await send(card, [0x39, 0x00, 0xff]);
      checkBytes(await readSecurity(card), Uint8Array.of(0, 0, 0, 0), 'security memory');
      checkEqual(await writeAndRead(card, FREE, 0x11), 0xff, 'main byte');
    },
  },
];
