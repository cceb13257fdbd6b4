import { expect } from 'chai';
import { LatencyHistogram } from '../../src/core/latency-histogram.ts';

describe('latency histogram', () => {
  it('gives percentiles within 1/32 of the truth from 1..1000 ms, min and max exactly', () => {
    const h = new LatencyHistogram();
    for (let ms = 1000; ms >= 1; ms--) h.record(ms);
    const s = h.summary();
    expect([s.count, s.minMs, s.maxMs, s.meanMs]).to.deep.equal([1000, 1, 1000, 500.5]);
    for (const [p, truth] of [[50, 500], [90, 900], [99, 990]] as const) {
      const got = h.percentile(p);
      expect(got, `p${p}`).to.be.within(truth, truth * (1 + 1 / 32));
    }
    expect(h.percentile(100)).to.equal(1000);
    expect(h.percentile(0)).to.be.within(1, 1.04);
  });

  it('is exact below 32 µs, keeps a fixed number of buckets, and merges', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    [0.001, 0.002, 0.002, 0.031].forEach((ms) => a.record(ms));
    for (let i = 0; i < 100_000; i++) b.record((i % 5000) / 10);
    expect(a.buckets()).to.deep.equal([
      { fromMs: 0.001, toMs: 0.001, count: 1 },
      { fromMs: 0.002, toMs: 0.002, count: 2 },
      { fromMs: 0.031, toMs: 0.031, count: 1 },
    ]);
    expect(b.buckets().length).to.be.below(400);
    expect(b.buckets().reduce((n, x) => n + x.count, 0)).to.equal(100_000);
    a.merge(b);
    expect(a.count).to.equal(100_004);
    expect(a.summary().minMs).to.equal(0);
    expect(a.summary().maxMs).to.equal(499.9);
  });

  it('reports zeros when empty, and takes days-long values in its last bucket', () => {
    expect(new LatencyHistogram().summary()).to.deep.equal({ count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 });
    const h = new LatencyHistogram();
    h.record(1e9);
    expect(h.percentile(50)).to.equal(1e9);
  });
});
