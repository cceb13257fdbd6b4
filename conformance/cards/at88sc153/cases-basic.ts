import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { CONFIG, DCR, SECURE_CODE, WRITE_CYCLE_MICROS } from '../../../src/cards/at88sc153/commands.ts';
import { VirtualClock } from '../../../src/core/clock.ts';
import { expectMute, faultsOf } from '../card-checks.ts';
import { check, checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, freshCard, type CardTarget } from '../target.ts';
import { acked, expectUser, fill, openSecureCode, pac, readConfig, start, verifyOnce, writeConfig, writeUser } from './helpers.ts';

type Case = ConformanceCase<CardTarget>;
const ATR = Uint8Array.of(0x2c, 0xaa, 0x55, 0xa1);
const fresh = [CARD_CAPABILITY.freshCard];

export const basicCases: Case[] = [
  {
    id: 'AT88SC153-ATR-001',
    clause: '[1016 p12 Figure 8] answer-to-reset values $2C $AA $55 $A1, LSB first on 32 clocks',
    title: 'Power-on and RST answer 2C AA 55 A1',
    tags: ['atr'],
    requires: fresh,
    async run(context) {
      const card = await freshCard(context);
      checkBytes(await card.powerOn(), ATR, 'answer to reset at power-on');
      checkBytes(await card.reset(), ATR, 'answer to reset after RST');
    },
  },
  {
    id: 'AT88SC153-ATR-002',
    clause: '[1016 p9] a password stays active "until power is turned off, a new password is presented, or RST becomes active"',
    title: 'RST drops the verified secure code',
    tags: ['atr', 'security'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await openSecureCode(card, secret);
      await writeConfig(card, CONFIG.issuerCode, Uint8Array.of(0x11));
      await card.reset();
      await writeConfig(card, CONFIG.issuerCode, Uint8Array.of(0x22));
      checkBytes(await readConfig(card, CONFIG.issuerCode, 1), Uint8Array.of(0x11), 'issuer code after RST and a second write');
    },
  },
  {
    id: 'AT88SC153-ATR-003',
    clause: '[1016 p9] privileges last "as long as the chip is powered"',
    title: 'Power-off drops the verified secure code',
    tags: ['atr', 'security'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await openSecureCode(card, secret);
      await card.powerOff();
      await card.powerOn();
      await writeConfig(card, CONFIG.issuerCode, Uint8Array.of(0x22));
      checkBytes(await readConfig(card, CONFIG.issuerCode, 1), Uint8Array.of(0xff), 'issuer code written after a power cycle');
    },
  },
  {
    id: 'AT88SC153-ATR-004',
    clause: '[1016 p12] the two Verify Password commands must come in sequence; [p9] RST resets the session',
    title: 'RST between the two passes cancels the first pass',
    tags: ['atr', 'password'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      await verifyOnce(card, SECURE_CODE, secret);
      await card.reset();
      await verifyOnce(card, SECURE_CODE, secret);
      checkEqual(await pac(card, SECURE_CODE), 0xfc, 'secure-code counter: the pass after RST is a new first pass');
    },
  },
  {
    id: 'AT88SC153-READ-001',
    clause: '[1016 Features] three 64 x 8 user zones; blank EEPROM reads $FF',
    title: 'A blank card reads FF in every user zone and 8 attempts on every counter',
    tags: ['read'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      for (const zone of [0, 1, 2]) await expectUser(card, zone, 0, fill(64, 0xff), `user zone ${zone}`);
      for (const address of [0x30, 0x34, 0x38, 0x3c]) {
        checkEqual((await readConfig(card, address, 1))[0]!, 0xff, `attempts counter at $${address.toString(16).toUpperCase()}`);
      }
    },
  },
  {
    id: 'AT88SC153-WRITE-001',
    clause: '[1016 Features] three separate 64-byte user zones, commands B0/B4/B8 and B1/B5/B9',
    title: 'A write to one user zone leaves the other zones unchanged',
    tags: ['write'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      const data = context.random.bytes(8);
      await writeUser(card, 1, 16, data);
      await expectUser(card, 1, 16, data, 'user zone 1 page 2');
      await expectUser(card, 0, 16, fill(8, 0xff), 'user zone 0 page 2');
      await expectUser(card, 2, 16, fill(8, 0xff), 'user zone 2 page 2');
    },
  },
  {
    id: 'AT88SC153-PAGE-001',
    clause: '[1016 Features] 8-byte page write mode',
    title: 'A full page written at a page start lands on that page only',
    tags: ['write', 'page'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      const data = context.random.bytes(8);
      await writeUser(card, 0, 8, data);
      await expectUser(card, 0, 0, fill(8, 0xff), 'page 0');
      await expectUser(card, 0, 8, data, 'page 1');
      await expectUser(card, 0, 16, fill(8, 0xff), 'page 2');
    },
  },
  {
    id: 'AT88SC153-PAGE-002',
    clause: '[1016 Features] 8-byte page write: the address rolls over inside the page',
    title: 'A write crossing a page end wraps to the start of the same page',
    tags: ['write', 'page'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      await writeUser(card, 2, 0x0e, Uint8Array.of(1, 2, 3, 4));
      await expectUser(card, 2, 8, Uint8Array.of(3, 4, 0xff, 0xff, 0xff, 0xff, 1, 2), 'page 1 after the rolled-over write');
      await expectUser(card, 2, 16, fill(8, 0xff), 'page 2 (must be untouched)');
    },
  },
  {
    id: 'AT88SC153-PAGE-003',
    clause: '[1016 Features] 8-byte page write: bytes beyond 8 roll over and replace the first ones',
    title: 'Ten bytes sent to one page: the last two replace the first two',
    tags: ['write', 'page'],
    requires: fresh,
    async run(context) {
      const { card } = await start(context);
      await writeUser(card, 0, 0x20, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
      await expectUser(card, 0, 0x20, Uint8Array.of(9, 10, 3, 4, 5, 6, 7, 8), 'page 4');
      await expectUser(card, 0, 0x28, fill(8, 0xff), 'page 5 (must be untouched)');
    },
  },
  {
    id: 'AT88SC153-TIME-001',
    clause: '[1016 Features] self-timed write cycle 10 ms max; [p12] ACK polling until the cycle ends',
    title: 'After a page write the chip NACKs until 10 ms have passed',
    tags: ['timing'],
    requires: [...fresh, CARD_CAPABILITY.timing],
    async run(context) {
      const clock = new VirtualClock();
      const { card } = await start(context, { timing: true, clock });
      const write = await acked(card, cmd.writeUserZone(0, 0, fill(8, 0x5a)), 'page write');
      checkEqual(write.busyMicros, WRITE_CYCLE_MICROS, 'write cycle reported');
      check(!(await card.execute(cmd.readUserZone(0, 0, 1))).acknowledged, 'a read right after the write must be NACKed');
      clock.advance(9.9);
      check(!(await card.execute(cmd.readUserZone(0, 0, 1))).acknowledged, 'a read at 9.9 ms must be NACKed');
      clock.advance(0.1);
      checkBytes((await acked(card, cmd.readUserZone(0, 0, 1), 'read at 10 ms')).data, Uint8Array.of(0x5a), 'data after the cycle');
    },
  },
  {
    id: 'AT88SC153-TIME-002',
    clause: '[1016 p12] after Verify Password a write cycle updates the counter; ACK polling with $BD reads it',
    title: 'Verify Password starts a write cycle; $BD polling then reads the counter',
    tags: ['timing', 'password'],
    requires: [...fresh, CARD_CAPABILITY.timing],
    async run(context) {
      const clock = new VirtualClock();
      const { card, secret } = await start(context, { timing: true, clock });
      await verifyOnce(card, SECURE_CODE, secret);
      check(!(await card.execute(cmd.readConfigZone(0x38, 1))).acknowledged, '$BD poll during the counter write must be NACKed');
      clock.advance(10);
      checkEqual(await pac(card, SECURE_CODE), 0xfe, 'counter after the first pass');
    },
  },
  {
    id: 'AT88SC153-PWR-001',
    clause: '[1016: no anti-tearing] a cut page write leaves the cells programmed before the cut, the cut cell erased',
    title: 'Power lost in the 4th cell of a page write',
    tags: ['power-loss'],
    requires: [...fresh, CARD_CAPABILITY.powerLoss],
    async run(context) {
      const { card } = await start(context);
      await writeUser(card, 1, 0, fill(8, 0x11));
      faultsOf(card).powerLossAfter(3);
      await expectMute(card.execute(cmd.writeUserZone(1, 0, fill(8, 0x22))), 'page write');
      await card.powerOn();
      await expectUser(card, 1, 0, Uint8Array.of(0x22, 0x22, 0x22, 0xff, 0x11, 0x11, 0x11, 0x11), 'page after the cut');
    },
  },
  {
    id: 'AT88SC153-PWR-002',
    clause: '[card interface] an unpowered card does not answer',
    title: 'A command to an unpowered card gets no answer',
    tags: ['power'],
    requires: fresh,
    async run(context) {
      const card = await freshCard(context);
      await expectMute(card.execute(cmd.readUserZone(0, 0, 1)), 'read on an unpowered card');
    },
  },
  {
    id: 'AT88SC153-CS-001',
    clause: '[1016 Features "Programmable Chip Select"; CryptoMemory §8.5 device address $B + DCR nibble] (DCR layout unverified)',
    title: 'Commands outside the chip-select nibble are not acknowledged; the DCR adds a second nibble',
    tags: ['chip-select', 'unverified'],
    requires: fresh,
    async run(context) {
      const { card, secret } = await start(context);
      check(!(await card.execute({ bytes: Uint8Array.of(0xa1, 0x00), readLength: 1 })).acknowledged, '$A1 must not be acknowledged');
      await openSecureCode(card, secret);
      await writeConfig(card, CONFIG.deviceConfiguration, Uint8Array.of((0xff & ~DCR.CS) | 0x5));
      await writeUser(card, 0, 0, Uint8Array.of(0x42));
      checkBytes((await acked(card, { bytes: Uint8Array.of(0x51, 0x00), readLength: 1 }, '$51 read')).data, Uint8Array.of(0x42), 'zone 0 read with chip select 5');
    },
  },
];
