import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRandom } from '../../src/core/random.ts';
import { HsmEngine, KeyStore } from '../../simulators/hsm/index.ts';

/**
 * docs/hsm.md is the command set's specification; its worked examples must be what the emulator
 * does. Every `>` request / `<` answer pair of its `text` blocks is replayed, in document order, on
 * one engine with the test LMK and the seed the document names, and compared byte for byte.
 */
const DOC = new URL('../../docs/hsm.md', import.meta.url);

function examples(markdown: string): { request: string; answer: string; line: number }[] {
  const lines = markdown.split('\n');
  const pairs: { request: string; answer: string; line: number }[] = [];
  let inBlock = false;
  lines.forEach((line, index) => {
    if (line.startsWith('```')) inBlock = line === '```text';
    if (!inBlock) return;
    if (line.startsWith('> ')) pairs.push({ request: line.slice(2).replaceAll('|', ''), answer: '', line: index + 1 });
    if (line.startsWith('< ')) pairs.at(-1)!.answer = line.slice(2).replaceAll('|', '');
  });
  return pairs;
}

describe('docs/hsm.md worked examples are what the emulator answers [docs/hsm.md §6]', () => {
  const pairs = examples(readFileSync(DOC, 'utf8'));

  it('has an example for every command of the set', () => {
    const commands = new Set(pairs.map((p) => p.request.slice(4, 6)));
    for (const command of ['A0', 'A4', 'A6', 'A8', 'BU', 'M6', 'M8', 'M0', 'M2', 'KD', 'KS', 'PL', 'PG', 'PT', 'NC']) expect(commands, command).to.include(command);
  });

  it('replays every example byte for byte (test LMK, createRandom(2026), header length 4)', () => {
    const engine = new HsmEngine({ keys: new KeyStore(), random: createRandom(2026) });
    for (const { request, answer, line } of pairs) {
      const got = Buffer.from(engine.answer(Buffer.from(request, 'latin1')).message).toString('latin1');
      expect(got, `docs/hsm.md line ${line}: ${request}`).to.equal(answer);
    }
  });
});
