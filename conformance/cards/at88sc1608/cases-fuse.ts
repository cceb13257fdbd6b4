import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { SECURE_CODE } from '../../../src/cards/at88sc1608/commands.ts';
import { CONFIG_FIELDS, passwordAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import type { TestCard } from '../target.ts';
import {
  FRESH,
  W,
  acked,
  bytes,
  personalise,
  poweredCard,
  present,
  presentSecureCode,
  readConfig,
  refused,
  settle,
  type Case,
  type Context,
} from './case-kit.ts';

const DS = 'AT88SC1608 0971H p8 "Secure Code"; CryptoMemory 5211C "Write Fuses" (order FAB, CMA, PER)';
const fuseByte = async (card: TestCard): Promise<number> => ((await readConfig(card, cmd.FUSE_ADDRESS, 1))[0] ?? 0) & 0x07;

async function blow(card: TestCard, context: Context, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await presentSecureCode(card, context);
    await acked(card, cmd.blowNextFuse(), `blow fuse ${i + 1}`);
    await settle(card);
  }
}

/** A card personalised with Write 1 = 11 11 11 and issuer code, then with all three fuses blown. */
async function issuedCard(context: Context): Promise<TestCard> {
  const card = await poweredCard(context);
  await personalise(card, context, passwordAddress(W(1)), [0x11, 0x11, 0x11]);
  await blow(card, context, 3);
  await card.powerOff();
  await card.powerOn();
  return card;
}

export const fuseCases: Case[] = [
  {
    id: 'AT88SC1608-FUSE-001',
    clause: DS,
    title: 'The fuses blow one at a time, FAB then CMA then PER, and no further',
    tags: ['fuse'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual(await fuseByte(card), 0x07, 'fuses before');
      for (const expected of [0x06, 0x04, 0x00]) {
        await blow(card, context, 1);
        checkEqual(await fuseByte(card), expected, 'fuse bits after one more blow');
      }
      await refused(card, cmd.blowNextFuse(), 'a fourth blow');
    },
  },
  {
    id: 'AT88SC1608-FUSE-002',
    clause: DS,
    title: 'Blowing a fuse needs the secure code',
    tags: ['fuse', 'secure-code'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      await refused(card, cmd.blowNextFuse(), 'blow without the secure code');
      await settle(card);
      checkEqual(await fuseByte(card), 0x07, 'fuses');
    },
  },
  {
    id: 'AT88SC1608-FUSE-003',
    clause: `${DS}; fuses are irreversible`,
    title: 'A blown fuse stays blown: no write brings it back, nor a power cycle',
    tags: ['fuse'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      await blow(card, context, 1);
      await presentSecureCode(card, context);
      await refused(card, cmd.writeConfigurationZone(cmd.FUSE_ADDRESS, bytes(0xff)), 'writing FF to the fuse byte');
      await settle(card);
      await card.powerOff();
      await card.powerOn();
      checkEqual(await fuseByte(card), 0x06, 'fuses after a power cycle');
    },
  },
  {
    id: 'AT88SC1608-FUSE-004',
    clause: `${DS}; which field each fuse locks UNVERIFIED (docs/cards/at88sc1608.md)`,
    title: 'FAB locks the ATR and fab code, CMA the card manufacturer code; the issuer code stays open until PER',
    tags: ['fuse', 'config', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      await blow(card, context, 2);
      await presentSecureCode(card, context);
      await refused(card, cmd.writeConfigurationZone(CONFIG_FIELDS.fabCode.address, bytes(0x12)), 'fab code after FAB');
      await refused(card, cmd.writeConfigurationZone(CONFIG_FIELDS.cardManufacturerCode.address, bytes(0x34)), 'card manufacturer code after CMA');
      await personalise(card, context, CONFIG_FIELDS.issuerCode.address, [0x56]);
    },
  },
  {
    id: 'AT88SC1608-FUSE-005',
    clause: `${DS}: Write 7 is the secure code only until PER = 0`,
    title: 'After PER the secure code no longer opens the configuration zone',
    tags: ['fuse', 'secure-code', 'lock'],
    requires: FRESH,
    async run(context) {
      const card = await issuedCard(context);
      await present(card, SECURE_CODE, context.target.defaultSecret, true);
      await refused(card, cmd.writeConfigurationZone(CONFIG_FIELDS.accessRegisters.address, bytes(0x00)), 'AR0 after PER');
      await refused(card, cmd.writeConfigurationZone(CONFIG_FIELDS.issuerCode.address, bytes(0x00)), 'issuer code after PER');
      await refused(card, cmd.writeConfigurationZone(passwordAddress(W(1)), bytes(0, 0, 0)), 'Write 1 with Write 7 after PER');
      checkBytes(await readConfig(card, CONFIG_FIELDS.secretSeed.address, 8), new Uint8Array(8), 'Gc after PER');
    },
  },
  {
    id: 'AT88SC1608-FUSE-006',
    clause: 'AT88SC1608 0971H p8 "Password Sets": the write password allows changing the passwords of its set',
    title: 'After PER, Write 1 changes set 1 passwords and nothing else',
    tags: ['fuse', 'password'],
    requires: FRESH,
    async run(context) {
      const card = await issuedCard(context);
      await present(card, W(1), bytes(0x11, 0x11, 0x11), true);
      await acked(card, cmd.writeConfigurationZone(passwordAddress(W(1)), bytes(0xab, 0xcd, 0xef)), 'new Write 1');
      await settle(card);
      await refused(card, cmd.writeConfigurationZone(passwordAddress(W(2)), bytes(0, 0, 0)), 'Write 2 with Write 1');
      await card.reset();
      await present(card, W(1), bytes(0xab, 0xcd, 0xef), true);
    },
  },
];
