import { expect } from 'chai';
import { VirtualClock } from '../../src/core/clock.ts';
import { runSuite } from '../../conformance/framework/runner.ts';
import type { SuiteReport } from '../../conformance/framework/report.ts';
import { parseReportFormat, renderReport } from '../../conformance/framework/reporters/index.ts';
import { InputError } from '../../src/core/errors.ts';
import { echoBinding } from './fixtures.ts';

async function report(): Promise<SuiteReport> {
  return runSuite([echoBinding(false), echoBinding(true)], {
    suite: 'echo <suite> & co',
    seed: 99,
    tool: { name: 'stbpay', version: '9.9.9' },
    replay: 'npx stbpay conform echo --seed 99',
    clock: new VirtualClock(Date.UTC(2026, 10, 23)),
  });
}

describe('report formats', () => {
  it('JSON carries every result, the seed and the overall verdict', async () => {
    const parsed = JSON.parse(renderReport(await report(), 'json'));
    expect(parsed.seed).to.equal(99);
    expect(parsed.verdict).to.equal('fail');
    expect(parsed.results).to.have.length(8);
    expect(parsed.results[4].evidence[0].bytes).to.equal('30 00 04');
  });

  it('JUnit has one suite per target, failures, errors and skips counted, text escaped', async () => {
    const xml = renderReport(await report(), 'junit');
    expect(xml).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).to.include('<testsuites name="echo &lt;suite&gt; &amp; co" tests="8" failures="2" errors="2" skipped="2">');
    expect(xml.match(/<testsuite /g)).to.have.length(2);
    expect(xml.match(/<testcase /g)).to.have.length(8);
    expect(xml).to.include('<failure message="echo: expected 30 00 04, got 31 01 05" type="fail">');
    expect(xml).to.include('<property name="seed" value="99"/>');
    expect(xml.match(/<testcase/g)!.length).to.equal(xml.match(/<\/testcase>/g)!.length);
  });

  it('the Markdown certificate names tool, date, targets, verdict per clause and evidence of failures', async () => {
    const md = renderReport(await report(), 'md');
    expect(md).to.include('| Tool | stbpay 9.9.9 |');
    expect(md).to.include('| Date | 2026-11-23T00:00:00.000Z |');
    expect(md).to.include('| Overall verdict | **FAIL** |');
    expect(md).to.include('- **broken echo** (toy); firmware: 1.0');
    expect(md).to.include('| broken echo | Echo spec §1 | ECHO-BASIC-001 | FAIL |');
    expect(md).to.include('| echo | Echo spec §1 | ECHO-BASIC-001 | PASS |');
    expect(md).to.include('| echo | Echo spec §3 | ECHO-TIME-001 | NOT APPLICABLE |');
    expect(md).to.match(/### ECHO-BASIC-001 — FAIL[\s\S]*> 30 00 04[\s\S]*< 31 01 05/);
    expect(md).to.match(/\| Report id \| [0-9A-F]{16} \|/);
  });

  it('console output lists each case and a summary with the replay command', async () => {
    const text = renderReport(await report(), 'console');
    expect(text).to.match(/PASS ECHO-BASIC-001/);
    expect(text).to.match(/FAIL ECHO-BASIC-001 +echoes what it is sent\n +reason: echo: expected/);
    expect(text).to.include('8 cases — 2 passed, 2 failed, 2 inconclusive, 2 not applicable');
    expect(text).to.include('replay:  npx stbpay conform echo --seed 99');
  });

  it('refuses an unknown format by name', () => {
    expect(() => parseReportFormat('pdf')).to.throw(InputError, /--report: unknown report format "pdf"/);
    expect(parseReportFormat('MD')).to.equal('md');
  });
});
