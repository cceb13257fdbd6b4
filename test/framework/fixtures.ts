import { check, checkBytes, inconclusive, type ConformanceCase } from '../../conformance/framework/case.ts';
import type { TargetBinding } from '../../conformance/framework/runner.ts';

/** A toy target: an echo device that may be broken, to exercise the framework without a card. */
export interface EchoTarget {
  echo(bytes: Uint8Array): Uint8Array;
}

export const echoCases: ConformanceCase<EchoTarget>[] = [
  {
    id: 'ECHO-BASIC-001',
    clause: 'Echo spec §1',
    title: 'echoes what it is sent',
    tags: ['basic'],
    async run({ target, evidence }) {
      const sent = Uint8Array.of(0x30, 0x00, 0x04);
      evidence.sent(sent);
      const got = target.echo(sent);
      evidence.received(got);
      checkBytes(got, sent, 'echo');
    },
  },
  {
    id: 'ECHO-BASIC-002',
    clause: 'Echo spec §2',
    title: 'echoes nothing for nothing',
    tags: ['basic', 'edge'],
    async run({ target }) {
      check(target.echo(new Uint8Array()).length === 0, 'empty echo');
    },
  },
  {
    id: 'ECHO-TIME-001',
    clause: 'Echo spec §3',
    title: 'needs a stopwatch',
    tags: ['timing'],
    requires: ['stopwatch'],
    async run() {},
  },
  {
    id: 'ECHO-RAND-001',
    clause: 'Echo spec §4',
    title: 'random data is seeded',
    tags: ['random'],
    async run({ random, evidence }) {
      evidence.note(`first byte ${random.int(0, 255)}`);
      inconclusive('cannot decide');
    },
  },
];

export function echoBinding(broken: boolean): TargetBinding<EchoTarget> {
  return {
    identity: { kind: 'toy', name: broken ? 'broken echo' : 'echo', details: { firmware: '1.0' } },
    capabilities: new Set(),
    cases: echoCases,
    target: {
      echo: (bytes) => {
        if (broken && bytes.length === 0) throw new Error('boom');
        return broken ? bytes.map((b) => b ^ 1) : bytes;
      },
    },
  };
}
