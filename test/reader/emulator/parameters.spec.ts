import { expect } from 'chai';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { bench, command, exchange } from './support.ts';

const T0_LIBCCID = '11 00 00 0A 00'; // what libccid sends for T=0 (research §6C trace)
const T1 = '11 10 00 4D 00 FE 00'; // Fi/Di 11, LRC direct, BWI 4 / CWI D, IFSC 254, NAD 0

describe('reader emulator: protocol parameters (CCID 1.1 §6.1.5..§6.1.7, §6.2.3)', () => {
  it('reports the T=0 defaults of an ATR without interface bytes after power-on', async () => {
    const { emulator } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    // bProtocolNum 0 in byte 9; Fi/Di 11h, direct convention, no guard time, WI 0Ah, no clock stop.
    expect(await exchange(emulator, command(PC_TO_RDR.GetParameters, 0, 2))).to.deep.equal(['82 05 00 00 00 00 02 00 00 00 11 00 00 0A 00']);
  });

  it('takes T=1 parameters, reports them, and ResetParameters goes back to the defaults', async () => {
    const { emulator } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect(await exchange(emulator, command(PC_TO_RDR.SetParameters, 0, 2, T1, [1, 0, 0]))).to.deep.equal([
      '82 07 00 00 00 00 02 00 00 01 11 10 00 4D 00 FE 00',
    ]);
    expect(await exchange(emulator, command(PC_TO_RDR.GetParameters, 0, 3))).to.deep.equal(['82 07 00 00 00 00 03 00 00 01 11 10 00 4D 00 FE 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.ResetParameters, 0, 4))).to.deep.equal(['82 05 00 00 00 00 04 00 00 00 11 00 00 0A 00']);
  });

  it('forgets the parameters when the card leaves', async () => {
    const { emulator, card } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    await emulator.handle(command(PC_TO_RDR.SetParameters, 0, 2, T1, [1, 0, 0]));
    emulator.remove(0);
    emulator.insert(0, card);
    expect(await exchange(emulator, command(PC_TO_RDR.GetParameters, 0, 3))).to.deep.equal(['82 05 00 00 00 00 03 01 00 00 11 00 00 0A 00']);
  });

  it('ACR38U-CCID quirk: refuses SetParameters for a memory card, failed with bError 00 (PCSC#103)', async () => {
    const { emulator } = bench('acr38u-ccid');
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1, '', [1, 0, 0]));
    // libccid turns bError 00 into IFD_NOT_SUPPORTED, which pcsc-lite >= 1.9.2 takes as "keep T=0".
    expect(await exchange(emulator, command(PC_TO_RDR.SetParameters, 0, 2, T0_LIBCCID))).to.deep.equal(['82 00 00 00 00 00 02 40 00 00']);
    // The same command on the ACR39U is taken.
    const acr39u = bench('acr39u').emulator;
    await acr39u.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect(await exchange(acr39u, command(PC_TO_RDR.SetParameters, 0, 2, T0_LIBCCID))).to.deep.equal(['82 05 00 00 00 00 02 00 00 00 11 00 00 0A 00']);
  });

  it('names the refused field in bError: 07 protocol, 01 length, 0B TCCKS, 0E clock stop, 0F IFSC, 10 NAD', async () => {
    const { emulator } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    const refuse = async (data: string, protocol: number): Promise<number> =>
      (await emulator.handle(command(PC_TO_RDR.SetParameters, 0, 9, data, [protocol, 0, 0])))[0]![8]!;
    expect(await refuse(T0_LIBCCID, 2), 'bProtocolNum 2').to.equal(0x07);
    expect(await refuse(T1, 0), 'T=0 with 7 bytes').to.equal(0x01);
    expect(await refuse('11 01 00 0A 00', 0), 'bmTCCKST0 01').to.equal(0x0b);
    expect(await refuse('11 00 00 0A 01', 0), 'clock stop on a reader without the feature').to.equal(0x0e);
    expect(await refuse('11 10 00 4D 00 00 00', 1), 'IFSC 0').to.equal(0x0f);
    expect(await refuse('11 10 00 4D 00 FE 01', 1), 'NAD 1 without the NAD feature').to.equal(0x10);
    // The GemPC Twin (dwFeatures has 0200h, NAD other than 00) takes NAD 1.
    const twin = bench('gempc-twin').emulator;
    await twin.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect((await twin.handle(command(PC_TO_RDR.SetParameters, 0, 2, '11 10 00 4D 00 FE 01', [1, 0, 0])))[0]![7]).to.equal(0x00);
  });

  it('fails parameter commands on an empty slot with ICC_MUTE, bmICCStatus 2', async () => {
    const { emulator } = bench('acr39u', { empty: true });
    expect(await exchange(emulator, command(PC_TO_RDR.GetParameters, 0, 1))).to.deep.equal(['82 00 00 00 00 00 01 42 FE 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.SetParameters, 0, 2, T0_LIBCCID))).to.deep.equal(['82 00 00 00 00 00 02 42 FE 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.ResetParameters, 0, 3))).to.deep.equal(['82 00 00 00 00 00 03 42 FE 00']);
  });
});
