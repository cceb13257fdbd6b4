import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { toHex } from '../../../src/core/hex.ts';
import { SECURE_CODE, type PasswordRef } from '../../../src/cards/at88sc153/commands.ts';
import * as driver from '../../../src/cards/at88sc153/driver.ts';
import { At88BusyError, At88FuseError, At88LastAttemptError, At88PasswordLockedError, At88RangeError } from '../../../src/cards/at88-i2c/errors.ts';
import type { ChipCommand, SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { SECRET, bytes, poweredCard } from './helpers.ts';

const READ1: PasswordRef = { set: 1, kind: 'read' };

/** Wraps a card and keeps the hex of every command sent to it. */
function recorded(card: SynchronousCard): { card: SynchronousCard; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    card: {
      type: card.type,
      powerOn: () => card.powerOn(),
      reset: () => card.reset(),
      powerOff: () => card.powerOff(),
      execute: (command: ChipCommand) => {
        sent.push(toHex(command.bytes));
        return card.execute(command);
      },
    },
  };
}

describe('AT88SC153 host driver', () => {
  it('splits a zone write on page boundaries and ACK-polls each page cycle on the clock', async () => {
    const clock = new VirtualClock();
    const { card, sent } = recorded(await poweredCard({ clock }));
    const data = Uint8Array.from({ length: 20 }, (_, i) => i);
    const started = clock.now();
    await driver.writeZone(card, 1, 5, data, { clock });
    const writes = [...new Set(sent.filter((s) => s.startsWith('B4')))]; // each page is re-sent while the chip NACKs
    expect(sent.filter((s) => s.startsWith('B4')).length).to.be.greaterThan(4);
    expect(writes.map((s) => s.split(' ').slice(0, 2).join(' '))).to.deep.equal(['B4 05', 'B4 08', 'B4 10', 'B4 18']);
    expect(writes.map((s) => s.split(' ').length - 2)).to.deep.equal([3, 8, 8, 1]);
    expect(clock.now() - started).to.be.at.least(40);
    expect([...(await driver.readZone(card, 1, 5, 20, { clock }))]).to.deep.equal([...data]);
  });

  it('reads and writes the configuration zone with the secure code', async () => {
    const clock = new VirtualClock();
    const card = await poweredCard({ clock });
    expect(await driver.verifyPassword(card, SECURE_CODE, SECRET, { clock })).to.deep.equal({ verified: true, attemptsLeft: 8, pac: 0xff });
    await driver.writeConfig(card, 0x0e, bytes(1, 2, 3, 4), { clock });
    expect([...(await driver.readConfig(card, 0x0e, 4, { clock }))]).to.deep.equal([1, 2, 3, 4]);
  });

  it('sends Verify Password twice and reports a wrong password as attempts left', async () => {
    const { card, sent } = recorded(await poweredCard());
    expect(await driver.verifyPassword(card, READ1, bytes(1, 2, 3))).to.deep.equal({ verified: false, attemptsLeft: 7, pac: 0xfe });
    expect(sent).to.deep.equal(['BD 3C', 'BF 01 02 03', 'BF 01 02 03', 'BD 3C']);
  });

  it('refuses to spend the last attempt unless told to insist, and refuses a locked password', async () => {
    const card = await poweredCard();
    for (let i = 0; i < 7; i++) await driver.verifyPassword(card, READ1, bytes(0, 0, 0));
    try {
      await driver.verifyPassword(card, READ1, bytes(0xff, 0xff, 0xff));
      expect.fail('the driver spent the last attempt');
    } catch (error) {
      expect(error).to.be.instanceOf(At88LastAttemptError);
      expect(error).to.include({ code: 'STBPAY_ERR_AT88_LAST_ATTEMPT', pac: 0x80 });
    }
    expect(await driver.verifyPassword(card, READ1, bytes(0, 0, 0), { insist: true })).to.deep.equal({ verified: false, attemptsLeft: 0, pac: 0 });
    try {
      await driver.verifyPassword(card, READ1, bytes(0xff, 0xff, 0xff), { insist: true });
      expect.fail('the driver presented a password to a locked counter');
    } catch (error) {
      expect(error).to.be.instanceOf(At88PasswordLockedError);
      expect(error).to.include({ code: 'STBPAY_ERR_AT88_LOCKED', pac: 0 });
    }
  });

  it('uses the last attempt with insist and the right password', async () => {
    const card = await poweredCard();
    for (let i = 0; i < 7; i++) await driver.verifyPassword(card, SECURE_CODE, bytes(0, 0, 0));
    expect(await driver.verifyPassword(card, SECURE_CODE, SECRET, { insist: true })).to.deep.equal({ verified: true, attemptsLeft: 8, pac: 0xff });
  });

  it('blows fuses in order and reports a fuse that did not take', async () => {
    const card = await poweredCard();
    try {
      await driver.blowFuse(card, 'FAB');
      expect.fail('FAB blown without the secure code');
    } catch (error) {
      expect(error).to.be.instanceOf(At88FuseError);
      expect(error).to.include({ code: 'STBPAY_ERR_AT88_FUSE', fuse: 'FAB', fuseByte: 7 });
    }
    await driver.verifyPassword(card, SECURE_CODE, SECRET);
    expect(await driver.blowFuse(card, 'FAB')).to.equal(6);
    expect(await driver.readFuses(card)).to.equal(6);
  });

  it('gives up with At88BusyError when the chip never acknowledges', async () => {
    const clock = new VirtualClock();
    const silent: SynchronousCard = {
      type: 'AT88SC153',
      powerOn: async () => new Uint8Array(4),
      reset: async () => new Uint8Array(4),
      powerOff: async () => undefined,
      execute: async () => ({ data: new Uint8Array(0), acknowledged: false, busyMicros: 0 }),
    };
    try {
      await driver.readZone(silent, 0, 0, 1, { clock, pollTimeoutMs: 20 });
      expect.fail('no error');
    } catch (error) {
      expect(error).to.be.instanceOf(At88BusyError);
      expect(error).to.include({ code: 'STBPAY_ERR_AT88_BUSY', waitedMs: 20 });
      expect(toHex((error as At88BusyError).bytes)).to.equal('B1 00');
    }
  });

  it('rejects requests outside the memory map before sending anything', async () => {
    const { card, sent } = recorded(await poweredCard());
    const cases: (() => Promise<unknown>)[] = [
      () => driver.readZone(card, 3, 0, 1),
      () => driver.readZone(card, 0, 60, 5),
      () => driver.writeZone(card, 0, -1, bytes(1)),
      () => driver.writeConfig(card, 63, bytes(1, 2)),
      () => driver.verifyPassword(card, SECURE_CODE, bytes(1, 2)),
    ];
    for (const attempt of cases) {
      try {
        await attempt();
        expect.fail('accepted');
      } catch (error) {
        expect(error).to.be.instanceOf(At88RangeError);
        expect(error).to.include({ code: 'STBPAY_ERR_AT88_RANGE' });
      }
    }
    expect(sent).to.deep.equal([]);
  });
});
