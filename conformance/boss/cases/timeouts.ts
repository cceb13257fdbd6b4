import { encodeFrame } from '../../../src/boss/codec/frame.ts';
import { encodeRequest } from '../../../src/boss/codec/message.ts';
import { check, type ConformanceCase } from '../../framework/case.ts';
import { withSession } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { query } from '../transactions.ts';

/** A timer closes the connection late by at most this much: 2 s, or a fifth of a long timer. */
function grace(ms: number): number {
  return Math.max(2_000, ms / 5);
}

/**
 * How much earlier than the timer the suite may see the close without calling it early. The suite's
 * clock starts when its write returns or its answer arrives, the BOSS's when its byte arrives or its
 * answer leaves; on a loaded machine the two differ by up to hundreds of ms, whatever the timer. So a
 * tenth of the timer (6 s of §1's 60 s, 1 s of its 10 s), and never less than 1 s.
 */
const MEASUREMENT_SLACK_MS = 1_000;

/** Closing before this is closing too early: the timer less a tenth, or less 1 s for short timers. */
function earliest(ms: number): number {
  return ms - Math.max(ms / 10, MEASUREMENT_SLACK_MS);
}

export const timeoutCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-TIMEOUT-001',
    clause: 'bank-interface §1 (a frame must be complete within 10 s of its first byte, else the connection is closed)',
    title: 'a frame still incomplete 10 s after its first byte gets the connection closed, though bytes keep trickling in',
    tags: ['timeout', 'slow'],
    async run(context) {
      await withSession(context, async (session) => {
        const { frameMs } = context.target.timeouts;
        const link = await session.link();
        const frame = encodeFrame(context.target.profile.framing, encodeRequest(context.target.profile, session.request('1001', { CUSTNO: context.target.data.namedCustomer.custno })));
        await link.write(frame.slice(0, 10), 'the first 10 bytes of a frame');
        const closing = link.expectClosed(frameMs + grace(frameMs), `the frame was not complete ${frameMs} ms after its first byte [bank-interface §1]`);
        // One more byte every tenth of the timer, never the last: a BOSS that restarts its timer on every byte never closes.
        const trickle = (async () => {
          for (let at = 10; at < frame.length - 1 && !link.closed; at++) {
            await context.target.clock.sleep(frameMs / 10);
            if (!link.closed) await link.write(frame.slice(at, at + 1), `byte ${at + 1} of ${frame.length}`).catch(() => undefined);
          }
        })();
        const after = await closing;
        await trickle;
        check(after >= earliest(frameMs), `the connection was closed ${after} ms after the frame's first byte, before the ${frameMs} ms the frame may take [bank-interface §1]`);
      });
    },
  },
  {
    id: 'BOSS-TIMEOUT-002',
    clause: 'bank-interface §1 (an idle connection, no frame started, is closed after 60 s)',
    title: 'a connection left idle after an answer is closed 60 s later, not before',
    tags: ['timeout', 'slow'],
    async run(context) {
      await withSession(context, async (session) => {
        const { idleMs } = context.target.timeouts;
        await query(session, context.target.data.namedCustomer.custno);
        const link = await session.link();
        const after = await link.expectClosed(idleMs + grace(idleMs), `idle for ${idleMs} ms [bank-interface §1]`);
        check(after >= earliest(idleMs), `the idle connection was closed after ${after} ms, before the ${idleMs} ms of §1`);
      });
    },
  },
];
