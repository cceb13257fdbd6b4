import { CONFIG, DCR, SECURE_CODE, type PasswordRef } from '../../../src/cards/at88sc153/commands.ts';
import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget, type TestCard } from '../target.ts';
import { ar, blow, fill, fuses, openSecureCode, password, powerCycle, readConfig, readUser, start, verify, writeConfig, writeUser } from './helpers.ts';

type Case = ConformanceCase<CardTarget>;
const fresh = [CARD_CAPABILITY.freshCard];
const WRITE0: PasswordRef = { set: 0, kind: 'write' };
const READ0: PasswordRef = { set: 0, kind: 'read' };
const FAMILY = '[1016 "Fuses"; family rule as in CryptoMemory 5211 Table 6-10]';

async function blowAll(card: TestCard, secret: Uint8Array): Promise<void> {
  await openSecureCode(card, secret);
  for (const fuse of ['FAB', 'CMA', 'PER'] as const) await blow(card, fuse);
  checkEqual(await fuses(card), 0x00, 'fuse byte with every fuse blown');
}

async function cfg(card: TestCard, address: number, length: number): Promise<Uint8Array> {
  return readConfig(card, address, length);
}

export const configCases: Case[] = [
  {
    id: 'AT88SC153-SEC-001',
    clause: `[1016 p12] the secure code opens the configuration zone; ${FAMILY}`,
    title: 'Without the secure code the configuration zone is read-only',
    tags: ['configuration'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      for (const address of [CONFIG.issuerCode, CONFIG.accessRegister0, CONFIG.deviceConfiguration, CONFIG.secretSeed, 0x31]) {
        await writeConfig(card, address, Uint8Array.of(0x00));
      }
      checkBytes(await cfg(card, CONFIG.issuerCode, 1), Uint8Array.of(0xff), 'issuer code');
      checkBytes(await cfg(card, CONFIG.accessRegister0, 4), fill(4, 0xff), 'AR0..AR2, DCR');
    },
  },
  {
    id: 'AT88SC153-SEC-002',
    clause: `[1016 p12] secure code = Write 1 password (rp = 01); ${FAMILY}`,
    title: 'With the secure code: issuer code, access registers, secret seed and passwords are written',
    tags: ['configuration'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      const issuer = context.random.bytes(8);
      const seed = context.random.bytes(8);
      await openSecureCode(card, secret);
      await writeConfig(card, CONFIG.issuerCode, issuer);
      await writeConfig(card, CONFIG.accessRegister0, Uint8Array.of(0x7f, 0xbf, 0xdf));
      await writeConfig(card, CONFIG.secretSeed, seed);
      await writeConfig(card, 0x31, Uint8Array.of(1, 2, 3));
      checkBytes(await cfg(card, CONFIG.issuerCode, 8), issuer, 'issuer code');
      checkBytes(await cfg(card, CONFIG.accessRegister0, 3), Uint8Array.of(0x7f, 0xbf, 0xdf), 'AR0..AR2');
      checkBytes(await cfg(card, CONFIG.secretSeed, 8), seed, 'secret seed Gc (read with the secure code)');
      checkBytes(await cfg(card, 0x30, 4), Uint8Array.of(0xff, 1, 2, 3), 'Write 0 PAC and password');
    },
  },
  {
    id: 'AT88SC153-SEC-003',
    clause: `[1016 RPE: refused reads give $00 or the fuse status]; ${FAMILY}`,
    title: 'Secret seed and passwords are hidden without the secure code; the counters are not',
    tags: ['configuration'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      checkBytes(await cfg(card, CONFIG.secretSeed, 8), fill(8, 0x07), 'Gc without the secure code');
      checkBytes(await cfg(card, 0x38, 4), Uint8Array.of(0xff, 7, 7, 7), 'Write 1 PAC and hidden secure code');
      await openSecureCode(card, secret);
      checkBytes(await cfg(card, 0x39, 3), secret, 'secure code read with the secure code');
    },
  },
  {
    id: 'AT88SC153-SEC-004',
    clause: '[1016 configuration zone "Memory Test Zone"; CryptoMemory: MTZ write free] (unverified for the AT88SC153)',
    title: 'The memory test zone is writable without any password',
    tags: ['configuration', 'unverified'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      await writeConfig(card, CONFIG.memoryTestZone, Uint8Array.of(0x12, 0x34));
      checkBytes(await cfg(card, CONFIG.memoryTestZone, 2), Uint8Array.of(0x12, 0x34), 'memory test zone');
    },
  },
  {
    id: 'AT88SC153-SEC-005',
    clause: '[1016 p8] SME = 0: "verification of the Write 1 password will allow the user to write and read the entire passwords zone (including the PACs)"',
    title: 'Supervisor mode: after personalisation Write 1 reads the passwords and resets a counter',
    tags: ['configuration', 'supervisor'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      const pw = password(context);
      await openSecureCode(card, secret);
      await writeConfig(card, CONFIG.deviceConfiguration, Uint8Array.of(0xff & ~DCR.SME));
      await writeConfig(card, 0x35, pw);
      await blowAll(card, secret);
      await powerCycle(card);
      checkEqual(await verify(card, READ0, pw.map((b) => b ^ 0xff)), 0xfe, 'Read 0 counter after a wrong attempt');
      checkEqual(await verify(card, SECURE_CODE, secret), 0xff, 'Write 1 verification after PER');
      checkBytes(await cfg(card, 0x34, 4), Uint8Array.of(0xfe, ...pw), 'Read 0 counter and password, read in supervisor mode');
      await writeConfig(card, 0x34, Uint8Array.of(0xff));
      checkBytes(await cfg(card, 0x34, 1), Uint8Array.of(0xff), 'Read 0 counter reset in supervisor mode');
    },
  },
  {
    id: 'AT88SC153-SEC-006',
    clause: '[1016 p8] without SME, Write 1 is an ordinary password once PER is blown',
    title: 'Without supervisor mode, Write 1 neither reads nor resets other sets after personalisation',
    tags: ['configuration', 'supervisor'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await blowAll(card, secret);
      await powerCycle(card);
      await verify(card, READ0, fill(3, 0x00));
      checkEqual(await verify(card, SECURE_CODE, secret), 0xff, 'Write 1 verification after PER');
      checkBytes(await cfg(card, 0x34, 4), Uint8Array.of(0xfe, 0, 0, 0), 'Read 0 counter and hidden password');
      await writeConfig(card, 0x34, Uint8Array.of(0xff));
      checkBytes(await cfg(card, 0x34, 1), Uint8Array.of(0xfe), 'Read 0 counter after a write attempt');
    },
  },
  {
    id: 'AT88SC153-SEC-007',
    clause: '[1016 "Write Password Enable"] "Verification of the write password also allows the read and write passwords to be changed"',
    title: 'After personalisation the Write 0 password changes its own set',
    tags: ['configuration', 'password'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      const [old, renewed] = [password(context), password(context).map((b) => b ^ 0x3c)];
      await openSecureCode(card, secret);
      await writeConfig(card, 0x31, old);
      await blowAll(card, secret);
      await powerCycle(card);
      checkEqual(await verify(card, WRITE0, old), 0xff, 'Write 0 with the old password');
      await writeConfig(card, 0x31, renewed);
      await powerCycle(card);
      checkEqual(await verify(card, WRITE0, renewed), 0xff, 'Write 0 with the new password');
    },
  },
  {
    id: 'AT88SC153-FUSE-001',
    clause: '[1016 "Fuses"; Decard dcrf32.h fuse byte 00000 F2 F1 F0, 1 = intact]',
    title: 'A blank card reports its three fuses intact (07)',
    tags: ['fuse'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      checkEqual(await fuses(card), 0x07, 'fuse byte');
    },
  },
  {
    id: 'AT88SC153-FUSE-002',
    clause: `${FAMILY}: FAB, then CMA, then PER; out of order has no effect`,
    title: 'Fuses blow only in the order FAB, CMA, PER',
    tags: ['fuse'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await openSecureCode(card, secret);
      await blow(card, 'CMA');
      await blow(card, 'PER');
      checkEqual(await fuses(card), 0x07, 'fuse byte after CMA and PER out of order');
      const seen: number[] = [];
      for (const fuse of ['FAB', 'CMA', 'PER'] as const) {
        await blow(card, fuse);
        seen.push(await fuses(card));
      }
      checkBytes(Uint8Array.from(seen), Uint8Array.of(0x06, 0x04, 0x00), 'fuse byte after FAB, CMA, PER');
    },
  },
  {
    id: 'AT88SC153-FUSE-003',
    clause: `${FAMILY}: fuses are blown by the personaliser holding the secure code`,
    title: 'Write Fuses without the secure code has no effect',
    tags: ['fuse'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      await blow(card, 'FAB');
      checkEqual(await fuses(card), 0x07, 'fuse byte');
    },
  },
  {
    id: 'AT88SC153-FUSE-004',
    clause: `${FAMILY}: blowing a fuse is irreversible`,
    title: 'A blown fuse stays blown across power cycles',
    tags: ['fuse'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await openSecureCode(card, secret);
      await blow(card, 'FAB');
      await powerCycle(card);
      await openSecureCode(card, secret);
      await blow(card, 'FAB');
      checkEqual(await fuses(card), 0x06, 'fuse byte after a power cycle and a second FAB');
    },
  },
  {
    id: 'AT88SC153-FUSE-005',
    clause: `${FAMILY}: FAB locks ATR and fab code, CMA the card manufacturer code, PER the rest`,
    title: 'Each fuse locks its part of the configuration zone, PER ends the secure code',
    tags: ['fuse', 'configuration'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await openSecureCode(card, secret);
      await blow(card, 'FAB');
      await writeConfig(card, CONFIG.fabCode, Uint8Array.of(0x01));
      await writeConfig(card, CONFIG.cardManufacturerCode, Uint8Array.of(0x02));
      checkBytes(await cfg(card, CONFIG.fabCode, 5), Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x02), 'fab code refused, CMC written after FAB');
      await blow(card, 'CMA');
      await writeConfig(card, CONFIG.cardManufacturerCode + 1, Uint8Array.of(0x03));
      await writeConfig(card, CONFIG.issuerCode, Uint8Array.of(0x04));
      checkBytes(await cfg(card, CONFIG.cardManufacturerCode + 1, 1), Uint8Array.of(0xff), 'CMC refused after CMA');
      await blow(card, 'PER');
      await writeConfig(card, CONFIG.issuerCode + 1, Uint8Array.of(0x05));
      checkBytes(await cfg(card, CONFIG.issuerCode, 2), Uint8Array.of(0x04, 0xff), 'issuer code: written before PER, refused after');
    },
  },
  {
    id: 'AT88SC153-FUSE-006',
    clause: '[1016 RPE] refused reads return $00 once neither CMA nor PER is intact',
    title: 'After personalisation a refused read returns 00',
    tags: ['fuse', 'access'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await openSecureCode(card, secret);
      await writeUser(card, 2, 0, fill(4, 0x5a));
      await writeConfig(card, CONFIG.accessRegister0 + 2, Uint8Array.of(ar('RPE')));
      await blowAll(card, secret);
      await powerCycle(card);
      checkBytes(await readUser(card, 2, 0, 4), fill(4, 0x00), 'read-protected zone 2 without password');
    },
  },
];
