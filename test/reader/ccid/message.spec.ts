import { expect } from 'chai';
import fc from 'fast-check';
import { DecodeError } from '../../../src/core/errors.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { COMMAND_STATUS, ICC_STATUS, PC_TO_RDR, RDR_TO_PC } from '../../../src/reader/ccid/constants.ts';
import { decodeAnswer, decodeCcid, encodeCcid, statusByte } from '../../../src/reader/ccid/message.ts';

describe('CCID message codec (CCID 1.1 §6)', () => {
  it('encodes IccPowerOn as libccid sends it: 62, dwLength 0, slot, seq, bPowerSelect 01', () => {
    // research cards_readers.md §6C: the trace "62 … 01" from libccid's serial driver.
    const bytes = encodeCcid({ type: PC_TO_RDR.IccPowerOn, slot: 0, seq: 3, specific: [1, 0, 0], data: new Uint8Array(0) });
    expect(toHex(bytes)).to.equal('62 00 00 00 00 00 03 01 00 00');
  });

  it('puts dwLength little-endian in bytes 1..4', () => {
    const data = new Uint8Array(0x0102);
    const bytes = encodeCcid({ type: PC_TO_RDR.XfrBlock, slot: 1, seq: 0xff, specific: [0, 0, 0], data });
    expect(toHex(bytes.slice(0, 10))).to.equal('6F 02 01 00 00 01 FF 00 00 00');
  });

  it('round-trips any message', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
        fc.uint8Array({ maxLength: 300 }),
        (type, slot, seq, specific, data) => {
          const decoded = decodeCcid(encodeCcid({ type, slot, seq, specific, data }));
          expect(decoded).to.deep.equal({ type, slot, seq, specific, data });
        },
      ),
    );
  });

  it('refuses less than a header and a dwLength that disagrees with the data, keeping the bytes', () => {
    const short = parseHex('80 00 00 00');
    expect(() => decodeCcid(short)).to.throw(DecodeError, /4 bytes, shorter than the 10-byte header/).with.property('bytes', short);
    const lying = parseHex('80 05 00 00 00 00 01 00 00 00 3B 04');
    expect(() => decodeCcid(lying)).to.throw(DecodeError, /dwLength says 5 data bytes, 2 follow/).with.property('bytes', lying);
  });

  it('splits bStatus into bmICCStatus and bmCommandStatus (§6.2.6)', () => {
    // A DataBlock answering IccPowerOn of an SLE4442 behind an ACR38U (pcsc-tools #46 ATR).
    const answer = decodeAnswer(parseHex('80 06 00 00 00 00 07 00 00 00 3B 04 A2 13 10 91'));
    expect(answer.type).to.equal(RDR_TO_PC.DataBlock);
    expect(answer.iccStatus).to.equal(ICC_STATUS.presentActive);
    expect(answer.commandStatus).to.equal(COMMAND_STATUS.ok);
    expect(toHex(answer.data)).to.equal('3B 04 A2 13 10 91');
    // Failed, no card: bStatus 0x42, bError FE (ICC mute).
    const failed = decodeAnswer(parseHex('81 00 00 00 00 00 08 42 FE 00'));
    expect([failed.iccStatus, failed.commandStatus, failed.error]).to.deep.equal([ICC_STATUS.absent, COMMAND_STATUS.failed, 0xfe]);
    expect(statusByte(ICC_STATUS.absent, COMMAND_STATUS.failed)).to.equal(0x42);
    expect(statusByte(ICC_STATUS.presentInactive, COMMAND_STATUS.timeExtension)).to.equal(0x81);
  });

  it('refuses the reserved values of bStatus', () => {
    expect(() => decodeAnswer(parseHex('81 00 00 00 00 00 08 C0 00 00'))).to.throw(DecodeError, /reserved bmCommandStatus/);
    expect(() => decodeAnswer(parseHex('81 00 00 00 00 00 08 03 00 00'))).to.throw(DecodeError, /reserved bmICCStatus/);
  });
});
