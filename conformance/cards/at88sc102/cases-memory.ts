import { hexByte } from '../../../src/core/hex.ts';
import { AT88SC102_BITS, AT88SC102_MAP as M, AT88SC102_DEFAULT_SC } from '../../../src/cards/at88sc102/commands.ts';
import { compareCode } from '../../../src/cards/at88sc102/family.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { ack, card, checkErased, eraseUnitAt, powered, present, readAt, writeAt, type CardCase } from './case-kit.ts';

export const SC = { code: M.sc, counter: M.scac, counted: 4 };
const MAP = 'AT88SC102 1419C memory map table';

export const memoryCases: CardCase[] = [
  card('AT88SC102-ATR-001', 'AT88SC102 1419C pin table (RST = address reset; no answer-to-reset)', 'Power-on answers no bytes; the card is identified by its fabrication zone 0F 0F', ['atr'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await c.reset(), new Uint8Array(0), 'answer to reset');
    checkBytes(await readAt(c, M.fz.start, 2), Uint8Array.of(0x0f, 0x0f), 'FZ');
  }),
  card('AT88SC102-READ-001', `${MAP}; blank card as shipped`, 'A blank card reads FZ 0F0F, everything else erased, SC hidden, 196 bytes to the end', ['read', 'factory'], async (ctx) => {
    const c = await powered(ctx);
    const all = (await ack(c, { bytes: Uint8Array.of(0x52, 0x00, 0x00) }, 'read to the end')).data;
    checkEqual(all.length, AT88SC102_BITS / 8, 'bytes clocked out to the end of memory');
    checkBytes(all.slice(0, 2), Uint8Array.of(0x0f, 0x0f), 'FZ');
    checkErased(all.slice(2), 'IZ..fuses (SC hidden, rest erased)');
  }),
  card('AT88SC102-READ-002', `${MAP}: SC readable in security level 1 only after validation`, 'SC reads FF FF before the code is validated and F0 F0 after', ['read', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await readAt(c, M.sc.start, 2), Uint8Array.of(0xff, 0xff), 'SC before validation');
    checkEqual(await present(c, SC, AT88SC102_DEFAULT_SC), 4, 'attempts left after the right code');
    checkBytes(await readAt(c, M.sc.start, 2), AT88SC102_DEFAULT_SC, 'SC after validation');
  }),
  card('AT88SC102-READ-003', `${MAP}: bit addresses`, 'Reads start at any bit: bits 4..19 of a blank card are F0 FF', ['read'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await readAt(c, 4, 2), Uint8Array.of(0xf0, 0xff), 'bits 4..19');
  }),
  card('AT88SC102-READ-004', `${MAP}: 1568 bits`, 'A read past the last bit is refused; one ending at it stops there', ['read', 'command'], async (ctx) => {
    const c = await powered(ctx);
    checkEqual((await c.execute({ bytes: Uint8Array.of(0x52, 0x06, 0x20), readLength: 1 })).acknowledged, false, 'read at bit 1568');
    checkEqual((await readAt(c, AT88SC102_BITS - 16, 8)).length, 2, 'bytes from bit 1552 asked 8');
  }),
  card('AT88SC102-WRITE-001', 'AT88SC102 1419C §3 terminology: write = program a bit to 0; MTZ free', 'Writing clears bits only: MTZ 5A then A5 reads 00', ['write'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await writeAt(c, M.mtz.start, Uint8Array.of(0x5a)), Uint8Array.of(0x5a), 'MTZ after writing 5A');
    checkBytes(await writeAt(c, M.mtz.start, Uint8Array.of(0xa5)), Uint8Array.of(0x00), 'MTZ after writing A5 over 5A');
  }),
  card('AT88SC102-WRITE-002', `${MAP}: IZ written in level 1 with SC`, 'The issuer zone refuses writes without the code and takes them with it', ['write', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    checkBytes(await writeAt(c, M.iz.start, Uint8Array.of(0x12)), Uint8Array.of(0xff), 'IZ written without the code');
    await present(c, SC, AT88SC102_DEFAULT_SC);
    checkBytes(await writeAt(c, M.iz.start, Uint8Array.of(0x12)), Uint8Array.of(0x12), 'IZ written with the code');
  }),
  card('AT88SC102-WRITE-003', `${MAP}: FZ programmed by Atmel`, 'The fabrication zone cannot be written, even with the code', ['write'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    checkBytes(await writeAt(c, M.fz.start, Uint8Array.of(0x00, 0x00)), Uint8Array.of(0x0f, 0x0f), 'FZ after writing 00 00');
  }),
  card('AT88SC102-ERASE-001', 'AT88SC102 1419C §3.1: outside the application zones erase works on 16-bit words', 'An erase pulse on any bit of a word erases all 16 bits', ['erase'], async (ctx) => {
    const c = await powered(ctx);
    await writeAt(c, M.mtz.start, Uint8Array.of(0x00, 0x00));
    checkBytes(await eraseUnitAt(c, M.mtz.start + 13), Uint8Array.of(0xff, 0xff), 'MTZ word after erasing its bit 13');
  }),
  card('AT88SC102-ERASE-002', `${MAP}: CPZ written and erased with SC`, 'The code protected zone is erased only with the code', ['erase', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await writeAt(c, M.cpz.start, Uint8Array.of(0x00, 0x00));
    await c.powerOff();
    await c.powerOn();
    checkBytes(await eraseUnitAt(c, M.cpz.start), Uint8Array.of(0x00, 0x00), 'CPZ word erased without the code');
    await present(c, SC, AT88SC102_DEFAULT_SC);
    checkBytes(await eraseUnitAt(c, M.cpz.start), Uint8Array.of(0xff, 0xff), 'CPZ word erased with the code');
  }),
  card('AT88SC102-ERASE-003', 'AT88SC102 memory map "Block Write/Erase" word 1440-1455 (limpkin/mooltipass reset_blank_card)', 'In level 1 with the code, an erase in the block word erases everything but FZ, MTZ and MFZ', ['erase', 'block'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await writeAt(c, M.iz.start, Uint8Array.of(0x00));
    await writeAt(c, M.az2.start + 16, Uint8Array.of(0x00));
    await writeAt(c, M.mtz.start, Uint8Array.of(0x00));
    await writeAt(c, M.mfz.start, Uint8Array.of(0x00));
    await eraseUnitAt(c, M.blockErase.start + 1);
    checkErased(await readAt(c, M.iz.start, (M.mtz.start - M.iz.start) / 8), 'IZ..EC2 after the block erase (SC = FF FF)');
    checkBytes(await readAt(c, M.mtz.start, 4), Uint8Array.of(0x00, 0xff, 0x00, 0xff), 'MTZ and MFZ kept');
    checkBytes(await readAt(c, M.fz.start, 2), Uint8Array.of(0x0f, 0x0f), 'FZ kept');
  }),
  card('AT88SC102-CMD-001', 'stbpay AT88SC chip-command encoding (docs/cards/at88sc102.md §Encoding)', 'Unknown operations, short commands and comparisons outside a code field are not acknowledged', ['command'], async (ctx) => {
    const c = await powered(ctx);
    for (const bytes of [Uint8Array.of(0x30, 0x00, 0x00), Uint8Array.of(0x52, 0x00), Uint8Array.of(0x45, 0x00, 0x50, 0x00)]) {
      checkEqual((await c.execute({ bytes })).acknowledged, false, `acknowledge of ${Array.from(bytes, hexByte).join(' ')}`);
    }
    checkEqual((await c.execute(compareCode(M.iz.start, Uint8Array.of(0, 0)))).acknowledged, false, 'compare at the issuer zone');
    checkEqual((await c.execute(compareCode(M.sc.start, Uint8Array.of(0xf0)))).acknowledged, false, 'compare with 1 code byte');
  }),
];
