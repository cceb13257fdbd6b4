import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { check, checkBytes } from '../../framework/case.ts';
import { FRESH, R, acked, bytes, poweredCard, present, readUser, refused, writeUser, zoneCard, type Case } from './case-kit.ts';

const DS = 'AT88SC1608 0971';
const ff = (n: number): Uint8Array => new Uint8Array(n).fill(0xff);

export const memoryCases: Case[] = [
  {
    id: 'AT88SC1608-ATR-001',
    clause: `${DS}G p12 Fig. 9`,
    title: 'Power-on answers with the ATR 2C AA 55 A0',
    tags: ['atr'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      checkBytes(await card.reset(), cmd.AT88SC1608_ATR, 'ATR after RST');
      await card.powerOff();
      checkBytes(await card.powerOn(), cmd.AT88SC1608_ATR, 'ATR after power-on');
    },
  },
  {
    id: 'AT88SC1608-ATR-002',
    clause: `${DS}G p12 "Answer-to-reset": after RST all password privileges are reset`,
    title: 'RST drops the verified password',
    tags: ['atr', 'password'],
    requires: FRESH,
    async run(context) {
      const card = await zoneCard(context, 1, 0xbf, 0xf8, [[R(0), [0x11, 0x22, 0x33]]]);
      await present(card, R(0), bytes(0x11, 0x22, 0x33), true);
      checkBytes(await readUser(card, 1, 0, 2), ff(2), 'zone 1 with Read 0 verified');
      await card.reset();
      checkBytes(await readUser(card, 1, 0, 2), bytes(0, 0), 'zone 1 after RST (read password needed again)');
    },
  },
  {
    id: 'AT88SC1608-ZONE-001',
    clause: `${DS}H §10.1 note: no user zone access at power-on until Set User Zone Address`,
    title: 'User zone commands are refused until a zone is selected',
    tags: ['zone'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      await refused(card, cmd.readUserZone(0, 1), 'Read User Zone before Set User Zone Address');
      await refused(card, cmd.writeUserZone(0, bytes(0x5a)), 'Write User Zone before Set User Zone Address');
      checkBytes(await readUser(card, 0, 0, 1), ff(1), 'zone 0 after Set User Zone Address');
    },
  },
  {
    id: 'AT88SC1608-ZONE-002',
    clause: `${DS}H §10.1: Set User Zone Address sets the three MSBs of the address`,
    title: 'The same byte address in two zones is two different bytes',
    tags: ['zone', 'write'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      check((await writeUser(card, 3, 0x20, [0x5a])).acknowledged, 'write in zone 3 acknowledged');
      checkBytes(await readUser(card, 2, 0x20, 1), ff(1), 'zone 2 byte 0x20');
      checkBytes(await readUser(card, 3, 0x20, 1), bytes(0x5a), 'zone 3 byte 0x20');
      checkBytes(await readUser(card, 4, 0x20, 1), ff(1), 'zone 4 byte 0x20');
    },
  },
  {
    id: 'AT88SC1608-ZONE-003',
    clause: `${DS}H §10.1: the zone address is volatile`,
    title: 'Power-off forgets the selected zone',
    tags: ['zone', 'power'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      await acked(card, cmd.setUserZoneAddress(5), 'select zone 5');
      await card.powerOff();
      await card.powerOn();
      await refused(card, cmd.readUserZone(0, 1), 'Read User Zone after power cycle');
    },
  },
  {
    id: 'AT88SC1608-READ-001',
    clause: `${DS}H p1: eight 256-byte user zones; sequential read (roll-over inside the zone UNVERIFIED)`,
    title: 'A blank zone reads FF over all 256 bytes; a read past the end rolls over to its start',
    tags: ['read', 'unverified'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      for (const zone of [0, 7]) checkBytes(await readUser(card, zone, 0, 256), ff(256), `zone ${zone}`);
      check((await writeUser(card, 6, 0x00, [0x01, 0x02])).acknowledged, 'write in zone 6 acknowledged');
      checkBytes(await readUser(card, 6, 0xfe, 4), bytes(0xff, 0xff, 0x01, 0x02), 'read 4 from 0xFE');
    },
  },
  {
    id: 'AT88SC1608-WRITE-001',
    clause: `${DS}H p1: 16-byte page write, self-timed`,
    title: 'A whole page written in one command reads back',
    tags: ['write', 'page'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      const page = Array.from({ length: 16 }, (_, i) => (i * 17) & 0xff);
      check((await writeUser(card, 1, 0x30, page)).acknowledged, 'page write acknowledged');
      checkBytes(await readUser(card, 1, 0x30, 16), Uint8Array.from(page), 'page 0x30 of zone 1');
      checkBytes(await readUser(card, 1, 0x40, 1), ff(1), 'first byte of the next page');
    },
  },
  {
    id: 'AT88SC1608-PAGE-001',
    clause: `${DS}H p1: 16-byte page write (roll-over inside the page as Atmel two-wire EEPROMs do)`,
    title: 'Bytes past the end of a page roll over to its start, not into the next page',
    tags: ['page', 'write'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      check((await writeUser(card, 0, 0x0e, [0xa1, 0xa2, 0xa3, 0xa4])).acknowledged, 'write acknowledged');
      checkBytes(await readUser(card, 0, 0x00, 2), bytes(0xa3, 0xa4), 'page start 0x00..0x01');
      checkBytes(await readUser(card, 0, 0x0e, 2), bytes(0xa1, 0xa2), 'page end 0x0E..0x0F');
      checkBytes(await readUser(card, 0, 0x10, 2), ff(2), 'next page 0x10..0x11');
    },
  },
  {
    id: 'AT88SC1608-PAGE-002',
    clause: `${DS}H p1: 16-byte page write; more bytes roll over and replace the first ones`,
    title: 'Eighteen bytes into one page: the last sixteen stay',
    tags: ['page', 'write'],
    requires: FRESH,
    async run(context) {
      const card = await poweredCard(context);
      const data = Array.from({ length: 18 }, (_, i) => 0x40 + i);
      check((await writeUser(card, 2, 0x20, data)).acknowledged, 'write acknowledged');
      const expected = Array.from({ length: 16 }, (_, i) => (i < 2 ? 0x50 + i : 0x40 + i));
      checkBytes(await readUser(card, 2, 0x20, 16), Uint8Array.from(expected), 'page 0x20');
    },
  },
];
