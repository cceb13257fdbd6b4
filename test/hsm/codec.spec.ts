import { expect } from 'chai';
import { parseHex } from '../../src/core/hex.ts';
import * as hsm from '../../src/hsm/index.ts';
import { FieldReader, HsmRefusal, type CommandCodec } from '../../src/hsm/index.ts';

const key = (scheme: hsm.KeyScheme, hex: string): hsm.KeyToken => ({ scheme, cryptogram: parseHex(hex) });
const U1 = key('U', '00112233445566778899AABBCCDDEEFF');
const Z1 = key('Z', '0011223344556677');
const G1 = key('G', 'FFEEDDCCBBAA99887766554433221100');
const KCV = parseHex('A1B2C3');

/** One request and one answer per command, with the exact request body the docs show for it. */
const cases: [CommandCodec<any, any>, unknown, unknown, string?][] = [
  [hsm.generateKey, { keyType: '008', scheme: 'U' }, { underLmk: U1, checkValue: KCV }, '0008U'],
  [hsm.generateKey, { keyType: '00A', scheme: 'Z', zmk: U1 }, { underLmk: Z1, underZmk: Z1, checkValue: KCV }],
  [hsm.formKey, { keyType: '000', scheme: 'Z', components: [parseHex('0101010101010101'), parseHex('0202020202020202')] }, { underLmk: Z1, checkValue: KCV }, '000Z201010101010101010202020202020202'],
  [hsm.importKey, { keyType: '411', zmk: U1, underZmk: U1, checkValue: KCV }, { underLmk: U1, checkValue: KCV }],
  [hsm.exportKey, { keyType: '411', zmk: U1, underLmk: U1 }, { underZmk: U1, checkValue: KCV }],
  [hsm.checkValue, { keyType: '008', key: G1 }, KCV, '008GFFEEDDCCBBAA99887766554433221100'],
  [hsm.generateMac, { algorithm: 3, padding: 2, macLength: 8, keyType: '008', key: U1, iv: new Uint8Array(8), data: parseHex('0102') }, parseHex('0011223344556677')],
  [hsm.verifyMac, { algorithm: 1, padding: 1, macLength: 16, keyType: '008', key: G1, iv: new Uint8Array(16), data: parseHex(''), mac: new Uint8Array(16) }, undefined],
  [hsm.encryptData, { mode: 'ECB', keyType: '00A', key: Z1, data: parseHex('0011223344556677') }, parseHex('8899AABBCCDDEEFF')],
  [hsm.decryptData, { mode: 'CBC', keyType: '00A', key: G1, iv: new Uint8Array(16).fill(7), data: new Uint8Array(16) }, new Uint8Array(16)],
  [hsm.deriveKey, { keyType: '401', key: U1, factors: [parseHex('0000000000000001'), parseHex('1234567890ABCDEF')] }, { keyType: '411', underLmk: U1, checkValue: KCV }],
  [
    hsm.purseLoad,
    {
      keyType: '411', key: U1, factors: [], random: parseHex('CDEF4F20'), onlineSeq: parseHex('0000'), balance: parseHex('00000000'), amount: parseHex('00001C37'),
      transactionType: 2, terminal: parseHex('000001000050'), mac1: parseHex('06B1BEF5'), hostDate: '20140825', hostTime: '103100',
    },
    parseHex('0641DCD8'),
    '411U00112233445566778899AABBCCDDEEFF0CDEF4F2000000000000000001C3702000001000050' + '06B1BEF520140825103100',
  ],
  [hsm.sessionKey, { keyType: '412', key: U1, factors: [], input: parseHex('9AC8750300000001') }, { underLmk: Z1, checkValue: KCV }],
  [hsm.generateTac, { keyType: '413', key: U1, factors: [], data: parseHex('00001C37') }, parseHex('44A8E04A')],
  [hsm.verifyTac, { keyType: '403', key: U1, factors: [parseHex('0102030405060708')], data: parseHex('AA'), tac: parseHex('01020304') }, undefined],
  [hsm.diagnostics, undefined, { lmkCheckValue: parseHex('0011223344556677'), firmware: 'STBPAY001' }, ''],
];

