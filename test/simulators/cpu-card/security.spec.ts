import { expect } from 'chai';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { createRandom } from '../../../src/core/random.ts';
import { des, tdes } from '../../../src/crypto/index.ts';
import { splitResponse } from '../../../src/reader/apdu.ts';
import type { CpuCardEmulator } from '../../../simulators/cards/cpu/index.ts';
import { DF_AUTH_KEY, MF_AUTH_KEY, PURSE_AID, poweredCard, send, sw } from './fixture.ts';

async function challenge(card: CpuCardEmulator, length: 4 | 8): Promise<Uint8Array> {
  const { data, sw: status } = splitResponse(await card.transmit(Uint8Array.of(0x00, 0x84, 0x00, 0x00, length)));
  expect(status).to.equal(0x9000);
  return data;
}

/** The terminal's side of EXTERNAL AUTHENTICATE: 3DES-ECB of the challenge padded to 8 bytes with zeros. */
function cryptogram(key: string, challengeBytes: Uint8Array): string {
  const block = new Uint8Array(8);
  block.set(challengeBytes);
  const cipher = parseHex(key).length === 8 ? des(parseHex(key)) : tdes(parseHex(key));
  return toHex(cipher.encryptEcb(block));
}

describe('CPU card GET CHALLENGE [ISO/IEC 7816-4 §7.5.3]', () => {
  it('answers 4 or 8 bytes from the injected Random: the same seed gives the same challenges', async () => {
    const a = await poweredCard('T=1', { random: createRandom(42) });
    const b = await poweredCard('T=1', { random: createRandom(42) });
    const c = await poweredCard('T=1', { random: createRandom(43) });
    const fromA = toHex(await challenge(a, 8));
    expect(fromA).to.equal(toHex(await challenge(b, 8)));
    expect(fromA).to.not.equal(toHex(await challenge(c, 8)));
    expect((await challenge(a, 4)).length).to.equal(4);
  });

  it('any other Le is 67 00, P1P2 other than 00 00 is 6A 86', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 84 00 00 10')).to.equal('67 00');
    expect(await sw(card, '00 84 00 00')).to.equal('67 00');
    expect(await sw(card, '00 84 01 00 08')).to.equal('6A 86');
  });
});

describe('CPU card EXTERNAL AUTHENTICATE [ISO/IEC 7816-4 §7.5.4]', () => {
  it('3DES of an 8-byte challenge under MF key 0 grants read: key:0; the file is 69 82 before', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 B0 82 00 08')).to.equal('69 82');
    const answer = cryptogram(MF_AUTH_KEY, await challenge(card, 8));
    expect(await sw(card, `00 82 00 00 08 ${answer}`)).to.equal('90 00');
    expect(await send(card, '00 B0 82 00 08')).to.equal('C0 FF EE 00 C0 FF EE 00 90 00');
  });

  it('DES of a 4-byte challenge (padded with 00 00 00 00) under DF key 1 grants update: key:1 in that DF', async () => {
    const card = await poweredCard('T=1');
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    expect(await sw(card, '00 D6 95 00 02 12 34')).to.equal('69 82');
    const answer = cryptogram(DF_AUTH_KEY, await challenge(card, 4));
    expect(await sw(card, `00 82 00 01 08 ${answer}`)).to.equal('90 00');
    expect(await sw(card, '00 D6 95 00 02 12 34')).to.equal('90 00');
  });

  it('one challenge, one try: replaying the right cryptogram is 69 85, a wrong one is 63 00', async () => {
    const card = await poweredCard('T=1');
    const answer = cryptogram(MF_AUTH_KEY, await challenge(card, 8));
    expect(await sw(card, '00 82 00 00 08 00 00 00 00 00 00 00 00')).to.equal('63 00');
    expect(await sw(card, `00 82 00 00 08 ${answer}`)).to.equal('69 85');
    expect(await sw(card, '00 B0 82 00 08')).to.equal('69 82');
  });

  it('the status is lost when another DF becomes current, and at power off', async () => {
    const card = await poweredCard('T=1');
    await send(card, `00 82 00 00 08 ${cryptogram(MF_AUTH_KEY, await challenge(card, 8))}`);
    expect(await sw(card, '00 B0 82 00 01')).to.equal('90 00');
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    await send(card, '00 A4 00 0C 02 3F 00');
    expect(await sw(card, '00 B0 82 00 01')).to.equal('69 82');
    await send(card, `00 82 00 00 08 ${cryptogram(MF_AUTH_KEY, await challenge(card, 8))}`);
    await card.powerOff();
    await card.powerOn();
    expect(await sw(card, '00 B0 82 00 01')).to.equal('69 82');
  });

  it('a key not in the current DF is 6A 88, a key for another use 69 85, Lc other than 8 is 67 00, P1 not 00 6A 86', async () => {
    const card = await poweredCard('T=1');
    await challenge(card, 8);
    expect(await sw(card, '00 82 00 01 08 00 00 00 00 00 00 00 00')).to.equal('6A 88');
    expect(await sw(card, '00 82 00 02 08 00 00 00 00 00 00 00 00')).to.equal('69 85');
    expect(await sw(card, '00 82 00 00 04 00 00 00 00')).to.equal('67 00');
    expect(await sw(card, '00 82 01 00 08 00 00 00 00 00 00 00 00')).to.equal('6A 86');
  });
});

