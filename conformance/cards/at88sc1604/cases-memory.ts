import { hexByte } from '../../../src/core/hex.ts';
import { AT88SC1604_BITS, AT88SC1604_DEFAULT_SC, AT88SC1604_MAP as M } from '../../../src/cards/at88sc1604/commands.ts';
import { compareCode, eraseZone } from '../../../src/cards/at88sc102/family.ts';
import { expectMute } from '../card-checks.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { ack, card, checkErased, eraseUnitAt, MAP, powered, present, readAt, SC, writeAt, Z, type CardCase } from './case-kit.ts';

export const memoryCases: CardCase[] = [
  card('AT88SC1604-ATR-001', 'AT88SC1604: synchronous ISO/IEC 7816-3 part with address-reset RST, no answer-to-reset (as AT88SC102)', 'Power-on answers no bytes; the fabrication zone identifies the card', ['atr'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await c.reset(), new Uint8Array(0), 'answer to reset');
    checkBytes(await readAt(c, M.fz.start, 2), Uint8Array.of(0x0f, 0x0f), 'FZ');
  }),
  card('AT88SC1604-READ-001', `${MAP}; blank card`, 'A blank card reads 2009 bytes: FZ, erased memory with the codes hidden, FUSE1 blown', ['read', 'factory'], async (ctx) => {
    const c = await powered(ctx);
    const all = (await ack(c, { bytes: Uint8Array.of(0x52, 0x00, 0x00) }, 'read to the end')).data;
    checkEqual(all.length, AT88SC1604_BITS / 8, 'bytes to the end of memory');
    checkBytes(all.slice(0, 2), Uint8Array.of(0x0f, 0x0f), 'FZ');
    checkErased(all.slice(2, M.fuse1.start / 8), 'IZ..MTZ');
    checkBytes(all.slice(M.fuse1.start / 8), Uint8Array.of(0x00, 0xff), 'FUSE1 blown, FUSE2 intact');
  }),
  card('AT88SC1604-READ-002', `${MAP}: codes readable in level 1 only with SC`, 'SC, SC1 and EZ1 read FF before SC is validated and their contents after', ['read', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await readAt(c, M.sc.start, 2), Uint8Array.of(0xff, 0xff), 'SC hidden');
    checkEqual(await present(c, SC, AT88SC1604_DEFAULT_SC), 8, 'attempts left');
    checkBytes(await readAt(c, M.sc.start, 2), AT88SC1604_DEFAULT_SC, 'SC after validation');
    await writeAt(c, Z[0].sc.start, Uint8Array.of(0x11, 0x22));
    checkBytes(await readAt(c, Z[0].sc.start, 2), Uint8Array.of(0x11, 0x22), 'SC1 after writing it with SC');
  }),
  card('AT88SC1604-WRITE-001', 'AT88SC1604: write programs bits to 0; MTZ "允许读出、写入和擦除" (ee.mweda.com 196682 (9))', 'The memory test zone is free and writing only clears bits', ['write'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await writeAt(c, M.mtz.start, Uint8Array.of(0x5a)), Uint8Array.of(0x5a), 'MTZ after 5A');
    checkBytes(await writeAt(c, M.mtz.start, Uint8Array.of(0xa5)), Uint8Array.of(0x00), 'MTZ after A5 over 5A');
  }),
  card('AT88SC1604-WRITE-002', `${MAP}: IZ and CPZ written with SC in level 1`, 'IZ and CPZ refuse writes without SC and take them with it; FZ never', ['write', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await writeAt(c, M.iz.start, Uint8Array.of(0x12)), Uint8Array.of(0xff), 'IZ without SC');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x12)), Uint8Array.of(0xff), 'CPZ without SC');
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    checkBytes(await writeAt(c, M.iz.start, Uint8Array.of(0x12)), Uint8Array.of(0x12), 'IZ with SC');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x34)), Uint8Array.of(0x34), 'CPZ with SC');
    checkBytes(await writeAt(c, M.fz.start, Uint8Array.of(0x00)), Uint8Array.of(0x0f), 'FZ with SC');
  }),
  card('AT88SC1604-ERASE-001', 'AT88SC1604: byte-aligned fields (SCAC is the single byte 00Ch); stbpay erase unit = 1 byte', 'An erase pulse erases exactly one byte', ['erase'], async (ctx) => {
    const c = await powered(ctx);
    await writeAt(c, M.mtz.start, Uint8Array.of(0x00, 0x00));
    checkBytes(await eraseUnitAt(c, M.mtz.start + 3), Uint8Array.of(0xff), 'the erased byte');
    checkBytes(await readAt(c, M.mtz.start, 2), Uint8Array.of(0xff, 0x00), 'MTZ');
  }),
  card('AT88SC1604-ERASE-002', `${MAP}: CPZ erased with SC`, 'CPZ is erased only with SC', ['erase', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    await writeAt(c, M.cpz.start, Uint8Array.of(0x00));
    await c.powerOff();
    await c.powerOn();
    checkBytes(await eraseUnitAt(c, M.cpz.start), Uint8Array.of(0x00), 'CPZ erased without SC');
    await present(c, SC, AT88SC1604_DEFAULT_SC);
    checkBytes(await eraseUnitAt(c, M.cpz.start), Uint8Array.of(0xff), 'CPZ erased with SC');
  }),
  card('AT88SC1604-CMD-001', 'stbpay AT88SC chip-command encoding (docs/cards/at88sc1604.md §Encoding)', 'Malformed commands, the AT88SC102-only zone erase and comparisons outside code fields are not acknowledged', ['command'], async (ctx) => {
    const c = await powered(ctx);
    for (const bytes of [Uint8Array.of(0x30), Uint8Array.of(0x57, 0x00, 0x10), eraseZone(1).bytes, Uint8Array.of(0x52, 0x3e, 0xd0)]) {
      checkEqual((await c.execute({ bytes, readLength: 1 })).acknowledged, false, `acknowledge of ${Array.from(bytes, hexByte).join(' ')}`);
    }
    checkEqual((await c.execute(compareCode(M.cpz.start, Uint8Array.of(0, 0)))).acknowledged, false, 'compare at CPZ');
  }),
  card('AT88SC1604-PWR-003', 'src/cards/synchronous-card.ts: an unpowered card does not answer', 'Commands to an unpowered card get no answer', ['power'], async (ctx) => {
    const c = await powered(ctx);
    await c.powerOff();
    await expectMute(c.execute({ bytes: Uint8Array.of(0x52, 0x00, 0x00), readLength: 2 }), 'read on an unpowered card');
  }),
];
