import { expect } from 'chai';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { bench, command, exchange } from './support.ts';

describe('reader emulator: power and card state (CCID 1.1 §6.1.1..§6.1.4, §6.2.6)', () => {
  it('reports the slot empty, present-inactive, then present-active in bmICCStatus', async () => {
    const { emulator, card } = bench('acr39u', { empty: true });
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 1))).to.deep.equal(['81 00 00 00 00 00 01 02 00 00']);
    emulator.insert(0, card);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 2))).to.deep.equal(['81 00 00 00 00 00 02 01 00 00']);
    // The reader ATR of a synchronous card: 3B 04 + the chip's 4 bytes (pcsc-tools #46 trace).
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOn, 0, 3, '', [1, 0, 0]))).to.deep.equal([
      '80 06 00 00 00 00 03 00 00 00 3B 04 A2 13 10 91',
    ]);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 4))).to.deep.equal(['81 00 00 00 00 00 04 00 00 00']);
    expect(card.powered).to.equal(true);
  });

  it('answers XfrBlock with the firmware response once powered', async () => {
    const { emulator } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E0 00 00 02 CA FE'))).to.deep.equal([
      '80 04 00 00 00 00 02 00 00 00 CA FE 90 00',
    ]);
  });

  it('answers XfrBlock to an unpowered card ICC_MUTE with bmICCStatus 1, to an empty slot with 2', async () => {
    const { emulator } = bench();
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 1, 'FF E0 00 00 01 01'))).to.deep.equal(['80 00 00 00 00 00 01 41 FE 00']);
    emulator.remove(0);
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E0 00 00 01 01'))).to.deep.equal(['80 00 00 00 00 00 02 42 FE 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOn, 0, 3))).to.deep.equal(['80 00 00 00 00 00 03 42 FE 00']);
  });

  it('refuses a non-zero wLevelParameter at TPDU level with bError 08 (§6.1.4: RFU below extended APDU level)', async () => {
    const { emulator } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E0 00 00 01 01', [0, 0x10, 0x00]))).to.deep.equal([
      '80 00 00 00 00 00 02 40 08 00',
    ]);
  });

  it('leaves the card inactive after IccPowerOff, and XfrBlock then fails mute', async () => {
    const { emulator, card } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOff, 0, 2))).to.deep.equal(['81 00 00 00 00 00 02 01 00 00']);
    expect(card.powered).to.equal(false);
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 3, 'FF E0 00 00 01 01'))).to.deep.equal(['80 00 00 00 00 00 03 41 FE 00']);
  });

  it('checks bPowerSelect against bVoltageSupport: the 5 V-only ACR38U refuses 3 V and 1.8 V with bError 07', async () => {
    const { emulator } = bench('acr38u-ccid');
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOn, 0, 1, '', [2, 0, 0]))).to.deep.equal(['80 00 00 00 00 00 01 41 07 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOn, 0, 2, '', [3, 0, 0]))).to.deep.equal(['80 00 00 00 00 00 02 41 07 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOn, 0, 3, '', [4, 0, 0]))).to.deep.equal(['80 00 00 00 00 00 03 41 07 00']);
    expect((await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 4, '', [1, 0, 0])))[0]![7]).to.equal(0x00);
    // The ACR39U (bVoltageSupport 07) takes 1.8 V.
    const acr39u = bench('acr39u').emulator;
    expect((await acr39u.handle(command(PC_TO_RDR.IccPowerOn, 0, 5, '', [3, 0, 0])))[0]![7]).to.equal(0x00);
  });

  it('turns power lost mid-write into ICC_MUTE and an inactive slot', async () => {
    const { emulator, card } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    card.faults.powerLossAfter(0);
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E1 00 00 03 38 40 55'))).to.deep.equal(['80 00 00 00 00 00 02 41 FE 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 3))).to.deep.equal(['81 00 00 00 00 00 03 01 00 00']);
    // A new power-on brings the card back.
    expect((await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 4)))[0]![7]).to.equal(0x00);
  });

  it('forgets a removed card: absent and unpowered', async () => {
    const { emulator, card } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect(emulator.remove(0)).to.equal(card);
    expect(card.powered).to.equal(false);
    expect(emulator.slots[0]!.card).to.equal(undefined);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 2))).to.deep.equal(['81 00 00 00 00 00 02 02 00 00']);
    expect(emulator.remove(0)).to.equal(undefined);
    expect(() => emulator.insert(1, card)).to.throw(/slots 0\.\.0, not 1/);
  });

  it('refuses a second card in an occupied slot', () => {
    const { emulator, card } = bench();
    expect(() => emulator.insert(0, card)).to.throw(/already holds/);
  });

  it('answers HW_ERROR (FB) when the reader has no firmware for the card type', async () => {
    const { emulator } = bench('acr39u', {
      firmware: () => {
        throw new Error('no firmware');
      },
    });
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOn, 0, 1))).to.deep.equal(['80 00 00 00 00 00 01 41 FB 00']);
  });
});
