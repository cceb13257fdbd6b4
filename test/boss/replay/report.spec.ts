import { expect } from 'chai';
import { renderReplayReport, replayExitCode, type ExchangeResult, type ReplayReport } from '../../../src/boss/replay/index.ts';

const exchange = (status: ExchangeResult['status'], note: string): ExchangeResult => ({
  connection: 1,
  exchange: 1,
  label: '1001 ICBC01/<1>',
  source: 'line 3',
  status,
  differences: [],
  ignored: [],
  expected: ['0000|1002|A & B|||'],
  actual: [],
  extraAnswers: 0,
  note,
});

function report(exchanges: ExchangeResult[], problem?: string): ReplayReport {
  const count = (s: ExchangeResult['status']) => exchanges.filter((e) => e.status === s).length;
  return {
    capture: 'c.jsonl',
    captureFormat: 'jsonl',
    target: '127.0.0.1:9100',
    profile: 'boss-bank/1',
    startedAt: '2026-11-23T02:15:00.000Z',
    durationMs: 5,
    notes: [],
    connections: [{ index: 1, label: 'connection 1', peer: '127.0.0.1:5', notes: [] }],
    exchanges,
    summary: { connections: 1, exchanges: exchanges.length, matched: count('match'), differed: count('differ'), missingAnswers: count('missing'), extraAnswers: 0, skipped: count('skipped') },
    ...(problem === undefined ? {} : { problem }),
  };
}

describe('BOSS replay: reports', () => {
  it('JUnit: a skipped exchange is <skipped>, text escaped as the conformance reports escape it', () => {
    const xml = renderReplayReport(report([exchange('skipped', 'a "framing" answer <without> its cause & more')]), 'junit');
    expect(xml).to.contain('tests="1" failures="0" errors="0" skipped="1"');
    expect(xml).to.contain('<skipped message="a &quot;framing&quot; answer &lt;without&gt; its cause &amp; more"/>');
    expect(xml).to.contain('name="1. 1001 ICBC01/&lt;1&gt;"');
    expect(xml).to.contain('captured: 0000|1002|A &amp; B|||');
  });

  it('nothing compared: exit 1, a problem line, and a JUnit error so that CI does not show it green', () => {
    const skippedOnly = report([exchange('skipped', 'not judged')], 'nothing to compare: all 1 exchange(s) were skipped; is it the right capture?');
    expect(replayExitCode(skippedOnly)).to.equal(1);
    expect(replayExitCode(report([]))).to.equal(1);
    expect(replayExitCode(report([exchange('match', ''), exchange('skipped', 'not judged')]))).to.equal(0);
    expect(renderReplayReport(skippedOnly, 'console')).to.contain('  skip   1. 1001 ICBC01/<1> [line 3]\n      not judged\n').and.contain('problem: nothing to compare');
    expect(renderReplayReport(skippedOnly, 'junit')).to.match(/<testsuites [^>]*tests="2" failures="0" errors="1" skipped="1">/);
  });
});
