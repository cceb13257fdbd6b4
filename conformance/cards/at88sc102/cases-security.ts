import { AT88SC102_MAP as M, AT88SC102_DEFAULT_SC } from '../../../src/cards/at88sc102/commands.ts';
import { compareCode } from '../../../src/cards/at88sc102/family.ts';
import { expectMute } from '../card-checks.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { ack, card, eraseUnitAt, powered, present, readAt, writeAt, type CardCase } from './case-kit.ts';
import { SC } from './cases-memory.ts';

const WRONG = Uint8Array.of(0x12, 0x34);
const PROC = 'AT88SC102 security code validation: compare SC, write an SCAC bit, erase SCAC (ACS ACR38x VERIFY_SECURITY_CODE; limpkin/mooltipass validate_code)';

export const securityCases: CardCase[] = [
  card('AT88SC102-SEC-001', PROC, 'The right code keeps all four attempts and opens the card', ['sc'], async (ctx) => {
    const c = await powered(ctx);
    checkEqual(await present(c, SC, AT88SC102_DEFAULT_SC), 4, 'attempts left');
    checkBytes(await readAt(c, M.scac.start, 2), Uint8Array.of(0xff, 0xff), 'SCAC');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0x3c), 'CPZ written after validation');
  }),
  card('AT88SC102-SEC-002', `${PROC}; AT88SC102 "Maximum of Four Incorrect Security Code Attempts"`, 'A wrong code costs one SCAC bit for good and opens nothing', ['sc', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    checkEqual(await present(c, SC, WRONG), 3, 'attempts left');
    checkBytes(await readAt(c, M.scac.start, 2), Uint8Array.of(0x7f, 0xff), 'SCAC');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0xff), 'CPZ written after a wrong code');
  }),
  card('AT88SC102-SEC-003', PROC, 'A right code after wrong ones restores every attempt', ['sc', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, WRONG);
    await present(c, SC, WRONG);
    checkEqual(await present(c, SC, AT88SC102_DEFAULT_SC), 4, 'attempts left after the right code');
  }),
  card('AT88SC102-SEC-004', PROC, 'A matching comparison is not enough: without an attempt bit written, the SCAC erase is refused', ['sc', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, WRONG);
    checkEqual(await present(c, SC, AT88SC102_DEFAULT_SC, false), 3, 'attempts left after compare and erase without paying');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0xff), 'CPZ (code not validated)');
  }),
  card('AT88SC102-SEC-005', PROC, 'An attempt bit can always be written, but erasing the SCAC after a wrong code leaves it spent', ['sc', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    await ack(c, compareCode(M.sc.start, WRONG), 'compare');
    checkBytes(await writeAt(c, M.scac.start, Uint8Array.of(0x7f)), Uint8Array.of(0x7f), 'SCAC after the write');
    checkBytes(await eraseUnitAt(c, M.scac.start), Uint8Array.of(0x7f, 0xff), 'SCAC after the erase');
  }),
  card('AT88SC102-SEC-006', PROC, 'A new comparison replaces the validation: a wrong code closes the card again', ['sc'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await present(c, SC, WRONG);
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0xff), 'CPZ after a later wrong code');
  }),
  card('AT88SC102-SEC-007', `${PROC}; SC written with the code`, 'The security code can be changed once validated, and the new one works after power-off', ['sc'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await eraseUnitAt(c, M.sc.start);
    await writeAt(c, M.sc.start, Uint8Array.of(0x24, 0x68));
    await c.powerOff();
    await c.powerOn();
    checkEqual(await present(c, SC, Uint8Array.of(0x24, 0x68)), 4, 'attempts left with the new code');
  }),
  card('AT88SC102-LOCK-001', `${PROC}; four wrong attempts lock the code`, 'Four wrong codes lock the card: even the right code then fails', ['lock', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    for (let i = 3; i >= 0; i--) checkEqual(await present(c, SC, WRONG), i, 'attempts left');
    checkEqual(await present(c, SC, AT88SC102_DEFAULT_SC), 0, 'attempts left after the right code');
    checkBytes(await readAt(c, M.scac.start, 2), Uint8Array.of(0x0f, 0xff), 'SCAC');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0xff), 'CPZ on a locked card');
  }),
  card('AT88SC102-LOCK-002', 'AT88SC102: the SCAC is EEPROM, a lock survives power-off', 'A locked card stays locked over a power cycle; its free zones still read', ['lock', 'power'], async (ctx) => {
    const c = await powered(ctx);
    for (let i = 0; i < 4; i++) await present(c, SC, WRONG);
    await c.powerOff();
    await c.powerOn();
    checkEqual(await present(c, SC, AT88SC102_DEFAULT_SC), 0, 'attempts left after power cycle');
    checkBytes(await readAt(c, M.fz.start, 2), Uint8Array.of(0x0f, 0x0f), 'FZ');
  }),
  card('AT88SC102-PWR-001', 'AT88SC102: the validation flag is volatile', 'Validation is lost at power-off', ['power', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await c.powerOff();
    await c.powerOn();
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0xff), 'CPZ after power cycle');
  }),
  card('AT88SC102-PWR-002', 'AT88SC102 pin table: RST only resets the address counter', 'Validation survives RST', ['power', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    await present(c, SC, AT88SC102_DEFAULT_SC);
    await c.reset();
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x3c)), Uint8Array.of(0x3c), 'CPZ after RST');
  }),
  card('AT88SC102-PWR-003', 'src/cards/synchronous-card.ts: an unpowered card does not answer', 'Commands to an unpowered card get no answer', ['power'], async (ctx) => {
    const c = await powered(ctx);
    await c.powerOff();
    await expectMute(c.execute({ bytes: Uint8Array.of(0x52, 0x00, 0x00), readLength: 2 }), 'read on an unpowered card');
  }),
];
