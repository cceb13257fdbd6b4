import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { GemPcTwinPort } from '../../../src/reader/transport/serial-port.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { readerProfile } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { attachSerialFrontend } from '../../../simulators/reader/serial-frontend.ts';
import { runSuite } from '../../../conformance/framework/runner.ts';
import { portBinding } from '../../../conformance/reader/bindings/hardware.ts';
import { duplexPair } from '../serial/duplex-pair.ts';

/**
 * The suite against a serial reader end to end: our GemPC Twin host port (what `--target
 * serial:/dev/ttyS0` opens) over an in-memory line to the emulated GemPC Twin's serial front end.
 */
describe('reader certification over the GemPC Twin serial framing', function () {
  this.timeout(20_000);

  it('a GemPC Twin with an SLE4428 passes every case that a serial reader can be asked; the rest are not applicable, each with its reason', async () => {
    const emulator = new ReaderEmulator({ profile: readerProfile('gempc-twin') });
    const definition = cardDefinition('SLE4428');
    emulator.insert(0, definition.create({ timing: false }));
    const line = duplexPair();
    const frontend = attachSerialFrontend(emulator, line.reader);
    const port = new GemPcTwinPort(line.host, { name: '/dev/ttyS0' });
    try {
      const binding = portBinding(port, { cardType: 'SLE4428', allowWrites: true, code: definition.defaultSecret, clock: new VirtualClock() });
      const report = await runSuite([binding], { suite: 'serial', seed: 3, tool: { name: 'stbpay-test', version: '0' }, replay: 'npm test' });
      expect(report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'inconclusive').map((r) => `${r.id}: ${r.reason}`)).to.deep.equal([]);
      const notApplicable = Object.fromEntries(report.results.filter((r) => r.verdict === 'not-applicable').map((r) => [r.id, r.reason]));
      expect(notApplicable).to.deep.equal({
        'READER-CCID-006': 'target lacks transport-framing',
        'READER-CCID-007': 'target lacks control-abort',
        'READER-NOTIFY-001': 'target lacks card-control',
        'READER-POWER-002': 'target lacks card-control',
        'READER-DESC-001': 'target lacks device-descriptor',
      });
      expect(report.targets[0]!.name).to.equal('/dev/ttyS0 (GemPCTwin)');
      expect(report.targets[0]!.details).to.include({ transport: 'serial', 'card type (stated)': 'SLE4428' });
    } finally {
      frontend.detach();
      await port.close();
    }
  });
});
