import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { CONFIG, SECURE_CODE, type PasswordRef } from '../../../src/cards/at88sc153/commands.ts';
import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { acked, ar, fill, openSecureCode, pac, password, personalise, powerCycle, readConfig, readUser, start, verify, verifyOnce, writeConfig, writeUser } from './helpers.ts';
import type { TestCard } from '../target.ts';

type Case = ConformanceCase<CardTarget>;
const fresh = [CARD_CAPABILITY.freshCard];
const READ0: PasswordRef = { set: 0, kind: 'read' };
const WRITE0: PasswordRef = { set: 0, kind: 'write' };
const wrong = (pw: Uint8Array): Uint8Array => pw.map((b, i) => (i === 0 ? b ^ 0xa5 : b));

/** True when the secure code is in force: an issuer-code write takes. */
async function configOpen(card: TestCard): Promise<boolean> {
  const before = (await readConfig(card, CONFIG.issuerCode + 7, 1))[0]!;
  const probe = before ^ 0x0f;
  await writeConfig(card, CONFIG.issuerCode + 7, Uint8Array.of(probe));
  return (await readConfig(card, CONFIG.issuerCode + 7, 1))[0] === probe;
}

export const passwordCases: Case[] = [
  {
    id: 'AT88SC153-PWD-001',
    clause: '[1016 p12 Figure 9] first pass writes a 0 bit in the PAC, second compares; PAC reads $FF on success',
    title: 'Two-pass secure code: counter FE after the first pass, FF after the second, configuration opens',
    tags: ['password'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await verifyOnce(card, SECURE_CODE, secret);
      checkEqual(await pac(card, SECURE_CODE), 0xfe, 'counter after the first pass ($BD polling read)');
      await verifyOnce(card, SECURE_CODE, secret);
      checkEqual(await pac(card, SECURE_CODE), 0xff, 'counter after the second pass');
      checkEqual(await configOpen(card), true, 'configuration zone writable with the secure code');
    },
  },
  {
    id: 'AT88SC153-PWD-002',
    clause: '[1016 p12] "The first Verify Password command can be considered an initialization command"',
    title: 'One Verify Password with the right code grants nothing and costs an attempt',
    tags: ['password', 'attack'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await verifyOnce(card, SECURE_CODE, secret);
      checkEqual(await configOpen(card), false, 'configuration zone writable after a single pass');
      checkEqual(await pac(card, SECURE_CODE), 0xfe, 'counter after a single pass');
    },
  },
  {
    id: 'AT88SC153-PWD-003',
    clause: '[1016 p9] "write a new bit in the corresponding attempts counter for each wrong attempt"',
    title: 'Each wrong password costs one counter bit and grants nothing',
    tags: ['password', 'attack'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      checkEqual(await verify(card, SECURE_CODE, wrong(secret)), 0xfe, 'counter after one wrong attempt');
      checkEqual(await verify(card, SECURE_CODE, wrong(secret)), 0xfc, 'counter after two wrong attempts');
      checkEqual(await configOpen(card), false, 'configuration zone writable after wrong attempts');
    },
  },
  {
    id: 'AT88SC153-PWD-004',
    clause: '[1016 p9] "A valid attempt erases the attempts counter"',
    title: 'The right password after failures restores all 8 attempts',
    tags: ['password'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await verify(card, SECURE_CODE, wrong(secret));
      await verify(card, SECURE_CODE, wrong(secret));
      checkEqual(await verify(card, SECURE_CODE, secret), 0xff, 'counter after the right password');
    },
  },
  {
    id: 'AT88SC153-PWD-005',
    clause: '[1016 Features "Four Password Attempts Counters"; AT88SC1608 §10: once the 8 bits are written the password is no longer taken into account]',
    title: 'Eight wrong attempts lock a password for good; the other counters are untouched',
    tags: ['password', 'attack', 'lock'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      const pw = password(context);
      const data = context.random.bytes(4);
      await openSecureCode(card, secret);
      await writeUser(card, 0, 0, data);
      await personalise(card, secret, 0, ar('RPE', 'PWS'), { ref: READ0, value: pw });
      await powerCycle(card);
      const seen: number[] = [];
      for (let i = 0; i < 8; i++) seen.push(await verify(card, READ0, wrong(pw)));
      checkBytes(Uint8Array.from(seen), Uint8Array.of(0xfe, 0xfc, 0xf8, 0xf0, 0xe0, 0xc0, 0x80, 0x00), 'Read 0 counter after each wrong attempt');
      checkEqual(await verify(card, READ0, pw), 0x00, 'Read 0 counter after the right password on a locked counter');
      checkBytes(await readUser(card, 0, 0, 4), fill(4, 0x07), 'zone 0 with the locked read password (refused read: fuse status)');
      checkEqual(await pac(card, WRITE0), 0xff, 'Write 0 counter');
      checkEqual(await verify(card, SECURE_CODE, secret), 0xff, 'secure code still verifies');
    },
  },
  {
    id: 'AT88SC153-PWD-006',
    clause: '[1016 p9] "Only one password is active at a time"',
    title: 'Verifying another password ends the secure-code privilege',
    tags: ['password'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      const pw = password(context);
      await openSecureCode(card, secret);
      await writeConfig(card, 0x35, pw);
      checkEqual(await verify(card, READ0, pw), 0xff, 'Read 0 counter after its right password');
      checkEqual(await configOpen(card), false, 'configuration zone writable after switching to Read 0');
    },
  },
  {
    id: 'AT88SC153-PWD-007',
    clause: '[1016 p12] the command "must be transmitted twice in sequence"',
    title: 'A first pass of another password in between restarts the procedure',
    tags: ['password', 'attack'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await verifyOnce(card, SECURE_CODE, secret);
      await verifyOnce(card, READ0, fill(3, 0));
      await verifyOnce(card, SECURE_CODE, secret);
      checkEqual(await pac(card, SECURE_CODE), 0xfc, 'secure-code counter: two first passes');
      checkEqual(await configOpen(card), false, 'configuration zone writable');
    },
  },
  {
    id: 'AT88SC153-PWD-008',
    clause: '[1016 p12] "twice in sequence": only $BD ACK polling may come between the passes (interpretation, see docs)',
    title: 'A user-zone command between the two passes cancels the first pass',
    tags: ['password', 'attack', 'interpretation'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await verifyOnce(card, SECURE_CODE, secret);
      await acked(card, cmd.readUserZone(0, 0, 1), 'read between the passes');
      await verifyOnce(card, SECURE_CODE, secret);
      checkEqual(await pac(card, SECURE_CODE), 0xfc, 'secure-code counter: the second send was a new first pass');
    },
  },
  {
    id: 'AT88SC153-PWD-009',
    clause: '[1016 p12] "The data bits in this initialization command are ignored"',
    title: 'The first pass may carry any data; the second pass decides',
    tags: ['password'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await verifyOnce(card, SECURE_CODE, wrong(secret));
      await verifyOnce(card, SECURE_CODE, secret);
      checkEqual(await pac(card, SECURE_CODE), 0xff, 'counter after wrong-data first pass + right second pass');
    },
  },
];
