import { expect } from 'chai';
import { parseHex, toCompactHex } from '../../../src/core/hex.ts';
import { ICC_STATUS, SLOT_ERROR } from '../../../src/reader/ccid/constants.ts';
import { ReaderCommandError } from '../../../src/reader/errors.ts';
import { exchange } from '../../../src/reader/exchange.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { AID, scripted } from '../../simulators/pboc-purse/support.ts';
import { rejection } from '../fixtures/rejection.ts';
import { purseCard, readerWith } from './support.ts';

// A CPU card in the emulated reader's slot, seen through CCID: its own ATR, the protocol that ATR
// names, power, removal, and a power loss surfacing as a mute card (CCID 1.1 §6.2.6 bError FE).

describe('a CPU card in the emulated reader [CCID 1.1 §6.1; ISO/IEC 7816-3 §8]', () => {
  it('accepts SetParameters for T=1 on the ACR38U-CCID, whose refusal is for memory cards only (LudovicRousseau/PCSC#103)', async () => {
    const { reader } = await readerWith(purseCard('T=1'), 'acr38u-ccid');
    await reader.powerOn(0);
    // T=1: Fi/Di 11, LRC direct (10), guard 00, BWI/CWI 45, clock stop 00, IFSC FE, NAD 00.
    const set = await reader.setParameters(0, 1, parseHex('11 10 00 45 00 FE 00'));
    expect({ protocol: set.protocol, data: toCompactHex(set.data) }).to.deep.equal({ protocol: 1, data: '1110004500FE00' });
    await reader.close();
  });

  it('gives ResetParameters the values of the powered card\'s ATR, not the memory-card T=0 defaults', async () => {
    const { reader } = await readerWith(purseCard('T=1'));
    await reader.powerOn(0);
    await reader.setParameters(0, 0, parseHex('11 00 00 0A 00'));
    const reset = await reader.resetParameters(0);
    expect(reset.protocol).to.equal(1);
    expect(toCompactHex(reset.data)).to.equal('1110004500FE00');
    await reader.close();
  });

  it('reports a power loss during CREDIT FOR LOAD as ICC_MUTE with the card inactive; powered again, the balance is the old one', async () => {
    const card = purseCard('T=1', undefined, scripted('CDEF4F20'));
    const { reader } = await readerWith(card);
    await reader.powerOn(0);
    const channel = reader.channel(0);
    expect((await exchange(channel, parseHex(`00 A4 04 00 09 ${AID}`))).sw).to.equal(0x9000);
    expect((await exchange(channel, parseHex('80 50 00 02 0B 01 00001C37 000001000050 10'))).sw).to.equal(0x9000);
    card.faults.powerLossAfter(5);
    const error = await rejection(channel.transmit(parseHex('80 52 00 00 0B 20140825 103100 0641DCD8 04')));
    expect(error).to.be.instanceOf(ReaderCommandError).and.include({ slotError: SLOT_ERROR.iccMute, iccStatus: ICC_STATUS.presentInactive });
    expect((await reader.slotStatus(0)).active).to.equal(false);
    await reader.powerOn(0);
    await exchange(channel, parseHex(`00 A4 04 00 09 ${AID}`));
    expect(toCompactHex(await channel.transmit(parseHex('80 5C 00 02 04')))).to.equal('000000009000');
    await reader.close();
  });

  it('answers XfrBlock with ICC_MUTE before power-on, and takes the card\'s power with it on removal', async () => {
    const card = purseCard('T=0');
    const { emulator, reader } = await readerWith(card);
    const early = await rejection(reader.transmit(0, parseHex('80 5C 00 02 04')));
    expect(early).to.be.instanceOf(ReaderCommandError).and.include({ slotError: SLOT_ERROR.iccMute });
    await reader.powerOn(0);
    expect(card.isPowered).to.equal(true);
    expect(emulator.remove(0)).to.equal(card);
    await new Promise((resolve) => setImmediate(resolve));
    expect(card.isPowered).to.equal(false);
    expect((await reader.slotStatus(0)).present).to.equal(false);
    await reader.close();
  });

  it('names the CPU card when a second card is pushed into its slot, and takes a memory card again once it is out', async () => {
    const { emulator, reader } = await readerWith(purseCard('T=1'));
    const memory = cardDefinition('SLE4442').create();
    expect(() => emulator.insert(0, memory)).to.throw(/already holds a CPU card \(T=1\)/);
    emulator.remove(0);
    emulator.insert(0, memory);
    expect(emulator.slots[0]!.cardKind).to.equal('memory');
    // The memory card gets the reader's wrapper ATR again (3B 04 + the chip's 4 bytes) and T=0.
    expect(toCompactHex(await reader.powerOn(0))).to.equal('3B04A2131091');
    expect((await reader.getParameters(0)).protocol).to.equal(0);
    await reader.close();
  });
});
