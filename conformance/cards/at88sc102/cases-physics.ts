import { VirtualClock } from '../../../src/core/clock.ts';
import { AT88SC102_CYCLE_MICROS, AT88SC102_MAP as M, AT88SC102_DEFAULT_SC } from '../../../src/cards/at88sc102/commands.ts';
import { compareCode, readBits, writeBits } from '../../../src/cards/at88sc102/family.ts';
import { expectMute, faultsOf } from '../card-checks.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { CARD_CAPABILITY } from '../target.ts';
import { ack, card, eraseUnitAt, powered, readAt, writeAt, type CardCase } from './case-kit.ts';

const EEPROM = 'stbpay EEPROM rule (simulators/cards/common/eeprom.ts): a torn write leaves its byte, a torn erase leaves its byte FF; one cycle per write pulse and per byte erased';
const needsLoss = [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.powerLoss];
const needsTiming = [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.timing];

export const physicsCases: CardCase[] = [
  card('AT88SC102-PWR-004', `${EEPROM}; AT88SC102 §3: one write pulse per bit`, 'Power lost in the 4th write pulse: three bits written, the card mute, the rest untouched', ['power-loss', 'write'], async (ctx) => {
    const c = await powered(ctx);
    faultsOf(c).powerLossAfter(3);
    await expectMute(c.execute(writeBits(M.mtz.start, Uint8Array.of(0x00))), 'command during the power loss');
    await c.powerOn();
    checkBytes(await readAt(c, M.mtz.start, 1), Uint8Array.of(0x1f), 'MTZ after the torn write');
  }, needsLoss),
  card('AT88SC102-PWR-005', `${EEPROM}; AT88SC102 §3.1 word erase`, 'Power lost at the start of a word erase leaves the first byte erased and the second as it was', ['power-loss', 'erase'], async (ctx) => {
    const c = await powered(ctx);
    await writeAt(c, M.mtz.start, Uint8Array.of(0x00, 0x00));
    faultsOf(c).powerLossAfter(0);
    await expectMute(c.execute({ bytes: Uint8Array.of(0x45, M.mtz.start >> 8, M.mtz.start & 0xff) }), 'command during the power loss');
    await c.powerOn();
    checkBytes(await readAt(c, M.mtz.start, 2), Uint8Array.of(0xff, 0x00), 'MTZ after the torn erase');
  }, needsLoss),
  card('AT88SC102-PWR-006', `${EEPROM}; security code procedure`, 'Power lost while paying an attempt: the counter keeps its bit, the comparison is forgotten, validation is gone', ['power-loss', 'sc'], async (ctx) => {
    const c = await powered(ctx);
    await ack(c, compareCode(M.sc.start, AT88SC102_DEFAULT_SC), 'compare');
    faultsOf(c).powerLossAfter(0);
    await expectMute(c.execute(writeBits(M.scac.start, Uint8Array.of(0x7f))), 'command during the power loss');
    await c.powerOn();
    checkBytes(await readAt(c, M.scac.start, 2), Uint8Array.of(0xff, 0xff), 'SCAC after the torn write');
    checkBytes(await eraseUnitAt(c, M.scac.start), Uint8Array.of(0xff, 0xff), 'SCAC erase after power-on');
    checkBytes(await writeAt(c, M.cpz.start, Uint8Array.of(0x00)), Uint8Array.of(0xff), 'CPZ (not validated)');
  }, needsLoss),
  card('AT88SC102-TIME-001', 'AT88SC102 1419C features: 3 ms write cycle time', 'Each write pulse takes 3 ms; a command during the cycle is not acknowledged', ['timing'], async (ctx) => {
    const clock = new VirtualClock();
    const c = await powered(ctx, { timing: true, clock });
    const written = await ack(c, writeBits(M.mtz.start, Uint8Array.of(0xf0)), 'write 4 bits');
    checkEqual(written.busyMicros, 4 * AT88SC102_CYCLE_MICROS, 'busy time of 4 write pulses');
    clock.advance(11.999);
    checkEqual((await c.execute(readBits(M.mtz.start, 1))).acknowledged, false, 'read 11.999 ms into the cycles');
    clock.advance(0.001);
    checkBytes((await ack(c, readBits(M.mtz.start, 1), 'read after the cycles')).data, Uint8Array.of(0xf0), 'MTZ (F0: only the 0 bits were written)');
  }, needsTiming),
  card('AT88SC102-TIME-002', 'AT88SC102 1419C features: 3 ms write cycle; reads take no cycle', 'An erase takes one 3 ms cycle; reads, comparisons and refused pulses take none', ['timing'], async (ctx) => {
    const clock = new VirtualClock();
    const c = await powered(ctx, { timing: true, clock });
    checkEqual((await ack(c, readBits(0, 4), 'read')).busyMicros, 0, 'busy of a read');
    checkEqual((await ack(c, compareCode(M.sc.start, Uint8Array.of(1, 2)), 'compare')).busyMicros, 0, 'busy of a comparison');
    checkEqual((await ack(c, writeBits(M.iz.start, Uint8Array.of(0)), 'refused write')).busyMicros, 0, 'busy of a refused write');
    checkEqual((await ack(c, { bytes: Uint8Array.of(0x45, 0x05, 0x80) }, 'erase MTZ')).busyMicros, AT88SC102_CYCLE_MICROS, 'busy of an erase');
  }, needsTiming),
];
