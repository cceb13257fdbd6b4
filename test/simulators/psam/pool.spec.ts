import { expect } from 'chai';
import fc from 'fast-check';
import { PsamBusyError, PsamLeaseEndedError, PsamNotAcceptableError } from '../../../src/psam/errors.ts';
import type { PsamLease } from '../../../src/psam/lease.ts';
import type { ApduChannel } from '../../../src/reader/apdu.ts';
import { PsamPool, type PsamSlotSpec } from '../../../simulators/psam/pool.ts';

/** A PSAM stand-in that answers 90 00 after `delayMs`, and counts what it was sent. */
function psam(id: string, issuer: string, delayMs = 0): PsamSlotSpec & { sent: number } {
  const spec = {
    id,
    issuer,
    sent: 0,
    channel: {
      transmit: async () => {
        spec.sent++;
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return Uint8Array.of(0x90, 0x00);
      },
    } satisfies ApduChannel,
  };
  return spec;
}

const GET_CHALLENGE = Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x04);
const ended = async (lease: PsamLease): Promise<unknown> => lease.channel.transmit(GET_CHALLENGE).then(() => 'answered', (error: unknown) => error);

describe('PSAM pool [issue 5 point 3]', () => {
  it('leases a free PSAM of the card issuer only, and refuses an issuer it holds no PSAM of', async () => {
    const pool = new PsamPool({ slots: [psam('S1', 'ISSUER-A'), psam('S2', 'ISSUER-B')], maxLeaseMs: 10_000 });
    const lease = await pool.lease('ISSUER-B');
    expect([lease.slotId, lease.issuer]).to.deep.equal(['S2', 'ISSUER-B']);
    expect(await lease.channel.transmit(GET_CHALLENGE)).to.deep.equal(Uint8Array.of(0x90, 0x00));
    const refused = await pool.lease('ISSUER-C').catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(PsamNotAcceptableError).with.property('issuer', 'ISSUER-C');
    expect(pool.status()).to.deep.equal([
      { id: 'S1', issuer: 'ISSUER-A', state: 'free' },
      { id: 'S2', issuer: 'ISSUER-B', state: 'leased' },
    ]);
    lease.release();
  });

  it('makes a second transaction wait its turn, first come first served, or refuses it as busy when it will not wait', async () => {
    const pool = new PsamPool({ slots: [psam('S1', 'A')], maxLeaseMs: 10_000 });
    const first = await pool.lease('A');
    expect(await pool.lease('A').catch((error: unknown) => error)).to.be.instanceOf(PsamBusyError);
    const order: string[] = [];
    const second = pool.lease('A', { waitMs: 2000 }).then((lease) => (order.push('second'), lease));
    const third = pool.lease('A', { waitMs: 2000 }).then((lease) => (order.push('third'), lease));
    first.release();
    (await second).release();
    (await third).release();
    expect(order).to.deep.equal(['second', 'third']);
    const late = await pool.lease('A', { waitMs: 30 }).then((lease) => lease);
    const timedOut = await pool.lease('A', { waitMs: 30 }).catch((error: unknown) => error);
    expect(timedOut).to.be.instanceOf(PsamBusyError).with.property('message').that.contains('30 ms');
    late.release();
  });

  it('takes back a lease held past maxLeaseMs: the old holder is refused, the next one served', async () => {
    const pool = new PsamPool({ slots: [psam('S1', 'A')], maxLeaseMs: 40 });
    const hung = await pool.lease('A');
    const next = await pool.lease('A', { waitMs: 2000 });
    expect(next.slotId).to.equal('S1');
    const refused = await ended(hung);
    expect(refused).to.be.instanceOf(PsamLeaseEndedError).with.property('end', 'expired');
    expect(await ended(next)).to.equal('answered');
    hung.release(); // too late: changes nothing for the new holder
    expect(pool.status()[0]?.state).to.equal('leased');
    next.release();
  });

  it('fails the running command of a PSAM pulled mid-transaction, and refuses waiters once no PSAM of their issuer is left', async () => {
    const slow = psam('S1', 'A', 50);
    const pool = new PsamPool({ slots: [slow], maxLeaseMs: 10_000 });
    const lease = await pool.lease('A');
    const waiting = pool.lease('A', { waitMs: 5000 }).catch((error: unknown) => error);
    const running = ended(lease);
    pool.pull('S1');
    expect(await running).to.be.instanceOf(PsamLeaseEndedError).with.property('end', 'pulled');
    expect(slow.sent, 'the command reached the PSAM before it was pulled').to.equal(1);
    expect(await waiting).to.be.instanceOf(PsamNotAcceptableError);
    expect(pool.status()).to.deep.equal([]);
  });

  it('does not lease a failed PSAM again until it is repaired; its holder is refused with the reason', async () => {
    const pool = new PsamPool({ slots: [psam('S1', 'A'), psam('S2', 'A')], maxLeaseMs: 10_000 });
    const lease = await pool.lease('A');
    pool.fail(lease.slotId, 'mute after 8070');
    const refused = await ended(lease);
    expect(refused).to.be.instanceOf(PsamLeaseEndedError).with.property('end', 'failed');
    expect((refused as Error).message).to.contain('mute after 8070');
    const other = await pool.lease('A');
    expect(other.slotId).to.not.equal(lease.slotId);
    expect(await pool.lease('A').catch((error: unknown) => error), 'the failed one is not free').to.be.instanceOf(PsamBusyError);
    pool.repair(lease.slotId);
    const again = await pool.lease('A');
    expect(again.slotId).to.equal(lease.slotId);
    expect(await ended(again)).to.equal('answered');
  });

  it('never has one PSAM in two live leases, whatever happens in whatever order', async () => {
    type Op = { kind: 'lease'; issuer: string } | { kind: 'release'; index: number } | { kind: 'pull' | 'fail' | 'repair' | 'insert'; slot: number };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('lease' as const), issuer: fc.constantFrom('A', 'B') }),
      fc.record({ kind: fc.constant('release' as const), index: fc.nat(9) }),
      fc.record({ kind: fc.constantFrom('pull' as const, 'fail' as const, 'repair' as const, 'insert' as const), slot: fc.nat(3) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops: Op[]) => {
        const specs = [psam('S0', 'A'), psam('S1', 'A'), psam('S2', 'B'), psam('S3', 'B')];
        const pool = new PsamPool({ slots: specs, maxLeaseMs: 60_000 });
        const leases: PsamLease[] = [];
        const present = new Set(specs.map((s) => s.id));
        for (const o of ops) {
          if (o.kind === 'lease') {
            const lease = await pool.lease(o.issuer).catch(() => undefined);
            if (lease) leases.push(lease);
          } else if (o.kind === 'release') {
            leases[o.index]?.release();
          } else {
            const spec = specs[o.slot]!;
            if (o.kind === 'insert') {
              if (!present.has(spec.id)) (pool.insert(spec), present.add(spec.id));
            } else if (present.has(spec.id)) {
              if (o.kind === 'pull') (pool.pull(spec.id), present.delete(spec.id));
              else if (o.kind === 'fail') pool.fail(spec.id, 'fault');
              else pool.repair(spec.id);
            }
          }
          // a lease is live when its channel still answers
          const live: string[] = [];
          for (const lease of leases) if ((await ended(lease)) === 'answered') live.push(lease.slotId);
          expect(new Set(live).size, `live leases ${live.join(',')}`).to.equal(live.length);
          const leased = pool.status().filter((s) => s.state === 'leased').map((s) => s.id).sort();
          expect(leased).to.deep.equal([...live].sort());
        }
        for (const lease of leases) lease.release();
      }),
      { numRuns: 1000 },
    );
  });
});