describe('HSM command codecs: every request and answer round-trips [docs/hsm.md §3]', () => {
  for (const [codec, request, answer, body] of cases) {
    it(`${codec.command} (${codec.summary})`, () => {
      const text = codec.encodeRequest(request);
      if (body !== undefined) expect(text).to.equal(body);
      const reader = new FieldReader(text);
      expect(codec.decodeRequest(reader)).to.deep.equal(request);
      expect(reader.remaining).to.equal(0);
      const answerText = codec.encodeAnswer(answer, request);
      const answerReader = new FieldReader(answerText);
      expect(codec.decodeAnswer(answerReader, request)).to.deep.equal(answer);
      answerReader.end();
    });
  }
});

describe('HSM fields: bad input names the field and its error code', () => {
  const refusal = (run: () => unknown): HsmRefusal => {
    try {
      run();
    } catch (error) {
      if (error instanceof HsmRefusal) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('a field cut short is a length error (80)', () => {
    const error = refusal(() => hsm.checkValue.decodeRequest(new FieldReader('008U0011')));
    expect(error).to.include({ errorCode: '80', field: 'key' });
  });

  it('non-hex in a hex field is a field error (15)', () => {
    const error = refusal(() => hsm.checkValue.decodeRequest(new FieldReader('008Z00112233445566XY')));
    expect(error).to.include({ errorCode: '15', field: 'key' });
  });

  it('a key type outside the table is 04, a scheme outside it 15', () => {
    expect(refusal(() => hsm.checkValue.decodeRequest(new FieldReader('999Z0011223344556677')))).to.include({ errorCode: '04', field: 'key type' });
    expect(refusal(() => hsm.checkValue.decodeRequest(new FieldReader('008Q0011223344556677')))).to.include({ errorCode: '15', field: 'key scheme' });
  });

  it('characters after the last field are a length error naming the message', () => {
    const reader = new FieldReader('ABC');
    reader.take('x', 2);
    expect(refusal(() => reader.end())).to.include({ errorCode: '80', field: 'message' });
  });

  it('a data length larger than the data left is 80 on the data', () => {
    expect(refusal(() => new FieldReader('0004AABB').data('data'))).to.include({ errorCode: '80', field: 'data' });
  });

  it('dispersion levels over 3 are refused, and a command that needs a level refuses 0', () => {
    expect(refusal(() => hsm.deriveKey.decodeRequest(new FieldReader(`401${'U'.padEnd(33, '0')}4`)))).to.include({ errorCode: '15', field: 'dispersion levels' });
    expect(refusal(() => hsm.deriveKey.decodeRequest(new FieldReader(`401${'U'.padEnd(33, '0')}0`)))).to.include({ errorCode: '15', field: 'dispersion levels' });
  });
});

describe('HSM messages: header, command, response code, error code', () => {
  it('advances the second character of the command: A0→A1, M6→M7, NC→ND, BU→BV [psam_hsm.md §4.1]', () => {
    expect(['A0', 'M6', 'NC', 'BU', 'PL'].map(hsm.responseCodeFor)).to.deep.equal(['A1', 'M7', 'ND', 'BV', 'PM']);
  });

  it('round-trips a request and an answer with a configured header length', () => {
    const request = { header: 'HEAD01', command: 'BU', body: '008Z0011223344556677' };
    expect(hsm.decodeRequest(hsm.encodeRequest(request), 6)).to.deep.equal(request);
    const answer = { header: 'HEAD01', responseCode: 'BV', errorCode: '00', body: 'A1B2C3' };
    expect(hsm.decodeAnswer(hsm.encodeAnswer(answer), 6)).to.deep.equal(answer);
  });

  it('refuses a request with no room for header and command (80), a bad command code or a non-ASCII byte (15)', () => {
    const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
    expect(() => hsm.decodeRequest(ascii('HEAD1'))).to.throw(HsmRefusal).with.include({ errorCode: '80', field: 'command' });
    expect(() => hsm.decodeRequest(ascii('HEADa0'))).to.throw(HsmRefusal).with.include({ errorCode: '15', field: 'command' });
    expect(() => hsm.decodeRequest(ascii('HEADBU\u00ff'))).to.throw(HsmRefusal).with.include({ errorCode: '15', field: 'message' });
  });

  it('refuses an answer without a two-digit error code', () => {
    expect(() => hsm.decodeAnswer(Uint8Array.from(Buffer.from('0001BVX0')))).to.throw(hsm.HsmAnswerError);
  });
});
