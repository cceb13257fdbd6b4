import { expect } from 'chai';
import { VirtualClock } from '../../src/core/clock.ts';
import { caseSeed, runSuite, selectCases } from '../../conformance/framework/runner.ts';
import { overallVerdict } from '../../conformance/framework/report.ts';
import { echoBinding, echoCases } from './fixtures.ts';

const tool = { name: 'stbpay', version: 'test' };

describe('conformance runner', () => {
  it('gives each case its verdict with reason and evidence', async () => {
    const report = await runSuite([echoBinding(true)], { suite: 'echo', seed: 1, tool, replay: 'x', clock: new VirtualClock() });
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId['ECHO-BASIC-001']!.verdict).to.equal('fail');
    expect(byId['ECHO-BASIC-001']!.reason).to.equal('echo: expected 30 00 04, got 31 01 05');
    expect(byId['ECHO-BASIC-001']!.evidence.map((e) => e.bytes)).to.deep.equal(['30 00 04', '31 01 05']);
    expect(byId['ECHO-BASIC-002']!.verdict).to.equal('fail');
    expect(byId['ECHO-BASIC-002']!.reason).to.equal('unexpected Error: boom');
    expect(byId['ECHO-TIME-001']!.verdict).to.equal('not-applicable');
    expect(byId['ECHO-TIME-001']!.reason).to.match(/stopwatch/);
    expect(byId['ECHO-RAND-001']!.verdict).to.equal('inconclusive');
    expect(report.summary).to.deep.equal({ pass: 0, fail: 2, inconclusive: 1, 'not-applicable': 1, total: 4 });
    expect(overallVerdict(report)).to.equal('fail');
  });

  it('passes a good target and reports the clock date', async () => {
    const report = await runSuite([echoBinding(false)], {
      suite: 'echo',
      seed: 1,
      tool,
      replay: 'x',
      clock: new VirtualClock(Date.UTC(2026, 10, 23)),
      filter: { tags: ['basic'] },
    });
    expect(report.results.map((r) => r.verdict)).to.deep.equal(['pass', 'pass']);
    expect(report.targets.map((t) => t.name)).to.deep.equal(['echo']);
    expect(report.startedAt).to.equal('2026-11-23T00:00:00.000Z');
    expect(overallVerdict(report)).to.equal('pass');
  });

  it('filters by id prefix and by tag, both case-insensitive', () => {
    expect(selectCases(echoCases, { idPrefixes: ['echo-basic'] }).map((c) => c.id)).to.deep.equal(['ECHO-BASIC-001', 'ECHO-BASIC-002']);
    expect(selectCases(echoCases, { tags: ['edge', 'timing'] }).map((c) => c.id)).to.deep.equal(['ECHO-BASIC-002', 'ECHO-TIME-001']);
    expect(selectCases(echoCases, { idPrefixes: ['ECHO-'], tags: ['random'] }).map((c) => c.id)).to.deep.equal(['ECHO-RAND-001']);
    expect(selectCases(echoCases, { tags: ['EDGE'] }).map((c) => c.id)).to.deep.equal(['ECHO-BASIC-002']);
    expect(selectCases(echoCases, { idPrefixes: ['BASIC'] })).to.deep.equal([]);
  });

  it('replays case randomness from the seed, independent of which cases run', async () => {
    const run = async (seed: number, prefixes: string[]) =>
      (await runSuite([echoBinding(false)], { suite: 'e', seed, tool, replay: 'x', filter: { idPrefixes: prefixes } })).results.find(
        (r) => r.id === 'ECHO-RAND-001',
      )!.evidence[0]!.text;
    expect(await run(5, [])).to.equal(await run(5, ['ECHO-RAND']));
    expect(caseSeed(5, 'A')).to.not.equal(caseSeed(6, 'A'));
  });

  it('names only the targets that had a case selected', async () => {
    const idle = { ...echoBinding(false), identity: { kind: 'toy', name: 'idle' }, cases: [] };
    const report = await runSuite([echoBinding(false), idle], { suite: 'e', seed: 1, tool, replay: 'x', filter: { tags: ['basic'] } });
    expect(report.targets.map((t) => t.name)).to.deep.equal(['echo']);
  });

  it('calls an inconclusive-only or empty run not a pass', async () => {
    const report = await runSuite([echoBinding(false)], { suite: 'e', seed: 1, tool, replay: 'x', filter: { tags: ['random'] } });
    expect(overallVerdict(report)).to.equal('inconclusive');
  });
});
