import { AT88SC1604_DEFAULT_SC, AT88SC1604_MAP as M } from '../../../src/cards/at88sc1604/commands.ts';
import { compareCode } from '../../../src/cards/at88sc102/family.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { ack, card, eraseUnitAt, EZ, personalised, powered, present, readAt, SC, SC1, WRONG, writeAt, Z, type CardCase } from './case-kit.ts';

const PROC = 'AT88SC1604 code presentation: compare, write a counter bit, erase the counter (sqf-ice/Mygit sc0204_checkbytes; ACS family VERIFY procedure); 8 attempts (ee.mweda.com 196682 (7))';

export const securityCases: CardCase[] = [
  card('AT88SC1604-SEC-001', PROC, 'The right SC keeps all eight attempts and opens the card', ['sc'], async (ctx) => {
    const c = await powered(ctx);
    checkEqual(await present(c, SC, AT88SC1604_DEFAULT_SC), 8, 'attempts left');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0x3c), 'CPZ written');
  }),
  card('AT88SC1604-SEC-002', PROC, 'A wrong SC costs one SCAC bit and opens nothing', ['sc', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    checkEqual(await present(c, SC, WRONG), 7, 'attempts left');
    checkBytes(await readAt(c, M.scac.start, 1), Uint8Array.of(0x7f), 'SCAC');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0xff), 'CPZ');
  }),
  card('AT88SC1604-SEC-003', PROC, 'A right SC after wrong ones restores every attempt', ['sc', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, WRONG);
    await present(c, SC, WRONG);
    checkEqual(await present(c, SC, AT88SC1604_DEFAULT_SC), 8, 'attempts left');
  }),
  card('AT88SC1604-SEC-004', PROC, 'Without an attempt bit written after the comparison, the counter erase is refused', ['sc', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, WRONG);
    checkEqual(await present(c, SC, AT88SC1604_DEFAULT_SC, false), 7, 'attempts left without paying');
    await ack(c, compareCode(M.sc.start, WRONG), 'compare wrong');
    await writeAt(c, M.scac.start + 1, Uint8Array.of(0x7f));
    checkBytes(await eraseUnitAt(c, M.scac.start), Uint8Array.of(0x3f), 'SCAC after a paid wrong code and erase');
  }),
  card('AT88SC1604-LOCK-001', `${PROC}; locked after 8 wrong attempts`, 'Eight wrong SCs lock the card for good, over a power cycle', ['lock', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    for (let i = 7; i >= 0; i--) checkEqual(await present(c, SC, WRONG), i, 'attempts left');
    checkEqual(await present(c, SC, AT88SC1604_DEFAULT_SC), 0, 'right code on a locked card');
    await c.powerOff();
    await c.powerOn();
    checkBytes(await readAt(c, M.scac.start, 1), Uint8Array.of(0x00), 'SCAC after power cycle');
    checkBytes(await writeAt(c, M.iz.start, Uint8Array.of(0x00)), Uint8Array.of(0xff), 'IZ on a locked card');
  }),
  card('AT88SC1604-LOCK-002', `${PROC}; each zone code has its own counter (zgznk.com news37; sqf-ice SC1 at 15h, 8 tries)`, 'Eight wrong zone-1 codes lock SC1 only; SC still works', ['lock', 'zone'], async (ctx) => {
    const c = await powered(ctx);
    for (let i = 0; i < 8; i++) await present(c, SC1, WRONG);
    checkBytes(await readAt(c, SC1.counter.start, 1), Uint8Array.of(0x00), 'S1AC');
    checkEqual(await present(c, SC1, Uint8Array.of(0xff, 0xff)), 0, 'right SC1 on a locked zone code');
    checkEqual(await present(c, SC, AT88SC1604_DEFAULT_SC), 8, 'SC attempts left');
  }),
  card('AT88SC1604-SEC-005', `${PROC}; SC written with SC`, 'In level 2 the card holder can change SC; the new code works after power-off', ['sc', 'level2'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c);
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    await eraseUnitAt(c, M.sc.start);
    await eraseUnitAt(c, M.sc.start + 8);
    await writeAt(c, M.sc.start, Uint8Array.of(0x24, 0x68));
    await c.powerOff();
    await c.powerOn();
    checkEqual(await present(c, SC, Uint8Array.of(0x24, 0x68)), 8, 'attempts left with the new SC');
  }),
  card('AT88SC1604-LOCK-003', `${PROC}; "8次不正确的密码比较之后,该区所控制的应用区的擦除操作即被锁死" (ee.mweda.com 196682 (7))`, 'Eight wrong EZ4 keys lock zone 4 erases for good', ['lock', 'erase'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c, async () => void (await writeAt(c, Z[3].az.start + 8, Uint8Array.of(0x00))));
    for (let i = 0; i < 8; i++) await present(c, EZ(4), WRONG);
    checkEqual(await present(c, EZ(4), Uint8Array.of(0xff, 0xff)), 0, 'E4AC attempts after the right key');
    checkBytes(await eraseUnitAt(c, Z[3].az.start + 8), Uint8Array.of(0x00), 'AZ4 byte erase');
  }),
  card('AT88SC1604-PWR-001', 'AT88SC1604: validation flags are volatile', 'Validation is lost at power-off and kept over RST', ['power', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    await c.reset();
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x7f)), Uint8Array.of(0x7f), 'CPZ after RST');
    await c.powerOff();
    await c.powerOn();
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x00)), Uint8Array.of(0x7f), 'CPZ after power cycle');
  }),
];
