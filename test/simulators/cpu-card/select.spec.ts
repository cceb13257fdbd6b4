import { expect } from 'chai';
import { PSE_NAME, PURSE_AID, poweredCard, send, sw } from './fixture.ts';

// All under T=1, so the FCI comes back in the SELECT's own response.
describe('CPU card SELECT [ISO/IEC 7816-4 §7.1.1]', () => {
  it('by FID (P1 = 00): an EF of the MF answers its FCI: descriptor, FID, size, SFI', async () => {
    const card = await poweredCard('T=1');
    expect(await send(card, '00 A4 00 00 02 00 03 00')).to.equal('6F 10 82 03 02 00 04 83 02 00 03 80 02 00 0C 88 01 03 90 00');
  });

  it('by FID: 3F00 is the MF, a DF answers descriptor 38, its FID and its name', async () => {
    const card = await poweredCard('T=1');
    expect(await send(card, '00 A4 00 00 02 3F 00 00')).to.equal(`6F 17 82 01 38 83 02 3F 00 84 0E ${PSE_NAME} 90 00`);
    expect(await send(card, '00 A4 00 00 02 10 01 00')).to.equal(`6F 12 82 01 38 83 02 10 01 84 09 ${PURSE_AID} 90 00`);
  });

  it('by FID from inside a DF: its children, the parent (3F00) and siblings are found; a cousin is not', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 A4 00 0C 02 10 01')).to.equal('90 00');
    expect(await sw(card, '00 A4 00 0C 02 00 15')).to.equal('90 00');
    expect(await sw(card, '00 A4 00 0C 02 00 18')).to.equal('90 00');
    expect(await sw(card, '00 A4 00 0C 02 00 01')).to.equal('90 00'); // sibling of DF 1001, child of the MF
    expect(await sw(card, '00 A4 00 0C 02 00 15')).to.equal('6A 82'); // now the current DF is the MF
  });

  it('by DF name (P1 = 04) selects the DF wherever it is; an unknown name is 6A 82', async () => {
    const card = await poweredCard('T=1');
    expect(await send(card, `00 A4 04 00 09 ${PURSE_AID} 00`)).to.match(/^6F 12 82 01 38 83 02 10 01/);
    expect(await sw(card, '00 B0 95 00 04')).to.equal('90 00'); // SFI 21 lives in DF 1001
    expect(await sw(card, '00 A4 04 00 05 A0 00 00 00 04')).to.equal('6A 82');
  });

  it('by path from the MF (P1 = 08), and P2 = 04 answers the FCP (tag 62)', async () => {
    const card = await poweredCard('T=1');
    expect(await send(card, '00 A4 08 04 04 10 01 00 15 00')).to.equal('62 0E 82 01 01 83 02 00 15 80 02 00 1E 88 01 15 90 00');
    expect(await sw(card, '00 A4 08 0C 04 10 01 00 99')).to.equal('6A 82');
    expect(await sw(card, '00 A4 08 0C 04 00 01 00 15')).to.equal('6A 82'); // 0001 is an EF, not a DF
  });

  it('P2 = 0C answers no data; P1/P2 it does not know are 6A 86; bad lengths are 67 00', async () => {
    const card = await poweredCard('T=1');
    expect(await send(card, '00 A4 00 0C 02 00 01 00')).to.equal('90 00');
    expect(await sw(card, '00 A4 02 00 02 00 01')).to.equal('6A 86');
    expect(await sw(card, '00 A4 00 08 02 00 01')).to.equal('6A 86');
    expect(await sw(card, '00 A4 00 00 03 00 01 02')).to.equal('67 00');
    expect(await sw(card, '00 A4 08 00 03 10 01 00')).to.equal('67 00');
    expect(await sw(card, '00 A4 04 00 11 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00')).to.equal('67 00');
  });

  it('an unknown FID is 6A 82 and leaves the current EF as it was', async () => {
    const card = await poweredCard('T=1');
    await send(card, '00 A4 00 0C 02 00 01');
    expect(await sw(card, '00 A4 00 0C 02 77 77')).to.equal('6A 82');
    expect(await send(card, '00 B0 00 00 02')).to.equal('00 01 90 00');
  });
});
