import { VirtualClock } from '../../../src/core/clock.ts';
import { expectMute, faultsOf } from '../card-checks.ts';
import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { SECURE_CODE } from '../../../src/cards/at88sc1608/commands.ts';
import { pacAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { check, checkBytes, checkEqual, notApplicable } from '../../framework/case.ts';
import { CARD_CAPABILITY, freshCard } from '../target.ts';
import { FRESH, acked, bytes, poweredCard, present, readUser, refused, settle, writeUser, zoneCard, type Case } from './case-kit.ts';

const DS = 'AT88SC1608 0971';

export const powerCases: Case[] = [
  {
    id: 'AT88SC1608-PWR-001',
    clause: 'ISO 7816-3 activation: an unpowered card does not answer',
    title: 'A command to an unpowered card gets no answer',
    tags: ['power'],
    requires: FRESH,
    async run(context) {
      const card = await freshCard(context);
      await expectMute(card.execute(cmd.readConfigurationZone(0, 1)), 'read on an unpowered card');
    },
  },
  {
    id: 'AT88SC1608-PWR-002',
    clause: `${DS}H §9.1: a verified password stays active until power is turned off`,
    title: 'Power-off drops the verified password',
    tags: ['power', 'password'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 1, 0x7f, 0xff);
      await present(card, SECURE_CODE, context.target.defaultSecret, true);
      check((await writeUser(card, 1, 0, [0x01])).acknowledged, 'write with the secure code');
      await card.powerOff();
      await card.powerOn();
      check(!(await writeUser(card, 1, 1, [0x02])).acknowledged, 'write after a power cycle refused');
    },
  },
  {
    id: 'AT88SC1608-PWR-003',
    clause: `${DS}H p1 (self-timed page write); no anti-tearing: a cut leaves the bytes programmed so far`,
    title: 'Power lost in the third byte of a page write: two bytes new, the third erased, the fourth old',
    tags: ['power', 'power-loss', 'write'],
    requires: [...FRESH, CARD_CAPABILITY.powerLoss],
    async run(context) {
      const card = await poweredCard(context);
      check((await writeUser(card, 0, 0x20, [0x00, 0x11, 0x22, 0x33])).acknowledged, 'first write');
      await acked(card, cmd.setUserZoneAddress(0), 'select zone 0');
      faultsOf(card).powerLossAfter(2);
      await expectMute(card.execute(cmd.writeUserZone(0x20, bytes(0xaa, 0xbb, 0xcc, 0xdd))), 'page write');
      await card.powerOn();
      checkBytes(await readUser(card, 0, 0x20, 4), bytes(0xaa, 0xbb, 0xff, 0x33), 'bytes 0x20..0x23');
    },
  },
  {
    id: 'AT88SC1608-TIME-001',
    clause: `${DS}H p1: self-timed write cycle 10 ms max; ${DS}G p12: ACK polling`,
    title: 'During the 10 ms write cycle the chip NACKs; afterwards it ACKs',
    tags: ['timing', 'write'],
    requires: [...FRESH, CARD_CAPABILITY.timing],
    async run(context) {
      const clock = new VirtualClock();
      const card = await poweredCard(context, { timing: true, clock });
      await acked(card, cmd.setUserZoneAddress(0), 'select zone 0');
      const write = await acked(card, cmd.writeUserZone(0, bytes(0x5a)), 'write');
      checkEqual(write.busyMicros, cmd.WRITE_CYCLE_MICROS, 'reported cycle time, µs');
      await refused(card, cmd.ackPoll(), 'ACK poll at once');
      clock.advance(9);
      await refused(card, cmd.readUserZone(0, 1), 'read after 9 ms');
      clock.advance(1);
      checkBytes((await acked(card, cmd.readUserZone(0, 1), 'read after 10 ms')).data, bytes(0x5a), 'byte 0');
    },
  },
  {
    id: 'AT88SC1608-TIME-002',
    clause: `${DS}G p12: after Verify Password, ACK polling with $B5 + PAC address reads the PAC`,
    title: 'The datasheet verification procedure: poll $B5 with the PAC address until ACK',
    tags: ['timing', 'password'],
    requires: [...FRESH, CARD_CAPABILITY.timing],
    async run(context) {
      const clock = new VirtualClock();
      const card = await poweredCard(context, { timing: true, clock });
      await acked(card, cmd.verifyPassword(SECURE_CODE, context.target.defaultSecret), 'Verify Password');
      const poll = cmd.readConfigurationZone(pacAddress(SECURE_CODE), 1);
      let polls = 0;
      for (; !(await card.execute(poll)).acknowledged; polls++) await clock.sleep(1);
      check(polls >= 9 && polls <= 10, `NACKed for the 10 ms cycle (${polls} polls of 1 ms)`);
      checkBytes((await acked(card, poll, 'PAC read')).data, bytes(0xff), 'PAC Write 7');
    },
  },
  {
    id: 'AT88SC1608-TIME-003',
    clause: 'stbpay timing model off: cycles take no time',
    title: 'With the timing model off the chip is never busy',
    tags: ['timing'],
    requires: [...FRESH, CARD_CAPABILITY.timing],
    async run(context) {
      const card = await poweredCard(context, { timing: false });
      await acked(card, cmd.setUserZoneAddress(0), 'select zone 0');
      checkEqual((await acked(card, cmd.writeUserZone(0, bytes(1)), 'write')).busyMicros, 0, 'busy µs');
      await acked(card, cmd.readUserZone(0, 1), 'read right after the write');
    },
  },
  ...['AUTH-001', 'AUTH-002'].map(
    (id, i): Case => ({
      id: `AT88SC1608-${id}`,
      clause: `${DS}H §9.2, Table 10-1 (Initialize/Verify Authentication)`,
      title: [
        'Initialize + Verify Authentication with the right cryptogram opens an authentication zone and resets the AAC',
        'A failed authentication writes one more AAC bit to 0; eight failures lock authentication',
      ][i]!,
      tags: ['authentication'],
      requires: [...FRESH, CARD_CAPABILITY.authentication],
      async run() {
        notApplicable('the AT88SC1608 authentication cipher is not implemented in stbpay');
      },
    }),
  ),
  {
    id: 'AT88SC1608-AUTH-003',
    clause: 'stbpay: authentication not implemented; the emulator must refuse it, not fake it',
    title: 'Initialize and Verify Authentication are refused (NACK) and grant nothing',
    tags: ['authentication'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 3, 0xdf, 0xff);
      const init = await card.execute(cmd.initializeAuthentication(new Uint8Array(8)));
      await settle(card);
      const verify = await card.execute(cmd.verifyAuthentication(new Uint8Array(8)));
      await settle(card);
      // Whatever the target does with the commands, an all-zero challenge is no valid cryptogram:
      // a target that acknowledges and opens the zone fakes authentication and fails here.
      checkBytes(await readUser(card, 3, 0, 1), bytes(0), 'authentication zone after Initialize/Verify Authentication with a zero challenge');
      if (init.acknowledged || verify.acknowledged) notApplicable('the target implements authentication; see AUTH-001/002');
    },
  },
];
