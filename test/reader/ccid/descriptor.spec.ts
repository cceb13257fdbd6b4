import { expect } from 'chai';
import { DecodeError } from '../../../src/core/errors.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { decodeClassDescriptor, encodeClassDescriptor } from '../../../src/reader/ccid/descriptor.ts';

/**
 * The ACR39U's class descriptor as libccid's `parse` lists it (LudovicRousseau/CCID readers/ACR39U.txt,
 * summarised in cards_readers.md §3): bcdCCID 1.10, voltages 5/3/1.8 V, T=0 and T=1, 4.8 MHz default
 * and 16 MHz maximum clock, IFSD 247, features 0x000100B2 (TPDU), message length 271. The data
 * rates are not in that summary; any values serve this round trip.
 */
const ACR39U = {
  bcdCCID: 0x0110,
  bMaxSlotIndex: 0,
  bVoltageSupport: 0x07,
  dwProtocols: 0x03,
  dwDefaultClock: 4800,
  dwMaximumClock: 16000,
  bNumClockSupported: 0,
  dwDataRate: 12903,
  dwMaxDataRate: 600000,
  bNumDataRatesSupported: 0,
  dwMaxIFSD: 247,
  dwSynchProtocols: 0,
  dwMechanical: 0,
  dwFeatures: 0x000100b2,
  dwMaxCCIDMessageLength: 271,
  bClassGetResponse: 0xff,
  bClassEnvelope: 0xff,
  wLcdLayout: 0,
  bPINSupport: 0,
  bMaxCCIDBusySlots: 1,
};

describe('CCID class descriptor (CCID 1.1 §5.1)', () => {
  it('lays the fields at the offsets of table 5.1-1', () => {
    const bytes = encodeClassDescriptor(ACR39U);
    expect(bytes.length).to.equal(54);
    expect(toHex(bytes.slice(0, 6))).to.equal('36 21 10 01 00 07');
    expect(toHex(bytes.slice(40, 48))).to.equal('B2 00 01 00 0F 01 00 00');
    expect(bytes[53]).to.equal(1);
  });

  it('decodes what it encodes', () => {
    expect(decodeClassDescriptor(encodeClassDescriptor(ACR39U))).to.deep.equal(ACR39U);
  });

  it('refuses bytes that are not a class descriptor', () => {
    const endpoint = parseHex('07 05 81 02 40 00 00');
    expect(() => decodeClassDescriptor(endpoint)).to.throw(DecodeError, /not a CCID class descriptor/).with.property('bytes', endpoint);
  });
});
