import { expect } from 'chai';
import { poweredCard, send, sw } from './fixture.ts';

const VERIFY_PIN = '00 20 00 00 03 12 34 56';

describe('CPU card READ/UPDATE BINARY [ISO/IEC 7816-4 §7.2]', () => {
  it('reads at an offset of the current EF (P1 bit 8 clear: 15-bit offset)', async () => {
    const card = await poweredCard('T=1');
    await send(card, '00 A4 00 0C 02 00 01');
    expect(await send(card, '00 B0 00 04 03')).to.equal('04 05 06 90 00');
    await send(card, '00 A4 00 0C 02 00 04');
    expect(await send(card, '00 B0 01 2A 02')).to.equal('00 00 90 00'); // offset 0x12A = 298 of 300
  });

  it('reads by SFI (P1 = 100 sssss, P2 the offset), which makes that EF current', async () => {
    const card = await poweredCard('T=1');
    expect(await send(card, '00 B0 81 0E 02')).to.equal('0E 0F 90 00');
    expect(await send(card, '00 B0 00 00 01')).to.equal('00 90 00');
  });

  it('no current EF is 69 86; an unknown SFI is 6A 82; SFI with P1 bits 7-6 set, or SFI 0, is 6A 86', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 B0 00 00 01')).to.equal('69 86');
    expect(await sw(card, '00 B0 9E 00 01')).to.equal('6A 82');
    expect(await sw(card, '00 B0 C1 00 01')).to.equal('6A 86');
    expect(await sw(card, '00 B0 80 00 01')).to.equal('6A 86');
  });

  it('an offset at or past the end is 6B 00; reading past the end is 6Cxx (T=0), 62 82 with the bytes left (T=1)', async () => {
    const t1 = await poweredCard('T=1');
    expect(await sw(t1, '00 B0 81 10 01')).to.equal('6B 00');
    expect(await send(t1, '00 B0 81 0E 04')).to.equal('0E 0F 62 82');
    expect(await send(t1, '00 B0 81 0E 00')).to.equal('0E 0F 90 00');
    const t0 = await poweredCard('T=0');
    expect(await send(t0, '00 B0 81 0E 04')).to.equal('6C 02');
    expect(await send(t0, '00 B0 81 0E 02')).to.equal('0E 0F 90 00');
  });

  it('READ BINARY on a record EF is 69 81; without Le it is 67 00', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 B0 83 00 01')).to.equal('69 81');
    expect(await sw(card, '00 B0 81 00')).to.equal('67 00');
  });

  it('UPDATE BINARY writes only once its access condition holds (update: pin)', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 D6 81 02 02 AB CD')).to.equal('69 82');
    expect(await sw(card, VERIFY_PIN)).to.equal('90 00');
    expect(await sw(card, '00 D6 81 02 02 AB CD')).to.equal('90 00');
    expect(await send(card, '00 B0 81 00 05')).to.equal('00 01 AB CD 04 90 00');
  });

  it('UPDATE BINARY past the end is 67 00, at an offset past the end 6B 00, with no data 67 00, never-updatable 69 82', async () => {
    const card = await poweredCard('T=1');
    await send(card, VERIFY_PIN);
    expect(await sw(card, '00 D6 81 0F 02 AB CD')).to.equal('67 00');
    expect(await sw(card, '00 D6 81 10 01 AB')).to.equal('6B 00');
    expect(await sw(card, '00 D6 81 00')).to.equal('67 00');
    await send(card, '00 A4 00 0C 02 00 04');
    expect(await sw(card, '00 D6 00 00 01 AB')).to.equal('69 82');
    expect(card.nvm.bytesWritten).to.equal(2); // the two VERIFY counter writes, nothing else
  });
});

describe('CPU card READ/UPDATE RECORD [ISO/IEC 7816-4 §7.3]', () => {
  it('reads record P1 of the EF with SFI P2 >> 3; records not personalised read as zeros', async () => {
    const card = await poweredCard('T=1');
    expect(await send(card, '00 B2 02 1C 04')).to.equal('BB BB BB BB 90 00');
    expect(await send(card, '00 B2 03 1C 04')).to.equal('00 00 00 00 90 00');
    expect(await send(card, '00 B2 01 04 04')).to.equal('AA AA AA AA 90 00'); // SFI 0: the current EF
  });

  it('a record past the last is 6A 83; record 0 or P2 low bits other than 100 are 6A 86', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 B2 04 1C 04')).to.equal('6A 83');
    expect(await sw(card, '00 B2 00 1C 04')).to.equal('6A 86');
    expect(await sw(card, '00 B2 01 1D 04')).to.equal('6A 86');
  });

  it('no current EF is 69 86, unknown SFI 6A 82, a transparent EF 69 81', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 B2 01 04 04')).to.equal('69 86');
    expect(await sw(card, '00 B2 01 F4 04')).to.equal('6A 82');
    expect(await sw(card, '00 B2 01 0C 04')).to.equal('69 81');
  });

  it('read: pin holds READ RECORD back until VERIFY', async () => {
    const card = await poweredCard('T=1');
    await send(card, '00 A4 04 0C 09 A0 00 00 00 03 86 98 07 01');
    expect(await sw(card, '00 B2 01 C4 17')).to.equal('69 82'); // SFI 24
    await send(card, VERIFY_PIN);
    expect(await send(card, '00 B2 01 C4 17')).to.equal(`${'00 '.repeat(23)}90 00`);
  });

  it('UPDATE RECORD replaces one whole record once update is allowed; Lc must be the record length', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 DC 03 1C 04 01 02 03 04')).to.equal('69 82');
    await send(card, VERIFY_PIN);
    expect(await sw(card, '00 DC 03 1C 03 01 02 03')).to.equal('67 00');
    expect(await sw(card, '00 DC 03 1C 04 01 02 03 04')).to.equal('90 00');
    expect(await send(card, '00 B2 03 1C 04')).to.equal('01 02 03 04 90 00');
    expect(await send(card, '00 B2 02 1C 04')).to.equal('BB BB BB BB 90 00');
  });
});
