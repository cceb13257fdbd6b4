import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { toHex } from '../../../src/core/hex.ts';
import type { StbpayError } from '../../../src/core/errors.ts';
import type { ChipCommand, ChipResponse, SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { sendUntilAcknowledged } from '../../../src/cards/at88-i2c/ack-polling.ts';
import { checkIndex, checkLength, checkSpan } from '../../../src/cards/at88-i2c/arguments.ts';
import {
  At88BusyError,
  At88Error,
  At88FuseError,
  At88LastAttemptError,
  At88NackError,
  At88PasswordLockedError,
  At88RangeError,
} from '../../../src/cards/at88-i2c/errors.ts';
import { writePaged } from '../../../src/cards/at88-i2c/paged-write.ts';
import { checkAttemptsBefore, verifyResult } from '../../../src/cards/at88-i2c/verify.ts';

const W1 = { set: 1, kind: 'write' } as const;

/** A card that NACKs its first `busy` commands, then acknowledges; it records what it was sent. */
function busyCard(busy: number): SynchronousCard & { sent: string[] } {
  const sent: string[] = [];
  return {
    type: 'AT88SC153',
    sent,
    powerOn: async () => new Uint8Array(4),
    reset: async () => new Uint8Array(4),
    powerOff: async () => undefined,
    execute: async (command: ChipCommand): Promise<ChipResponse> => {
      sent.push(toHex(command.bytes));
      return { data: new Uint8Array(0), acknowledged: sent.length > busy, busyMicros: 0 };
    },
  };
}

function thrown(action: () => unknown): StbpayError {
  try {
    action();
  } catch (error) {
    return error as StbpayError;
  }
  throw new Error('expected an error');
}

describe('AT88SC153/1608 shared driver helpers', () => {
  it('ACK polling sends the command again while NACKed, sleeping on the clock', async () => {
    const clock = new VirtualClock();
    const card = busyCard(3);
    const started = clock.now();
    expect((await sendUntilAcknowledged(card, { bytes: Uint8Array.of(0xb5) }, { clock, pollIntervalMs: 2 })).acknowledged).to.equal(true);
    expect(card.sent).to.deep.equal(['B5', 'B5', 'B5', 'B5']);
    expect(clock.now() - started).to.equal(6);
  });

  it('ACK polling gives up with At88BusyError after pollTimeoutMs of clock time', async () => {
    const clock = new VirtualClock();
    const error = await sendUntilAcknowledged(busyCard(Infinity), { bytes: Uint8Array.of(0xbd, 0) }, { clock, pollTimeoutMs: 5 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(At88BusyError);
    expect(error).to.include({ code: 'STBPAY_ERR_AT88_BUSY', waitedMs: 5 });
  });

  it('a paged write sends one command per page, then waits; nothing to write sends nothing', async () => {
    const sent: string[] = [];
    const page = async (at: number, chunk: Uint8Array) => sent.push(`${at}:${toHex(chunk)}`);
    await writePaged(6, Uint8Array.of(1, 2, 3, 4), 8, page, async () => sent.push('ready'));
    expect(sent).to.deep.equal(['6:01 02', '8:03 04', 'ready']);
    sent.length = 0;
    await writePaged(6, new Uint8Array(0), 8, page, async () => sent.push('ready'));
    expect(sent).to.deep.equal([]);
  });

  it('refuses a locked password, and the last attempt unless told to insist', () => {
    expect(thrown(() => checkAttemptsBefore(W1, 0x00, true))).to.be.instanceOf(At88PasswordLockedError).and.include({ pac: 0 });
    expect(thrown(() => checkAttemptsBefore(W1, 0x80))).to.be.instanceOf(At88LastAttemptError).and.include({ pac: 0x80 });
    expect(() => checkAttemptsBefore(W1, 0x80, true)).not.to.throw();
    expect(() => checkAttemptsBefore(W1, 0xc0)).not.to.throw();
    expect(verifyResult(0xff)).to.deep.equal({ verified: true, attemptsLeft: 8, pac: 0xff });
    expect(verifyResult(0xf8)).to.deep.equal({ verified: false, attemptsLeft: 5, pac: 0xf8 });
  });

  it('checks arguments with At88RangeError before anything is sent', () => {
    expect(() => checkSpan('read', 60, 4, 64)).not.to.throw();
    for (const bad of [() => checkSpan('read', 61, 4, 64), () => checkSpan('read', -1, 1, 64), () => checkSpan('read', 0, 1.5, 64), () => checkIndex('zone', 3, 3), () => checkLength('password', Uint8Array.of(1, 2), 3)]) {
      expect(thrown(bad)).to.be.instanceOf(At88RangeError);
    }
  });

  it('one error family with stable codes, the same as the AT88SC102/1604 drivers use', () => {
    const errors = [
      new At88NackError(Uint8Array.of(0xb4, 0x08), 'Write Configuration Zone'),
      new At88BusyError(Uint8Array.of(0xb5), 50),
      new At88PasswordLockedError(W1, 0),
      new At88LastAttemptError(W1, 0x80),
      new At88FuseError('CMA', 0x07, 'FAB comes first'),
      new At88RangeError('zone', 'must be 0..2, got 3'),
    ];
    expect(errors.every((e) => e instanceof At88Error)).to.equal(true);
    expect(errors.map((e) => e.code)).to.deep.equal([
      'STBPAY_ERR_AT88_NACK',
      'STBPAY_ERR_AT88_BUSY',
      'STBPAY_ERR_AT88_LOCKED',
      'STBPAY_ERR_AT88_LAST_ATTEMPT',
      'STBPAY_ERR_AT88_FUSE',
      'STBPAY_ERR_AT88_RANGE',
    ]);
    expect(errors[2]!.message).to.equal('Write 1 is locked: its attempts counter is 00');
    expect(errors[0]!.message).to.contain('B4 08');
  });
});
