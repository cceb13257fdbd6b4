import { AT88SC102_MAP as M, AT88SC102_DEFAULT_SC } from '../../../src/cards/at88sc102/commands.ts';
import { blowFuse, compareCode, eraseZone } from '../../../src/cards/at88sc102/family.ts';
import type { TestCard } from '../target.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { ack, card, checkErased, eraseUnitAt, powered, present, readAt, writeAt, type CardCase } from './case-kit.ts';
import { SC } from './cases-memory.ts';

const FF6 = new Uint8Array(6).fill(0xff);
const FF4 = new Uint8Array(4).fill(0xff);
const ZONES = 'AT88SC102 application zones: P/R bits, erase keys EZ1/EZ2, erase counter EC2 (ACS ACR38x ERASE_APPLICATION_ZONE_WITH_ERASE / _WITH_WRITE_AND_ERASE)';
const FUSES = 'AT88SC102 fuses: manufacturer 1456, EC2EN 1529, issuer 1552 (ACS ACR38x BLOWN_FUSE table; limpkin/mooltipass blow_fuse)';

/** Personalises: code validated, `prepare` run in level 1, issuer fuse blown, power cycled, code validated again. */
async function personalised(c: TestCard, prepare: () => Promise<void> = async () => {}): Promise<void> {
  await present(c, SC, AT88SC102_DEFAULT_SC);
  await prepare();
  await ack(c, blowFuse(M.issuerFuse.start), 'blow the issuer fuse');
  await c.powerOff();
  await c.powerOn();
  await present(c, SC, AT88SC102_DEFAULT_SC);
}

