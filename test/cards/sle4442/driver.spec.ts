import { expect } from 'chai';
import { InputError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import { CardMuteError, type ChipCommand, type SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import * as driver from '../../../src/cards/sle4442/driver.ts';
import { LastAttemptError, Sle4442WriteError } from '../../../src/cards/sle4442/errors.ts';
import { out, poweredCard, PSC, send } from './helpers.ts';

const WRONG = Uint8Array.of(0, 0, 0);

/** Wraps a card so the commands the driver sends can be checked. */
function recording(card: SynchronousCard): { card: SynchronousCard; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    card: { ...card, type: card.type, powerOn: () => card.powerOn(), reset: () => card.reset(), powerOff: () => card.powerOff(),
      execute: (command: ChipCommand) => {
        sent.push(toHex(command.bytes));
        return card.execute(command);
      } },
  };
}

async function expectError<E extends Error>(run: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await run;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return error as E;
  }
  return expect.fail(`no ${type.name} thrown`);
}

describe('SLE4442 driver', () => {
  it('presentPsc runs the datasheet procedure and reports the result', async () => {
    const { card, sent } = recording(await poweredCard());
    expect(await driver.presentPsc(card, PSC)).to.deep.equal({ verified: true, attemptsLeft: 3, locked: false, errorCounter: 7 });
    expect(sent).to.deep.equal(['31 00 00', '39 00 03', '31 00 00', '33 01 12', '33 02 34', '33 03 56', '39 00 FF', '31 00 00']);
  });

  it('presentPsc with a wrong code reports the attempts left', async () => {
    const card = await poweredCard();
    expect(await driver.presentPsc(card, WRONG)).to.deep.equal({ verified: false, attemptsLeft: 2, locked: false, errorCounter: 3 });
    expect(await driver.presentPsc(card, WRONG)).to.deep.equal({ verified: false, attemptsLeft: 1, locked: false, errorCounter: 1 });
  });

  it('refuses to present a code with one attempt left, sending nothing but the counter read', async () => {
    const raw = await poweredCard();
    await driver.presentPsc(raw, WRONG);
    await driver.presentPsc(raw, WRONG);
    const { card, sent } = recording(raw);
    const error = await expectError(driver.presentPsc(card, PSC), LastAttemptError);
    expect(error.code).to.equal('STBPAY_ERR_SLE4442_LAST_ATTEMPT');
    expect(error.attemptsLeft).to.equal(1);
    expect(error.errorCounter).to.equal(1);
    expect(error.message).to.contain('insist');
    expect(sent).to.deep.equal(['31 00 00']);
    expect(await out(raw, '31 00 00', 1)).to.equal('01');
  });

  it('presents the last attempt with insist: the right code restores the counter, a wrong one locks', async () => {
    const card = await poweredCard();
    await driver.presentPsc(card, WRONG);
    await driver.presentPsc(card, WRONG);
    expect((await driver.presentPsc(card, PSC, { insist: true })).verified).to.equal(true);
    const other = await poweredCard();
    await driver.presentPsc(other, WRONG);
    await driver.presentPsc(other, WRONG);
    expect(await driver.presentPsc(other, WRONG, { insist: true })).to.deep.equal({ verified: false, attemptsLeft: 0, locked: true, errorCounter: 0 });
  });

  it('on a locked card presentPsc sends no attempt and reports the lock', async () => {
    const raw = await poweredCard();
    for (let i = 0; i < 3; i++) await driver.presentPsc(raw, WRONG, { insist: true });
    const { card, sent } = recording(raw);
    expect(await driver.presentPsc(card, PSC, { insist: true })).to.deep.equal({ verified: false, attemptsLeft: 0, locked: true, errorCounter: 0 });
    expect(sent).to.deep.equal(['31 00 00']);
  });

  it('checks PSC lengths, addresses and lengths with InputError naming the field', async () => {
    const card = await poweredCard();
    expect((await expectError(driver.presentPsc(card, Uint8Array.of(1, 2)), InputError)).field).to.equal('PSC');
    expect((await expectError(driver.readMain(card, 256, 1), InputError)).field).to.equal('address');
    expect((await expectError(driver.readMain(card, 250, 7), InputError)).field).to.equal('length');
    expect((await expectError(driver.updateMain(card, 0x40, new Uint8Array(0)), InputError)).field).to.equal('length');
    expect((await expectError(driver.protect(card, 31, Uint8Array.of(1, 2)), InputError)).field).to.equal('length');
    expect((await expectError(driver.changePsc(card, Uint8Array.of(1)), InputError)).field).to.equal('new PSC');
  });

  it('readMain and readSecurity return what the card holds', async () => {
    const card = await poweredCard();
    expect(toHex(await driver.readMain(card, 0, 4))).to.equal('A2 13 10 91');
    expect(toHex(await driver.readMain(card, 0xfc, 4))).to.equal('FF FF FF FF');
    const security = await driver.readSecurity(card);
    expect(security).to.deep.include({ errorCounter: 7, attemptsLeft: 3, locked: false });
    expect(toHex(security.psc)).to.equal('00 00 00');
  });

  it('updateMain writes only the bytes that change and checks them by reading back', async () => {
    const raw = await poweredCard();
    await driver.presentPsc(raw, PSC);
    await send(raw, '38 41 22');
    const { card, sent } = recording(raw);
    await driver.updateMain(card, 0x40, Uint8Array.of(0x11, 0x22, 0x33));
    expect(sent.filter((s) => s.startsWith('38'))).to.deep.equal(['38 40 11', '38 42 33']);
    expect(toHex(await driver.readMain(card, 0x40, 3))).to.equal('11 22 33');
  });

  it('updateMain without a verified PSC throws not-verified with the bytes', async () => {
    const card = await poweredCard();
    const error = await expectError(driver.updateMain(card, 0x40, Uint8Array.of(0x11, 0x22)), Sle4442WriteError);
    expect(error.code).to.equal('STBPAY_ERR_SLE4442_WRITE');
    expect(error.reason).to.equal('not-verified');
    expect(error.address).to.equal(0x40);
    expect(toHex(error.actual)).to.equal('FF FF');
  });

  it('updateMain refuses a protected byte before writing anything', async () => {
    const raw = await poweredCard();
    await driver.presentPsc(raw, PSC);
    const { card, sent } = recording(raw);
    const error = await expectError(driver.updateMain(card, 0x17, Uint8Array.of(0x00, 0x01, 0x02)), Sle4442WriteError);
    expect(error).to.include({ reason: 'protected', area: 'main' });
    expect(error.address).to.equal(0x18);
    expect(sent.some((s) => s.startsWith('38'))).to.equal(false);
    const header = await expectError(driver.updateMain(card, 0x00, Uint8Array.of(0x3b)), Sle4442WriteError);
    expect(header.address).to.equal(0);
    expect(header.message).to.contain('write-protected');
  });

  it('readProtection maps the bits to addresses', async () => {
    const card = await poweredCard();
    const map = await driver.readProtection(card);
    expect(toHex(map.bytes)).to.equal('00 FF 1F F8');
    expect(map.protectedAddresses).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 21, 22, 23, 24, 25, 26]);
    expect(map.isProtected(8)).to.equal(false);
    expect(map.isProtected(40)).to.equal(false);
  });

  it('protect freezes bytes whose data matches, and says why it could not', async () => {
    const card = await poweredCard();
    expect((await expectError(driver.protect(card, 0x10, Uint8Array.of(0xff)), Sle4442WriteError)).reason).to.equal('not-verified');
    await driver.presentPsc(card, PSC);
    await driver.updateMain(card, 0x10, Uint8Array.of(0xaa, 0xbb));
    const map = await driver.protect(card, 0x10, Uint8Array.of(0xaa, 0xbb));
    expect(map.isProtected(0x10) && map.isProtected(0x11)).to.equal(true);
    const mismatch = await expectError(driver.protect(card, 0x12, Uint8Array.of(0x00)), Sle4442WriteError);
    expect(mismatch).to.include({ reason: 'data-mismatch', area: 'protection', address: 0x12 });
    expect((await expectError(driver.updateMain(card, 0x10, Uint8Array.of(0)), Sle4442WriteError)).reason).to.equal('protected');
  });

  it('changePsc writes the new code, which then works after a power cycle', async () => {
    const card = await poweredCard();
    expect((await expectError(driver.changePsc(card, Uint8Array.of(1, 2, 3)), Sle4442WriteError)).reason).to.equal('not-verified');
    await driver.presentPsc(card, PSC);
    await driver.changePsc(card, Uint8Array.of(1, 2, 3));
    await card.powerOff();
    await card.powerOn();
    expect((await driver.presentPsc(card, PSC)).verified).to.equal(false);
    expect((await driver.presentPsc(card, Uint8Array.of(1, 2, 3))).verified).to.equal(true);
  });

  it('changePsc to 00 00 00 is confirmed only on a verified card (an unverified one reads its PSC as 00 00 00)', async () => {
    const card = await poweredCard();
    const refused = await expectError(driver.changePsc(card, Uint8Array.of(0, 0, 0)), Sle4442WriteError);
    expect(refused).to.include({ reason: 'not-verified', area: 'psc' });
    await driver.presentPsc(card, PSC);
    await driver.changePsc(card, Uint8Array.of(0, 0, 0));
    expect(await out(card, '31 00 00')).to.equal('07 00 00 00');
    await card.powerOff();
    await card.powerOn();
    expect((await driver.presentPsc(card, Uint8Array.of(0, 0, 0))).verified).to.equal(true);
  });

  it('passes a power loss through as CardMuteError', async () => {
    const card = await poweredCard();
    await driver.presentPsc(card, PSC);
    card.faults.powerLossAfter(0);
    await expectError(driver.updateMain(card, 0x40, Uint8Array.of(1)), CardMuteError);
  });
});

describe('SLE4442 driver against a card that ignores the counter-bit write', () => {
  it('does not report a wrong PSC as verified although the counter still reads 111b', async () => {
    const { sle4442Mutants } = await import('../../mutants/cards/sle4442.ts');
    const broken = sle4442Mutants.find((m) => m.name === 'counter-not-decremented')!.definition.create({ timing: false });
    await broken.powerOn();
    const result = await driver.presentPsc(broken, Uint8Array.of(0x12, 0x34, 0x56));
    expect(result.errorCounter, 'the broken card leaves the counter alone').to.equal(0x07);
    expect(result.verified).to.equal(false);
  });

  it('does not report 00 00 00 as verified although an unverified card shows its PSC as 00 00 00', async () => {
    const { sle4442Mutants } = await import('../../mutants/cards/sle4442.ts');
    const broken = sle4442Mutants.find((m) => m.name === 'counter-not-decremented')!.definition.create({ timing: false });
    await broken.powerOn();
    const result = await driver.presentPsc(broken, Uint8Array.of(0, 0, 0));
    expect(result.verified, 'the attempt was never paid, so the comparison does not count').to.equal(false);
  });
});
