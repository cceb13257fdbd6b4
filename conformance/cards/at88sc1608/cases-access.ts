import { SECURE_CODE } from '../../../src/cards/at88sc1608/commands.ts';
import { check, checkBytes } from '../../framework/case.ts';
import { FRESH, R, W, bytes, present, readUser, writeUser, zoneCard, type Case } from './case-kit.ts';

const DS = 'AT88SC1608 0971H';
const AR_CLAUSE = 'access register bits as on the sister part AT88SC153 (UNVERIFIED for the 1608)';
const P1 = [0x11, 0x11, 0x11];
const P2 = [0x22, 0x22, 0x22];
const ff = (n: number): Uint8Array => new Uint8Array(n).fill(0xff);

async function canWrite(card: Parameters<typeof writeUser>[0], zone: number, address: number, value: number): Promise<boolean> {
  return (await writeUser(card, zone, address, [value])).acknowledged;
}

export const accessCases: Case[] = [
  {
    id: 'AT88SC1608-ACC-001',
    clause: `${DS} p8 "User Zones"; write password enable, ${AR_CLAUSE}`,
    title: 'A write-password zone refuses writes until its set\'s write password is verified',
    tags: ['access', 'password', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 2, 0x7f, 0xf9, [[W(1), P1]]);
      check(!(await canWrite(card, 2, 0x10, 0x42)), 'write without Write 1 refused');
      checkBytes(await readUser(card, 2, 0x10, 1), ff(1), 'zone 2 read is free');
      await present(card, W(1), bytes(...P1), true);
      check(await canWrite(card, 2, 0x10, 0x42), 'write with Write 1 acknowledged');
      checkBytes(await readUser(card, 2, 0x10, 1), bytes(0x42), 'zone 2 byte 0x10');
    },
  },
  {
    id: 'AT88SC1608-ACC-002',
    clause: `${DS} §9.1: read/write passwords, a write password also grants read; ${AR_CLAUSE}`,
    title: 'A read-and-write-password zone: 00 without code, read with Read p, read and write with Write p',
    tags: ['access', 'password', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 3, 0x3f, 0xfa, [[W(2), P2], [R(2), P1]]);
      checkBytes(await readUser(card, 3, 0, 2), bytes(0, 0), 'zone 3 without a password');
      await present(card, R(2), bytes(...P1), true);
      checkBytes(await readUser(card, 3, 0, 2), ff(2), 'zone 3 with Read 2');
      check(!(await canWrite(card, 3, 0, 0x33)), 'write with Read 2 refused');
      await present(card, W(2), bytes(...P2), true);
      check(await canWrite(card, 3, 0, 0x33), 'write with Write 2 acknowledged');
      checkBytes(await readUser(card, 3, 0, 2), bytes(0x33, 0xff), 'zone 3 with Write 2');
    },
  },
  {
    id: 'AT88SC1608-ACC-003',
    clause: `${DS} p8 "User Zones", §9.1: the password register selects the set; one password active at a time`,
    title: 'Only the set named by PRz opens the zone, and presenting another set closes it again',
    tags: ['access', 'password', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 4, 0x7f, 0xfa, [[W(1), P1], [W(2), P2]]);
      await present(card, W(1), bytes(...P1), true);
      check(!(await canWrite(card, 4, 0, 1)), 'zone 4 (set 2) with Write 1 refused');
      await present(card, W(2), bytes(...P2), true);
      check(await canWrite(card, 4, 0, 2), 'zone 4 with Write 2 acknowledged');
      await present(card, W(1), bytes(...P1), true);
      check(!(await canWrite(card, 4, 1, 3)), 'zone 4 once Write 1 replaced Write 2 refused');
    },
  },
  {
    id: 'AT88SC1608-ACC-004',
    clause: `${DS} p8 "Password Sets": by default set 7 is active for all zones; Write 7 is the secure code`,
    title: 'A zone left on the default set 7 opens with the secure code',
    tags: ['access', 'secure-code'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 5, 0x7f, 0xff);
      check(!(await canWrite(card, 5, 0, 0x55)), 'zone 5 without a password refused');
      await present(card, SECURE_CODE, context.target.defaultSecret, true);
      check(await canWrite(card, 5, 0, 0x55), 'zone 5 with Write 7 acknowledged');
    },
  },
  {
    id: 'AT88SC1608-ACC-005',
    clause: `${DS} §9.2 authentication required; ${AR_CLAUSE}`,
    title: 'A zone that requires authentication stays closed to passwords alone',
    tags: ['access', 'authentication', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 6, 0xdf, 0xff);
      await present(card, SECURE_CODE, context.target.defaultSecret, true);
      checkBytes(await readUser(card, 6, 0, 2), bytes(0, 0), 'zone 6 read without authentication');
      check(!(await canWrite(card, 6, 0, 0x66)), 'zone 6 write without authentication refused');
    },
  },
  {
    id: 'AT88SC1608-ACC-006',
    clause: `${DS} §9.2 authentication only for write; ${AR_CLAUSE}`,
    title: 'An authenticate-to-write zone reads freely but refuses writes',
    tags: ['access', 'authentication', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 7, 0xef, 0xff);
      await present(card, SECURE_CODE, context.target.defaultSecret, true);
      checkBytes(await readUser(card, 7, 0, 2), ff(2), 'zone 7 read');
      check(!(await canWrite(card, 7, 0, 0x77)), 'zone 7 write without authentication refused');
    },
  },
  {
    id: 'AT88SC1608-ACC-007',
    clause: `modify forbidden; ${AR_CLAUSE}`,
    title: 'A modify-forbidden zone is read-only whatever password is held',
    tags: ['access', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 1, 0xfd, 0xff);
      await present(card, SECURE_CODE, context.target.defaultSecret, true);
      check(!(await canWrite(card, 1, 0, 0x11)), 'zone 1 write refused');
      checkBytes(await readUser(card, 1, 0, 1), ff(1), 'zone 1 unchanged');
    },
  },
  {
    id: 'AT88SC1608-ACC-008',
    clause: `program only; ${AR_CLAUSE}`,
    title: 'A program-only zone only ever clears bits',
    tags: ['access', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 0, 0xfe, 0xff);
      check(await canWrite(card, 0, 0x08, 0xf0), 'first write acknowledged');
      check(await canWrite(card, 0, 0x08, 0x0f), 'second write acknowledged');
      checkBytes(await readUser(card, 0, 0x08, 1), bytes(0x00), 'F0 then 0F programmed');
    },
  },
  {
    id: 'AT88SC1608-ACC-009',
    clause: `write lock mode (first byte of each 8-byte block locks it, one byte per command); ${AR_CLAUSE}`,
    title: 'In write lock mode a cleared lock bit protects its byte and only one byte is taken per command',
    tags: ['access', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 2, 0xfb, 0xff);
      check(await canWrite(card, 2, 0x40, 0xfd), 'lock byte 0x40 := FD (locks 0x41)');
      check(!(await canWrite(card, 2, 0x41, 0x00)), 'write to locked byte 0x41 refused');
      check((await writeUser(card, 2, 0x42, [0x12, 0x34])).acknowledged, 'two-byte write at 0x42 acknowledged');
      checkBytes(await readUser(card, 2, 0x40, 4), bytes(0xfd, 0xff, 0x12, 0xff), 'block 0x40..0x43');
    },
  },
];
