import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { bench, command, exchange } from './support.ts';

const ascii = (text: string): string => toHex(new TextEncoder().encode(text));

describe('reader emulator: Escape (CCID 1.1 §6.1.8)', () => {
  it('answers the GemPC Twin get-firmware command 02 with the firmware string', async () => {
    const { emulator } = bench('gempc-twin', { empty: true });
    // Length 19 = 13h; empty slot: bStatus 02.
    expect(await exchange(emulator, command(PC_TO_RDR.Escape, 0, 1, '02'))).to.deep.equal([
      `83 13 00 00 00 00 01 02 00 00 ${ascii('GemTwRC2-V2.10-GL04')}`,
    ]);
  });

  it('acknowledges the card-movement mode 01 01 01 that libccid sends when it opens a serial reader', async () => {
    const { emulator } = bench('gempc-twin');
    expect(await exchange(emulator, command(PC_TO_RDR.Escape, 0, 2, '01 01 01'))).to.deep.equal(['83 00 00 00 00 00 02 01 00 00']);
  });

  it('answers the ACS get-firmware escape E0 00 00 18 00 on ACS profiles only', async () => {
    const { emulator } = bench('acr39u');
    expect(await exchange(emulator, command(PC_TO_RDR.Escape, 0, 3, 'E0 00 00 18 00'))).to.deep.equal([
      `83 10 00 00 00 00 03 01 00 00 E1 00 00 00 0B ${ascii('ACR39U_V216')}`,
    ]);
    const twin = bench('gempc-twin').emulator;
    expect(await exchange(twin, command(PC_TO_RDR.Escape, 0, 4, 'E0 00 00 18 00'))).to.deep.equal(['83 00 00 00 00 00 04 41 00 00']);
  });

  it('refuses an unknown escape command with bError 00', async () => {
    const { emulator } = bench('acr39u');
    expect(await exchange(emulator, command(PC_TO_RDR.Escape, 0, 5, 'AA 55'))).to.deep.equal(['83 00 00 00 00 00 05 41 00 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.Escape, 0, 6))).to.deep.equal(['83 00 00 00 00 00 06 41 00 00']);
  });
});
