import { expect } from 'chai';
import { parseHex } from '../../../src/core/hex.ts';
import { splitResponse } from '../../../src/reader/apdu.ts';
import { poweredCard, send, sw } from './fixture.ts';

// FCI of EF 0001 (transparent, 16 bytes, SFI 1): 6F 0E {82 01 01, 83 02 00 01, 80 02 00 10, 88 01 01}.
const EF_0001_FCI = '6F 0E 82 01 01 83 02 00 01 80 02 00 10 88 01 01';
const SELECT_0001 = '00 A4 00 00 02 00 01';
// READ RECORD 1 of SFI 3: P2 = 3 << 3 | 100b = 1C.
const READ_RECORD_1_SFI_3 = '00 B2 01 1C';

describe('CPU card transport: T=0 61xx / 6Cxx and T=1 [ISO/IEC 7816-3 §10.3.4, 7816-4 §5.1.3]', () => {
  describe('T=0', () => {
    it('a case-3 or case-4 command answers 61xx and GET RESPONSE with that Le gets the data and 90 00', async () => {
      const card = await poweredCard('T=0');
      expect(await send(card, SELECT_0001)).to.equal('61 10');
      expect(await send(card, '00 C0 00 00 10')).to.equal(`${EF_0001_FCI} 90 00`);
      expect(await send(card, `${SELECT_0001} 00`)).to.equal('61 10');
      expect(await send(card, '00 C0 00 00 00')).to.equal('6C 10');
      expect(await send(card, '00 C0 00 00 10')).to.equal(`${EF_0001_FCI} 90 00`);
    });

    it('a shorter GET RESPONSE gets part of the data and 61xx for the rest', async () => {
      const card = await poweredCard('T=0');
      await send(card, SELECT_0001);
      expect(await send(card, '00 C0 00 00 0A')).to.equal(`${EF_0001_FCI.slice(0, 29)} 61 06`);
      expect(await send(card, '00 C0 00 00 06')).to.equal(`${EF_0001_FCI.slice(30)} 90 00`);
      expect(await sw(card, '00 C0 00 00 06')).to.equal('69 85');
    });

    it('a longer GET RESPONSE answers 6Cxx and the data still waits', async () => {
      const card = await poweredCard('T=0');
      await send(card, SELECT_0001);
      expect(await send(card, '00 C0 00 00 20')).to.equal('6C 10');
      expect(await send(card, '00 C0 00 00 10')).to.equal(`${EF_0001_FCI} 90 00`);
    });

    it('GET RESPONSE with nothing waiting is 69 85, and any other command drops what was waiting', async () => {
      const card = await poweredCard('T=0');
      expect(await sw(card, '00 C0 00 00 10')).to.equal('69 85');
      await send(card, SELECT_0001);
      expect(await send(card, '00 84 00 00 04')).to.match(/^(.. ){4}90 00$/);
      expect(await sw(card, '00 C0 00 00 10')).to.equal('69 85');
      await send(card, SELECT_0001);
      expect(await sw(card, '00 C0 00 01 10')).to.equal('6A 86');
    });

    it('a case-2 command with the wrong Le answers 6Cxx with the right one, and the reissued command gets the data', async () => {
      const card = await poweredCard('T=0');
      expect(await send(card, `${READ_RECORD_1_SFI_3} 02`)).to.equal('6C 04');
      expect(await send(card, `${READ_RECORD_1_SFI_3} 00`)).to.equal('6C 04');
      expect(await send(card, `${READ_RECORD_1_SFI_3} 04`)).to.equal('AA AA AA AA 90 00');
    });

    it('INTERNAL AUTHENTICATE (case 4) answers 61 08; GET RESPONSE gives DES(K, data) [FIPS 81 appendix B]', async () => {
      const card = await poweredCard('T=0');
      // FIPS 81 table B1: key 0123456789ABCDEF, "Now is t" -> 3FA40E8A984D4815.
      expect(await send(card, '00 88 00 02 08 4E 6F 77 20 69 73 20 74 08')).to.equal('61 08');
      expect(await send(card, '00 C0 00 00 08')).to.equal('3F A4 0E 8A 98 4D 48 15 90 00');
    });

    it('a case-2 READ BINARY with Le 00 gets 256 bytes in one exchange', async () => {
      const card = await poweredCard('T=0');
      await send(card, '00 A4 00 0C 02 00 04');
      const response = await card.transmit(parseHex('00 B0 00 00 00'));
      const { data, sw: status } = splitResponse(response);
      expect(status).to.equal(0x9000);
      expect(data.length).to.equal(256);
    });
  });

  describe('T=1', () => {
    it('the same case-4 commands answer their data directly', async () => {
      const card = await poweredCard('T=1');
      expect(await send(card, `${SELECT_0001} 00`)).to.equal(`${EF_0001_FCI} 90 00`);
      expect(await send(card, '00 88 00 02 08 4E 6F 77 20 69 73 20 74 00')).to.equal('3F A4 0E 8A 98 4D 48 15 90 00');
    });

    it('with no Le (Ne = 0) no data comes back, only the status word', async () => {
      const card = await poweredCard('T=1');
      expect(await send(card, SELECT_0001)).to.equal('90 00');
    });

    it('an Le shorter than the data answers 6Cxx; Le 00 or a longer Le gets the data', async () => {
      const card = await poweredCard('T=1');
      expect(await send(card, `${READ_RECORD_1_SFI_3} 02`)).to.equal('6C 04');
      expect(await send(card, `${READ_RECORD_1_SFI_3} 00`)).to.equal('AA AA AA AA 90 00');
      expect(await send(card, `${READ_RECORD_1_SFI_3} 10`)).to.equal('AA AA AA AA 90 00');
    });

    it('GET RESPONSE does not exist under T=1: 6D 00', async () => {
      const card = await poweredCard('T=1');
      await send(card, `${SELECT_0001} 00`);
      expect(await sw(card, '00 C0 00 00 10')).to.equal('6D 00');
    });
  });
});