describe('CPU card INTERNAL AUTHENTICATE [ISO/IEC 7816-4 §7.5.2]', () => {
  it('encrypts whole blocks under the key: FIPS 81 table B1, two blocks', async () => {
    const card = await poweredCard('T=1');
    // FIPS 81 appendix B, ECB: "Now is the time " -> 3FA40E8A984D4815 6A271787AB8883F9.
    expect(await send(card, '00 88 00 02 10 4E 6F 77 20 69 73 20 74 68 65 20 74 69 6D 65 20 00'))
      .to.equal('3F A4 0E 8A 98 4D 48 15 6A 27 17 87 AB 88 83 F9 90 00');
  });

  it('data not a whole number of blocks is 67 00; an external-auth key is 69 85; no such key 6A 88', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 88 00 02 04 01 02 03 04 00')).to.equal('67 00');
    expect(await sw(card, '00 88 00 00 08 01 02 03 04 05 06 07 08 00')).to.equal('69 85');
    expect(await sw(card, '00 88 00 09 08 01 02 03 04 05 06 07 08 00')).to.equal('6A 88');
  });
});

describe('CPU card VERIFY and its retry counter [ISO/IEC 7816-4 §7.5.6]', () => {
  it('counts down 63 C2, 63 C1, 63 C0, then 69 83 even for the right PIN', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 20 00 00 03 00 00 00')).to.equal('63 C2');
    expect(await sw(card, '00 20 00 00 03 00 00 00')).to.equal('63 C1');
    expect(await sw(card, '00 20 00 00 03 00 00 00')).to.equal('63 C0');
    expect(await sw(card, '00 20 00 00 03 12 34 56')).to.equal('69 83');
    await card.powerOff();
    await card.powerOn();
    expect(await sw(card, '00 20 00 00 03 12 34 56')).to.equal('69 83');
  });

  it('the right PIN resets the counter to its maximum', async () => {
    const card = await poweredCard('T=1');
    await send(card, '00 20 00 00 03 00 00 00');
    await send(card, '00 20 00 00 03 00 00 00');
    expect(await sw(card, '00 20 00 00 03 12 34 56')).to.equal('90 00');
    expect(await sw(card, '00 20 00 00 03 00 00 00')).to.equal('63 C2');
  });

  it('without data it reports: 63 Cx not verified, 90 00 verified; a wrong PIN drops the verified state', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 20 00 00')).to.equal('63 C3');
    await send(card, '00 20 00 00 03 12 34 56');
    expect(await sw(card, '00 20 00 00')).to.equal('90 00');
    await send(card, '00 20 00 00 02 12 34');
    expect(await sw(card, '00 20 00 00')).to.equal('63 C2');
  });

  it('P2 other than 00 is 6A 88, P1 other than 00 is 6A 86', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 20 00 01 03 12 34 56')).to.equal('6A 88');
    expect(await sw(card, '00 20 01 00 03 12 34 56')).to.equal('6A 86');
  });
});

describe('CPU card command routing', () => {
  it('an unknown INS is 6D 00, a class other than 00 or 8x is 6E 00, 8x with no application 6E 00', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 E0 00 00')).to.equal('6D 00');
    expect(await sw(card, '04 B0 81 00 01')).to.equal('6E 00');
    expect(await sw(card, '80 5C 00 02 04')).to.equal('6E 00');
  });

  it('bytes that are no short APDU are 67 00; an unpowered card is mute', async () => {
    const card = await poweredCard('T=1');
    expect(await sw(card, '00 B0 81')).to.equal('67 00');
    expect(await sw(card, '00 D6 81 00 05 01 02')).to.equal('67 00');
    await card.powerOff();
    let error: unknown;
    await card.transmit(parseHex('00 84 00 00 08')).catch((e: unknown) => (error = e));
    expect((error as { code?: string }).code).to.equal('STBPAY_ERR_CARD_MUTE');
  });
});
