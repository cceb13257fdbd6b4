import { check, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { frame, withRawLink } from '../raw.ts';
import type { HsmTarget } from '../target.ts';
import { checkDiagnostics, expectAnswers, headerFor } from './framing.ts';

/** Random messages the garbage case sends on one connection. */
const GARBAGE_FRAMES = 40;

export const robustnessCases: ConformanceCase<HsmTarget>[] = [
  {
    id: 'HSM-ROBUST-001',
    clause: 'docs/hsm.md §2 (an unknown command is answered 60 and the connection stays open), §4 60',
    title: 'unknown command QQ: QR 60 "command", and NC on the same connection is then answered',
    tags: ['robustness', 'error-code'],
    async run({ target, evidence }) {
      await withRawLink(target, evidence, async (link) => {
        await link.write(frame(`${headerFor(target, 1)}QQ`), 'unknown command QQ');
        await link.write(frame(`${headerFor(target, 2)}NC`), 'NC after it, same connection');
        const [unknown, after] = await expectAnswers(link, target, 2, 'QQ then NC');
        checkEqual(unknown!.header, headerFor(target, 1), 'QQ: header');
        checkEqual(`${unknown!.responseCode}${unknown!.errorCode}${unknown!.body}`, 'QR60command', 'QQ: answer');
        checkDiagnostics(after!, 'NC after QQ');
      });
    },
  },
  {
    id: 'HSM-ROBUST-002',
    clause: 'docs/hsm.md §2 (printable ASCII only; a request that cannot be read is answered with an error, never a crash or a silent close)',
    title: 'NC with bytes 00 and FF after it is answered with an error code (not 00), header echoed; the connection stays usable',
    tags: ['robustness'],
    async run({ target, evidence }) {
      await withRawLink(target, evidence, async (link) => {
        const header = headerFor(target, 3);
        await link.write(frame(Uint8Array.from([...Buffer.from(`${header}NC`, 'latin1'), 0x00, 0xff])), 'NC followed by 00 FF');
        await link.write(frame(`${headerFor(target, 4)}NC`), 'NC');
        const [garbled, after] = await expectAnswers(link, target, 2, 'the garbled NC, then NC');
        checkEqual(garbled!.header, header, 'garbled NC: header');
        check(garbled!.errorCode !== '00', `garbled NC: error code 00, expected a refusal (got ${garbled!.responseCode}${garbled!.errorCode}${garbled!.body})`);
        checkDiagnostics(after!, 'NC after the garbled one');
      });
    },
  },
  {
    id: 'HSM-ROBUST-003',
    clause: 'docs/hsm.md §1 (an announced length over the maximum closes the connection without answering)',
    title: 'a frame announcing 65 535 bytes is not answered; the HSM still serves a new connection',
    tags: ['robustness'],
    async run({ target, evidence }) {
      await withRawLink(target, evidence, async (link) => {
        await link.write(Uint8Array.from([0xff, 0xff, ...Buffer.from(`${headerFor(target, 5)}NC`, 'latin1')]), 'length FFFF, then 6 bytes');
        const answers = await link.answers(1, 500);
        checkEqual(answers.length, 0, 'answers to the oversized frame');
        evidence.note(link.closed ? 'the HSM closed the connection' : 'the HSM kept the connection open, waiting for the rest of the frame');
      });
      await withRawLink(target, evidence, async (link) => {
        await link.write(frame(`${headerFor(target, 6)}NC`), 'NC on a new connection');
        checkDiagnostics((await expectAnswers(link, target, 1, 'NC on a new connection'))[0]!, 'NC on a new connection');
      });
    },
  },
  {
    id: 'HSM-ROBUST-004',
    clause: 'docs/hsm.md §2 (every request gets exactly one answer)',
    title: `${GARBAGE_FRAMES} frames of random bytes (0–48 each) on one connection get ${GARBAGE_FRAMES} answers; NC is answered after them`,
    tags: ['robustness'],
    async run({ target, evidence, random }) {
      await withRawLink(target, evidence, async (link) => {
        const frames = Array.from({ length: GARBAGE_FRAMES }, () => frame(random.bytes(random.int(0, 48))));
        for (const f of frames) await link.write(f);
        await link.write(frame(`${headerFor(target, 9)}NC`), 'NC after the garbage');
        const answers = await expectAnswers(link, target, GARBAGE_FRAMES + 1, 'random frames, then NC');
        for (const [i, answer] of answers.slice(0, GARBAGE_FRAMES).entries()) check(/^\d\d$/.test(answer.errorCode), `answer ${i + 1}: error code ${JSON.stringify(answer.errorCode)} is not two digits`);
        const last = answers[GARBAGE_FRAMES]!;
        checkEqual(last.header, headerFor(target, 9), 'NC after the garbage: header');
        checkDiagnostics(last, 'NC after the garbage');
      });
    },
  },
];
