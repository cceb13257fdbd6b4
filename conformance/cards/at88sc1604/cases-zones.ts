import { AT88SC1604_DEFAULT_SC, AT88SC1604_MAP as M } from '../../../src/cards/at88sc1604/commands.ts';
import { blowFuse, compareCode } from '../../../src/cards/at88sc102/family.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { ack, BLANK, card, eraseUnitAt, EZ, personalised, powered, present, readAt, SC, SC1, WRONG, writeAt, Z, type CardCase } from './case-kit.ts';

const ZONES = 'AT88SC1604 application zones: own codes SCn, erase keys EZn with EnAC, Pn/Rn first bits of AZn (ee.mweda.com 196682 (6)-(8))';
const FUSE = 'AT88SC1604 FUSE2 ends personalisation; EZn then only compared (ee.mweda.com 196682 (6))';

export const zoneCases: CardCase[] = [
  card('AT88SC1604-ZONE-001', ZONES, 'In level 2 zone 1 is written with SC1; SC alone does not open it', ['zone', 'level2'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c);
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    checkBytes(await writeAt(c, Z[0].az.start + 8, Uint8Array.of(0x42)), Uint8Array.of(0xff), 'AZ1 with SC only');
    checkEqual(await present(c, SC1, BLANK), 8, 'SC1 attempts left');
    checkBytes(await writeAt(c, Z[0].az.start + 8, Uint8Array.of(0x42)), Uint8Array.of(0x42), 'AZ1 with SC1');
  }),
  card('AT88SC1604-ZONE-002', `${ZONES}; SC2-SC4 have no counter (sqf-ice try_times 0)`, 'A zone 2-4 code counts only once SC is validated', ['zone', 'level2'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c);
    await ack(c, compareCode(Z[1].sc.start, BLANK), 'compare SC2 without SC');
    checkBytes(await writeAt(c, Z[1].az.start + 8, Uint8Array.of(0x42)), Uint8Array.of(0xff), 'AZ2 after SC2 without SC');
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    await ack(c, compareCode(Z[1].sc.start, BLANK), 'compare SC2 with SC');
    checkBytes(await writeAt(c, Z[1].az.start + 8, Uint8Array.of(0x42)), Uint8Array.of(0x42), 'AZ2 after SC2 with SC');
  }),
  card('AT88SC1604-ZONE-003', ZONES, 'Zones are isolated: SC1 does not open zone 3', ['zone', 'level2'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c);
    await present(c, SC1, BLANK);
    checkBytes(await writeAt(c, Z[2].az.start + 8, Uint8Array.of(0x42)), Uint8Array.of(0xff), 'AZ3 with SC1');
  }),
  card('AT88SC1604-ZONE-004', `${ZONES}: Rn = 0 hides AZn`, 'With R4 = 0, zone 4 reads FF to hosts without SC4 in level 2', ['zone', 'read'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c, async () => void (await writeAt(c, Z[3].az.start, Uint8Array.of(0xbf, 0x5a))));
    checkBytes(await readAt(c, Z[3].az.start, 2), Uint8Array.of(0xff, 0xff), 'AZ4 without SC4');
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    await ack(c, compareCode(Z[3].sc.start, BLANK), 'compare SC4');
    checkBytes(await readAt(c, Z[3].az.start, 2), Uint8Array.of(0xbf, 0x5a), 'AZ4 with SC4');
  }),
  card('AT88SC1604-ZONE-005', `${ZONES}: Pn = 0 write-protects AZn`, 'With P1 = 0, zone 1 refuses writes in level 2 even with SC1', ['zone', 'write'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c, async () => void (await writeAt(c, Z[0].az.start, Uint8Array.of(0x7f))));
    await present(c, SC1, BLANK);
    checkBytes(await writeAt(c, Z[0].az.start + 8, Uint8Array.of(0x42)), Uint8Array.of(0xff), 'AZ1 (P1 = 0) with SC1');
  }),
  card('AT88SC1604-ZONE-006', `${ZONES}: "如需对应用区进行擦除操作,都必须首先对相应的EZ区输送一个擦除密码"`, 'In level 2 AZ1 is erased only after its erase key; a wrong key costs an E1AC attempt', ['zone', 'erase', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c, async () => void (await writeAt(c, Z[0].az.start + 8, Uint8Array.of(0x00))));
    await present(c, SC1, BLANK);
    checkBytes(await eraseUnitAt(c, Z[0].az.start + 8), Uint8Array.of(0x00), 'AZ1 byte erased with SC1 only');
    checkEqual(await present(c, EZ(1), WRONG), 7, 'E1AC attempts after a wrong key');
    checkEqual(await present(c, EZ(1), BLANK), 8, 'E1AC attempts after the right key');
    checkBytes(await eraseUnitAt(c, Z[0].az.start + 8), Uint8Array.of(0xff), 'AZ1 byte erased after EZ1');
  }),
  card('AT88SC1604-ZONE-007', ZONES, 'In level 2 the holder of SC1 can change SC1', ['zone', 'level2'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c);
    await present(c, SC1, BLANK);
    await writeAt(c, Z[0].sc.start, Uint8Array.of(0x13, 0x57));
    await c.powerOff();
    await c.powerOn();
    checkEqual(await present(c, SC1, Uint8Array.of(0x13, 0x57)), 8, 'S1AC attempts with the new SC1');
  }),
  card('AT88SC1604-FUSE-001', FUSE, 'FUSE2 blows only with SC; then IZ is read-only and the erase keys are neither read nor written, even with SC', ['fuse', 'level2'], async (ctx) => {
    const c = await powered(ctx);
    await ack(c, blowFuse(M.fuse2.start), 'blow without SC');
    checkBytes(await readAt(c, M.fuse2.start, 1), Uint8Array.of(0xff), 'FUSE2 without SC');
    await personalised(c);
    checkBytes(await readAt(c, M.fuse2.start, 1), Uint8Array.of(0x00), 'FUSE2 blown');
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    checkBytes(await writeAt(c, M.iz.start, Uint8Array.of(0x00)), Uint8Array.of(0xff), 'IZ in level 2');
    checkBytes(await writeAt(c, Z[1].ez.start, Uint8Array.of(0x00)), Uint8Array.of(0xff), 'EZ2 in level 2');
    checkBytes(await eraseUnitAt(c, M.fuse2.start), Uint8Array.of(0x00), 'FUSE2 after an erase pulse');
  }),
];
