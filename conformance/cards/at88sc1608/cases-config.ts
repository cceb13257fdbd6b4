import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { CONFIG_FIELDS, pacAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { FRESH, W, acked, bytes, personalise, poweredCard, present, readConfig, settle, type Case } from './case-kit.ts';
import { CODE, cardWithPassword } from './cases-password.ts';

const DS = 'AT88SC1608 0971';

export const configCases: Case[] = [
  {
    id: 'AT88SC1608-CONF-001',
    clause: `${DS}G p12 Fig. 9 (ATR register); ACS ACR38 manual: fuse byte at configuration address $80`,
    title: 'The configuration zone holds the ATR register; $80 reads the fuse byte',
    tags: ['config', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      checkBytes(await readConfig(card, CONFIG_FIELDS.answerToReset.address, 4), cmd.AT88SC1608_ATR, 'ATR register');
      checkEqual(((await readConfig(card, cmd.FUSE_ADDRESS, 1))[0] ?? 0) & 0x07, 0x07, 'fuses FAB, CMA, PER on a fresh card');
    },
  },
  {
    id: 'AT88SC1608-CONF-002',
    clause: `${DS}H p8 "Secure Code": personalisation needs the secure code`,
    title: 'Without the secure code the configuration zone is not writable',
    tags: ['config', 'secure-code'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      const before = await readConfig(card, CONFIG_FIELDS.issuerCode.address, 8);
      const response = await card.execute(cmd.writeConfigurationZone(CONFIG_FIELDS.issuerCode.address, bytes(1, 2, 3, 4)));
      checkEqual(response.acknowledged, false, 'write acknowledged');
      await settle(card);
      checkBytes(await readConfig(card, CONFIG_FIELDS.issuerCode.address, 8), before, 'issuer code');
    },
  },
  {
    id: 'AT88SC1608-CONF-003',
    clause: `${DS}H p8 "Secure Code": Write 7 is the secure code until PER`,
    title: 'With the secure code the issuer code and access registers are written',
    tags: ['config', 'secure-code'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      await personalise(card, context, CONFIG_FIELDS.issuerCode.address, [0x49, 0x53, 0x53, 0x55, 0x45, 0x52, 0x30, 0x31]);
      await personalise(card, context, CONFIG_FIELDS.accessRegisters.address, [0x7f, 0xf9, 0xbf, 0xfa]);
    },
  },
  {
    id: 'AT88SC1608-CONF-004',
    clause: `${DS}H p8 "Secret Seed (Gc)"; readable only with the secure code before PER (UNVERIFIED)`,
    title: 'The secret seed reads as 00 without the secure code',
    tags: ['config', 'secret', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      const seed = [1, 2, 3, 4, 5, 6, 7, 8];
      await personalise(card, context, CONFIG_FIELDS.secretSeed.address, seed);
      await card.reset();
      checkBytes(await readConfig(card, CONFIG_FIELDS.secretSeed.address, 8), new Uint8Array(8), 'Gc without the secure code');
    },
  },
  {
    id: 'AT88SC1608-CONF-005',
    clause: `${DS}H p8 "Password Sets"; PACs readable, passwords hidden without rights (UNVERIFIED)`,
    title: 'Passwords read as 00 without rights, their PACs read as they are',
    tags: ['config', 'password', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await cardWithPassword(context, W(4));
      checkBytes(await readConfig(card, pacAddress(W(4)), 4), bytes(0xff, 0, 0, 0), 'PAC and Write 4 without rights');
      await present(card, W(4), Uint8Array.from(CODE), true);
      checkBytes(await readConfig(card, pacAddress(W(4)), 4), bytes(0xff, ...CODE), 'PAC and Write 4 with Write 4');
    },
  },
  {
    id: 'AT88SC1608-CONF-006',
    clause: `${DS}H p8 "Memory Test Zone": a 64-bit free access zone`,
    title: 'The memory test zone is written and read without any code',
    tags: ['config'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      const mtz = CONFIG_FIELDS.memoryTestZone.address;
      await acked(card, cmd.writeConfigurationZone(mtz, bytes(0xa5, 0x5a, 0x00, 0xff)), 'write memory test zone');
      await settle(card);
      checkBytes(await readConfig(card, mtz, 4), bytes(0xa5, 0x5a, 0x00, 0xff), 'memory test zone');
    },
  },
  {
    id: 'AT88SC1608-CONF-007',
    clause: 'CryptoMemory 5211C "Write Config Zone": no byte written if any is unauthorised (UNVERIFIED for the 1608)',
    title: 'A page write that reaches a protected byte writes nothing',
    tags: ['config', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      const mtz = CONFIG_FIELDS.memoryTestZone.address;
      const before = await readConfig(card, mtz, 2);
      const response = await card.execute(cmd.writeConfigurationZone(mtz - 2, bytes(1, 2, 3, 4)));
      checkEqual(response.acknowledged, false, 'write across Gc and the memory test zone acknowledged');
      await settle(card);
      checkBytes(await readConfig(card, mtz, 2), before, 'memory test zone');
    },
  },
];
