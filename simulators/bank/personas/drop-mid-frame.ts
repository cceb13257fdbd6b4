import { setTimeout as sleep } from 'node:timers/promises';
import { BankSettingError } from '../errors.ts';
import type { WirePersona } from './types.ts';
import { paymentRequest, WireSession } from './wire-session.ts';

/**
 * A payment cut off mid-frame: the first `cutAt` bytes, then FIN (or RST with `reset`). The BOSS
 * has nobody to answer and must apply nothing. [§1, §5]
 * The close waits `holdMs` of real time after the bytes: Linux reports a reset that arrives before
 * the reader got to the data as an orderly end (data, then EOF), so without the pause a BOSS could
 * see FIN where the wire carried RST.
 */
export const dropMidFrame: WirePersona = {
  kind: 'wire',
  name: 'drop-mid-frame',
  summary: 'sends the first cutAt bytes of a 1002 payment frame (default half), waits holdMs (real time, default 50), then closes (FIN, or RST with reset)',
  expected: 'no answer, nothing posted; the BOSS closes its side [§1, §5]',
  async run(emulator, options = {}) {
    const session = await WireSession.open(emulator, options);
    const frame = session.frameOf(paymentRequest(emulator, options));
    const cutAt = options.cutAt ?? Math.floor(frame.length / 2);
    if (!Number.isInteger(cutAt) || cutAt < 1 || cutAt >= frame.length) {
      await session.close();
      throw new BankSettingError('cutAt', `${cutAt} must be from 1 to ${frame.length - 1} (the frame has ${frame.length} bytes)`);
    }
    await session.write(frame.subarray(0, cutAt));
    await sleep(options.holdMs ?? 50);
    const reset = options.reset ?? false;
    await session.close({ abort: reset });
    return session.outcome('drop-mid-frame', false, { frameLength: frame.length, sent: cutAt, close: reset ? 'RST' : 'FIN' });
  },
};
