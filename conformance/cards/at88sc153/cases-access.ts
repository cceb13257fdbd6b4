import { CONFIG, SECURE_CODE, type PasswordRef } from '../../../src/cards/at88sc153/commands.ts';
import { checkBytes, checkEqual, inconclusive, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { ar, expectUser, fill, openSecureCode, password, personalise, powerCycle, readUser, start, verify, writeConfig, writeUser, type Ctx, type Started } from './helpers.ts';

type Case = ConformanceCase<CardTarget>;
const fresh = [CARD_CAPABILITY.freshCard];
const WRITE0: PasswordRef = { set: 0, kind: 'write' };
const READ0: PasswordRef = { set: 0, kind: 'read' };
const DENIED = 0x07; // refused reads return the fuse status while CMA or PER is intact [1016 RPE]

/** A card whose user zone 0 holds `data` and is then set to `register` (and a set-0 password), power-cycled. */
async function zoneWith(context: Ctx, register: number, ref?: PasswordRef): Promise<Started & { data: Uint8Array; pw: Uint8Array }> {
  const started = await start(context);
  const data = context.random.bytes(8);
  const pw = password(context);
  await openSecureCode(started.card, started.secret);
  await writeUser(started.card, 0, 0, data);
  await personalise(started.card, started.secret, 0, register, ref ? { ref, value: pw } : undefined);
  await powerCycle(started.card);
  return { ...started, data, pw };
}

const auth = (id: string, title: string, clause: string): Case => ({
  id,
  clause,
  title,
  tags: ['authentication'],
  requires: [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.authentication],
  async run() {
    inconclusive('the host side of the AT88SC153 authentication cipher is not implemented yet');
  },
});

export const accessCases: Case[] = [
  {
    id: 'AT88SC153-ZONE-001',
    clause: '[1016 Access Registers] WPE = 0: the write password must be verified to write the zone',
    title: 'Write-password zone: refused without the password, written with it',
    tags: ['access'],
    requires: fresh,
    async run(context) {
      const { card, data, pw } = await zoneWith(context, ar('WPE', 'PWS'), WRITE0);
      await writeUser(card, 0, 0, fill(8, 0x00));
      await expectUser(card, 0, 0, data, 'zone 0 after a write without password');
      checkEqual(await verify(card, WRITE0, pw), 0xff, 'Write 0 verification');
      await writeUser(card, 0, 0, fill(8, 0x00));
      await expectUser(card, 0, 0, fill(8, 0x00), 'zone 0 after a write with the password');
    },
  },
  {
    id: 'AT88SC153-ZONE-002',
    clause: '[1016 Access Registers] RPE = 0: reads need the read password, else $00 or the fuse status',
    title: 'Read-password zone: fuse status without the password, data with it',
    tags: ['access'],
    requires: fresh,
    async run(context) {
      const { card, data, pw } = await zoneWith(context, ar('RPE', 'PWS'), READ0);
      checkBytes(await readUser(card, 0, 0, 8), fill(8, DENIED), 'zone 0 read without password');
      checkEqual(await verify(card, READ0, pw), 0xff, 'Read 0 verification');
      await expectUser(card, 0, 0, data, 'zone 0 read with the read password');
    },
  },
  {
    id: 'AT88SC153-ZONE-003',
    clause: '[1016 Access Registers] "Verification of the write password will always allow read access"',
    title: 'The write password opens reading as well',
    tags: ['access'],
    requires: fresh,
    async run(context) {
      const { card, data, pw } = await zoneWith(context, ar('RPE', 'WPE', 'PWS'), WRITE0);
      checkEqual(await verify(card, WRITE0, pw), 0xff, 'Write 0 verification');
      await expectUser(card, 0, 0, data, 'zone 0 read with the write password');
    },
  },
  {
    id: 'AT88SC153-ZONE-004',
    clause: '[1016 Access Registers] WPE = 0: only the write password allows writing',
    title: 'The read password does not open writing',
    tags: ['access'],
    requires: fresh,
    async run(context) {
      const { card, data, pw } = await zoneWith(context, ar('RPE', 'WPE', 'PWS'), READ0);
      checkEqual(await verify(card, READ0, pw), 0xff, 'Read 0 verification');
      await writeUser(card, 0, 0, fill(8, 0x00));
      await expectUser(card, 0, 0, data, 'zone 0 after a write with only the read password');
    },
  },
  {
    id: 'AT88SC153-ZONE-005',
    clause: '[1016 Access Registers] PWS selects which of the two password sets opens the zone',
    title: 'A set-1 zone is not opened by the set-0 password',
    tags: ['access'],
    requires: fresh,
    async run(context) {
      const { card, data, pw, secret } = await zoneWith(context, ar('WPE'), WRITE0);
      checkEqual(await verify(card, WRITE0, pw), 0xff, 'Write 0 verification');
      await writeUser(card, 0, 0, fill(8, 0x00));
      await expectUser(card, 0, 0, data, 'set-1 zone after a write with the Write 0 password');
      checkEqual(await verify(card, SECURE_CODE, secret), 0xff, 'Write 1 verification');
      await writeUser(card, 0, 0, fill(8, 0x00));
      await expectUser(card, 0, 0, fill(8, 0x00), 'set-1 zone after a write with the Write 1 password');
    },
  },
  {
    id: 'AT88SC153-ZONE-006',
    clause: '[1016 p9 and "Write Lock Mode"] byte 0 of a page locks its bytes (bit n locks byte n); one byte per write',
    title: 'Write lock mode: locked bytes refuse writes, only the first byte of a write counts',
    tags: ['access', 'write-lock'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await personalise(card, secret, 1, ar('WLM'));
      await writeUser(card, 1, 0, Uint8Array.of(0xfd)); // bit 1 = 0: byte 1 locked
      await writeUser(card, 1, 1, Uint8Array.of(0xaa, 0xbb));
      await writeUser(card, 1, 2, Uint8Array.of(0xcc, 0xdd));
      await expectUser(card, 1, 0, Uint8Array.of(0xfd, 0xff, 0xcc, 0xff, 0xff, 0xff, 0xff, 0xff), 'page 0 of zone 1');
    },
  },
  {
    id: 'AT88SC153-ZONE-007',
    clause: '[1016 Access Registers] MDF = 0: the zone cannot be modified (text partly unreadable in the public copy)',
    title: 'Modify-forbidden zone refuses writes',
    tags: ['access', 'unverified'],
    requires: fresh,
    async run(context) {
      const { card, data } = await zoneWith(context, ar('MDF'));
      await writeUser(card, 0, 0, fill(8, 0x00));
      await expectUser(card, 0, 0, data, 'zone 0 after a write');
    },
  },
  {
    id: 'AT88SC153-ZONE-008',
    clause: '[1016 Access Registers] ATE = 0: authentication is needed for reading and writing',
    title: 'Authentication zone: no read, no write without authentication',
    tags: ['access', 'authentication'],
    requires: fresh,
    async run(context) {
      const { card, data, secret } = await zoneWith(context, ar('ATE'));
      checkBytes(await readUser(card, 0, 0, 8), fill(8, DENIED), 'zone 0 read without authentication');
      await writeUser(card, 0, 0, fill(8, 0x00));
      checkEqual(await verify(card, SECURE_CODE, secret), 0xff, 'secure code verification');
      checkBytes(await readUser(card, 0, 0, 8), fill(8, DENIED), 'zone 0 read with a password but no authentication');
      await writeConfig(card, CONFIG.accessRegister0, Uint8Array.of(0xff)); // open the zone again to look inside
      await expectUser(card, 0, 0, data, 'zone 0 contents: the write without authentication must not have landed');
    },
  },
  {
    id: 'AT88SC153-ZONE-009',
    clause: '[1016 Access Registers] AOW = 0: authentication only for writing; reads are free',
    title: 'Authentication-for-write zone: free reads, no write without authentication',
    tags: ['access', 'authentication'],
    requires: fresh,
    async run(context) {
      const { card, data } = await zoneWith(context, ar('AOW'));
      await expectUser(card, 0, 0, data, 'zone 0 read');
      await writeUser(card, 0, 0, fill(8, 0x00));
      await expectUser(card, 0, 0, data, 'zone 0 after a write without authentication');
    },
  },
  auth('AT88SC153-AUTH-001', 'Initialize + Verify Authentication with the host cipher opens an ATE zone', '[1016 "Authentication Protocol"; Garcia et al. 2010 cipher]'),
  auth('AT88SC153-AUTH-002', 'A valid authentication updates Ci and keeps the AAC at $FF', '[1016 "Authentication Protocol", AAC at $20]'),
  auth('AT88SC153-AUTH-003', 'After authentication a write enables the checksum: Read CAR at $20 once', '[1016 p8 "Checksum"]'),
];