export const zoneCases: CardCase[] = [
  card('AT88SC102-ZONE-001', `${ZONES}: R1 = 0 hides AZ1 from hosts without the code`, 'With R1 = 0, AZ1 reads FF without the code and its content with it', ['zone', 'read'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await writeAt(c, M.az1.start, Uint8Array.of(0x80, 0x00, 0x42));
    await c.powerOff();
    await c.powerOn();
    checkBytes(await readAt(c, M.az1.start, 3), Uint8Array.of(0xff, 0xff, 0xff), 'AZ1 without the code');
    await present(c, SC, AT88SC102_DEFAULT_SC);
    checkBytes(await readAt(c, M.az1.start, 3), Uint8Array.of(0x80, 0x00, 0x42), 'AZ1 with the code');
  }),
  card('AT88SC102-ZONE-002', `${ZONES}: P1 = 0 write-protects AZ1 in level 2`, 'In level 2 a zone with P = 0 refuses writes even with the code; one with P = 1 takes them', ['zone', 'write'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c, async () => void (await writeAt(c, M.az1.start, Uint8Array.of(0x7f))));
    checkBytes(await writeAt(c, M.az1.start + 16, Uint8Array.of(0x42)), Uint8Array.of(0xff), 'AZ1 (P1 = 0) written in level 2');
    checkBytes(await writeAt(c, M.az2.start + 16, Uint8Array.of(0x42)), Uint8Array.of(0x42), 'AZ2 (P2 = 1) written in level 2');
  }),
  card('AT88SC102-ZONE-003', `${ZONES}: EZ1 has no counter`, 'A wrong EZ1 erases nothing; the right one erases the whole of AZ1 with one pulse', ['zone', 'erase'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await writeAt(c, M.az1.start + 16, Uint8Array.of(0x00));
    await writeAt(c, M.az1.start + 500, Uint8Array.of(0xf0));
    await c.powerOff();
    await c.powerOn();
    await ack(c, compareCode(M.ez1.start, Uint8Array.of(1, 2, 3, 4, 5, 6)), 'compare EZ1 wrong');
    checkEqual((await ack(c, eraseZone(1), 'erase zone 1')).busyMicros, 0, 'busy of a refused zone erase');
    checkBytes(await readAt(c, M.az1.start + 16, 1), Uint8Array.of(0x00), 'AZ1 after a wrong key');
    await ack(c, compareCode(M.ez1.start, FF6), 'compare EZ1 right');
    await ack(c, eraseZone(1), 'erase zone 1');
    checkErased(await readAt(c, M.az1.start, 64), 'AZ1 after the right key');
  }),
  card('AT88SC102-ZONE-004', `${ZONES}: EC2 limits AZ2 erases to 128 in level 2`, 'In level 2 with EC2 active, AZ2 is erased only through EZ2, each erase paid with one EC2 bit', ['zone', 'erase', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c, async () => void (await writeAt(c, M.az2.start + 16, Uint8Array.of(0x00))));
    checkBytes(await eraseUnitAt(c, M.az2.start + 16), Uint8Array.of(0x00, 0xff), 'AZ2 word erase with the code');
    await ack(c, compareCode(M.ez2.start, FF4), 'compare EZ2 right');
    await ack(c, eraseZone(2), 'erase zone 2 without paying');
    checkBytes(await readAt(c, M.az2.start + 16, 1), Uint8Array.of(0x00), 'AZ2 after an unpaid zone erase');
    await ack(c, compareCode(M.ez2.start, FF4), 'compare EZ2 right');
    await writeAt(c, M.ec2.start, Uint8Array.of(0x7f));
    await ack(c, eraseZone(2), 'erase zone 2');
    checkErased(await readAt(c, M.az2.start, 64), 'AZ2 after a paid zone erase');
    checkBytes(await readAt(c, M.ec2.start, 2), Uint8Array.of(0x7f, 0xff), 'EC2 (the bit stays spent)');
  }),
  card('AT88SC102-FUSE-001', FUSES, 'Fuses blow only with the code, read 0 once blown and never come back', ['fuse'], async (ctx) => {
    const c = await powered(ctx);
    await ack(c, blowFuse(M.manufacturerFuse.start), 'blow without the code');
    checkBytes(await readAt(c, M.manufacturerFuse.start, 2), Uint8Array.of(0xff, 0xff), 'manufacturer fuse without the code');
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await ack(c, blowFuse(M.manufacturerFuse.start), 'blow with the code');
    checkBytes(await readAt(c, M.manufacturerFuse.start, 2), Uint8Array.of(0x00, 0x00), 'manufacturer fuse blown');
    checkBytes(await eraseUnitAt(c, M.manufacturerFuse.start), Uint8Array.of(0x00, 0x00), 'manufacturer fuse after an erase pulse');
  }),
  card('AT88SC102-FUSE-002', `${FUSES}; records locked after personalisation (AT88SC102 §2)`, 'Level 2: IZ read-only, SC and the erase keys hidden even with the code, CPZ still written with it', ['fuse', 'level2'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c);
    checkBytes(await writeAt(c, M.iz.start, Uint8Array.of(0x00)), Uint8Array.of(0xff), 'IZ written in level 2');
    checkBytes(await readAt(c, M.sc.start, 2), Uint8Array.of(0xff, 0xff), 'SC read in level 2');
    checkBytes(await writeAt(c, M.ez1.start, Uint8Array.of(0x00)), Uint8Array.of(0xff), 'EZ1 written in level 2');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0x3c), 'CPZ written in level 2');
  }),
  card('AT88SC102-FUSE-003', `${FUSES}: the manufacturer fuse locks MFZ`, 'Once the manufacturer fuse is blown, the manufacturer zone is read-only', ['fuse'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    checkBytes(await writeAt(c, M.mfz.start, Uint8Array.of(0x5a)), Uint8Array.of(0x5a), 'MFZ before the fuse');
    await ack(c, blowFuse(M.manufacturerFuse.start), 'blow');
    checkBytes(await writeAt(c, M.mfz.start, Uint8Array.of(0x00)), Uint8Array.of(0x5a), 'MFZ written after the fuse');
    checkBytes(await eraseUnitAt(c, M.mfz.start), Uint8Array.of(0x5a, 0xff), 'MFZ erased after the fuse');
  }),
  card('AT88SC102-FUSE-004', `${FUSES}: the EC2EN state is locked after personalisation`, 'After the issuer fuse no fuse can be blown, so EC2 stays as personalised', ['fuse', 'level2'], async (ctx) => {
    const c = await powered(ctx);
    await personalised(c);
    await ack(c, blowFuse(M.ec2enFuse.start), 'blow EC2EN in level 2');
    checkBytes(await readAt(c, M.ec2enFuse.start, 1), Uint8Array.of(0xff), 'EC2EN in level 2');
  }),
];
