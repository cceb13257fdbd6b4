import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { SECURE_CODE } from '../../../src/cards/at88sc1608/commands.ts';
import { pacAddress, passwordAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { checkEqual } from '../../framework/case.ts';
import {
  FRESH,
  R,
  W,
  bytes,
  personalise,
  poweredCard,
  present,
  readConfig,
  readPac,
  type Case,
  type Context,
} from './case-kit.ts';

const DS = 'AT88SC1608 0971';
export const CODE = [0x12, 0x34, 0x56];
const WRONG = bytes(0x00, 0x00, 0x00);

/** A powered card, no privileges, on which `ref` has the password 12 34 56 (set with the secure code). */
export async function cardWithPassword(context: Context, ref: cmd.PasswordRef) {
  const card = await poweredCard(context);
  await personalise(card, context, passwordAddress(ref), CODE);
  await card.powerOff();
  await card.powerOn();
  return card;
}

export const passwordCases: Case[] = [
  {
    id: 'AT88SC1608-PWD-001',
    clause: `${DS}G p12 Fig. 10: Verify Password, ACK polling with $B5, PAC = FF when valid`,
    title: 'The secure code (Write 7) verifies: its PAC reads FF',
    tags: ['password', 'secure-code'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual(await present(card, SECURE_CODE, context.target.defaultSecret, true), 0xff, 'PAC Write 7');
    },
  },
  {
    id: 'AT88SC1608-PWD-002',
    clause: `${DS}G p12: an invalid password writes one more PAC bit to 0`,
    title: 'Each wrong presentation clears exactly one more PAC bit',
    tags: ['password', 'counter'],
    requires: FRESH,
    async run(context) {
      const card = await cardWithPassword(context, W(1));
      for (const expected of [0xfe, 0xfc, 0xf8]) checkEqual(await present(card, W(1), WRONG, false), expected, 'PAC Write 1');
    },
  },
  {
    id: 'AT88SC1608-PWD-003',
    clause: `${DS}G p12: a valid password sets the PAC to FF`,
    title: 'The right password after wrong ones restores all eight attempts',
    tags: ['password', 'counter'],
    requires: FRESH,
    async run(context) {
      const card = await cardWithPassword(context, R(2));
      await present(card, R(2), WRONG, false);
      await present(card, R(2), WRONG, false);
      await present(card, R(2), Uint8Array.from(CODE), true);
    },
  },
  {
    id: 'AT88SC1608-PWD-004',
    clause: `${DS}H §10: once the 8 bits of the attempts counter are written, verification is not taken into account`,
    title: 'Eight wrong presentations lock the password; the right one is then ignored',
    tags: ['password', 'counter', 'lock'],
    requires: FRESH,
    async run(context) {
      const card = await cardWithPassword(context, W(0));
      let pac = 0xff;
      for (let i = 0; i < 8; i++) pac = await present(card, W(0), WRONG, false);
      checkEqual(pac, 0x00, 'PAC Write 0 after eight wrong codes');
      checkEqual(await present(card, W(0), Uint8Array.from(CODE), false), 0x00, 'PAC Write 0 after the right code');
      await card.powerOff();
      await card.powerOn();
      checkEqual(await readPac(card, W(0)), 0x00, 'PAC Write 0 after a power cycle');
    },
  },
  {
    id: 'AT88SC1608-PWD-005',
    clause: `${DS}H p8 "Attempts Counters": 16 PACs, one for each password`,
    title: 'A wrong Read 3 only touches the Read 3 counter',
    tags: ['password', 'counter'],
    requires: FRESH,
    async run(context) {
      const card = await cardWithPassword(context, R(3));
      await present(card, R(3), WRONG, false);
      const area = await readConfig(card, 0x40, 64);
      for (let i = 0; i < 16; i++) {
        const at = 0x40 + 4 * i;
        checkEqual(area[4 * i] ?? -1, at === pacAddress(R(3)) ? 0xfe : 0xff, `PAC at 0x${at.toString(16)}`);
      }
    },
  },
];
