import { expect } from 'chai';
import fc from 'fast-check';
import { propertyRuns } from '../../../conformance/framework/property.ts';
import * as model from '../../../conformance/cards/sle4442/model.ts';
import { sle4442Property } from '../../../conformance/cards/sle4442/model-commands.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { sle4442Definition } from '../../../simulators/cards/sle4442/index.ts';

describe('SLE4442 reference model', () => {
  it('predicts the PSC procedure, a write and the lock on its own', () => {
    let m = model.powerOn(model.freshModel([1, 2, 3], true));
    const run = (bytes: number[], readLength?: number) => {
      const r = model.execute(m, bytes, readLength);
      m = r.model;
      return r.answer;
    };
    expect(run([0x31, 0, 0])).to.deep.equal({ mute: false, data: [7, 0, 0, 0], busyMicros: 0 });
    expect(run([0x39, 0, 3])).to.deep.equal({ mute: false, data: [], busyMicros: 2500 });
    [1, 2, 3].forEach((b) => run([0x33, b, b]));
    expect(run([0x39, 0, 0xff])).to.deep.equal({ mute: false, data: [], busyMicros: 2500 });
    expect(run([0x38, 0x40, 0x55])).to.deep.equal({ mute: false, data: [], busyMicros: 2500 });
    expect(run([0x30, 0x40, 0], 1)).to.deep.equal({ mute: false, data: [0x55], busyMicros: 0 });
    m = model.powerOn(model.powerOff(m));
    const counters: number[] = [];
    for (let i = 0; i < 3; i++) {
      run([0x39, 0, m.counter & 4 ? m.counter & 3 : m.counter & 2 ? m.counter & 1 : 0]);
      run([0x33, 1, 9]);
      run([0x39, 0, 0xff]);
      counters.push(m.counter);
    }
    expect(counters).to.deep.equal([3, 1, 0]);
    expect(model.securityBytes(m)).to.deep.equal([0, 0, 0, 0]);
    run([0x39, 0, 0]);
    [1, 2, 3].forEach((b) => run([0x33, b, b]));
    run([0x39, 0, 0xff]);
    expect(model.securityBytes(m), 'the right code on a locked card').to.deep.equal([0, 0, 0, 0]);
  });

  it('predicts a cut cycle: erased when the erase ran, unchanged otherwise', () => {
    let m = model.powerOn(model.freshModel([1, 2, 3], false));
    m = model.armPowerLoss(m, 0);
    const r = model.execute(m, [0x39, 0, 3]);
    expect(r.answer).to.deep.equal({ mute: true });
    expect(r.model.counter).to.equal(7);
    expect(r.model.powered).to.equal(false);
  });
});

describe('SLE4442 emulator against the reference model (model-based property)', function () {
  this.timeout(60_000);
  it(`agrees with the model on ${propertyRuns()} random command sequences`, async () => {
    const { target } = emulatorBinding(sle4442Definition, []);
    await fc.assert(sle4442Property(target), { numRuns: propertyRuns() });
  });
});
