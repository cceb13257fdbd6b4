import { VirtualClock } from '../../../src/core/clock.ts';
import { AT88SC1604_CYCLE_MICROS, AT88SC1604_MAP as M } from '../../../src/cards/at88sc1604/commands.ts';
import { compareCode, eraseAt, readBits, writeBits } from '../../../src/cards/at88sc102/family.ts';
import { expectMute, faultsOf } from '../card-checks.ts';
import { checkBytes, checkEqual } from '../../framework/case.ts';
import { CARD_CAPABILITY } from '../target.ts';
import { ack, card, powered, readAt, writeAt, Z, type CardCase } from './case-kit.ts';

const EEPROM = 'stbpay EEPROM rule (simulators/cards/common/eeprom.ts): a torn write leaves its byte, a torn erase leaves its byte FF';
const needsLoss = [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.powerLoss];

export const physicsCases: CardCase[] = [
  card('AT88SC1604-PWR-004', EEPROM, 'Power lost in the 2nd write pulse: one bit written, the card mute', ['power-loss', 'write'], async (ctx) => {
    const c = await powered(ctx);
    faultsOf(c).powerLossAfter(1);
    await expectMute(c.execute(writeBits(M.mtz.start, Uint8Array.of(0x3f))), 'command during the power loss');
    await c.powerOn();
    checkBytes(await readAt(c, M.mtz.start, 1), Uint8Array.of(0x7f), 'MTZ after the torn write');
  }, needsLoss),
  card('AT88SC1604-PWR-005', `${EEPROM}; code presentation`, 'Power lost while paying an erase-key attempt leaves E2AC as it was and nothing validated', ['power-loss', 'counter'], async (ctx) => {
    const c = await powered(ctx);
    await ack(c, compareCode(Z[1].ez.start, Uint8Array.of(0xff, 0xff)), 'compare EZ2');
    faultsOf(c).powerLossAfter(0);
    await expectMute(c.execute(writeBits(Z[1].eac.start, Uint8Array.of(0x7f))), 'command during the power loss');
    await c.powerOn();
    checkBytes(await readAt(c, Z[1].eac.start, 1), Uint8Array.of(0xff), 'E2AC');
    checkBytes((await ack(c, eraseAt(Z[1].eac.start), 'validation erase')).data, Uint8Array.of(0xff), 'E2AC after an erase with nothing pending');
  }, needsLoss),
  card('AT88SC1604-PWR-006', EEPROM, 'Power lost in a byte erase leaves that byte erased and the card mute', ['power-loss', 'erase'], async (ctx) => {
    const c = await powered(ctx);
    await writeAt(c, M.mtz.start, Uint8Array.of(0x00, 0x00));
    faultsOf(c).powerLossAfter(0);
    await expectMute(c.execute(eraseAt(M.mtz.start + 8)), 'command during the power loss');
    await c.powerOn();
    checkBytes(await readAt(c, M.mtz.start, 2), Uint8Array.of(0x00, 0xff), 'MTZ');
  }, needsLoss),
  card('AT88SC1604-TIME-001', 'AT88SC1604: write cycle 5 ms (zgznk.com news37)', 'Each write pulse and each erase takes 5 ms; a command during the cycle is not acknowledged', ['timing'], async (ctx) => {
    const clock = new VirtualClock();
    const c = await powered(ctx, { timing: true, clock });
    checkEqual((await ack(c, writeBits(M.mtz.start, Uint8Array.of(0x3f)), 'write')).busyMicros, 2 * AT88SC1604_CYCLE_MICROS, 'busy of 2 pulses');
    clock.advance(9.5);
    checkEqual((await c.execute(readBits(M.mtz.start, 1))).acknowledged, false, 'read during the cycles');
    clock.advance(0.5);
    checkEqual((await ack(c, eraseAt(M.mtz.start), 'erase')).busyMicros, AT88SC1604_CYCLE_MICROS, 'busy of an erase');
    clock.advance(5);
    checkEqual((await ack(c, readBits(M.mtz.start, 1), 'read')).busyMicros, 0, 'busy of a read');
  }, [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.timing]),
];
