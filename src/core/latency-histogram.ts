/**
 * Latencies without keeping the samples: a log-linear histogram in microseconds (HDR style). Values
 * below 32 µs have a bucket each; above, every power of two is split into 32 buckets, so a bucket is
 * at most 1/32 (about 3 %) of its value wide and a percentile is exact to within that. Memory is
 * fixed: 32 + 32 × 32 counters, up to 2^37 µs (38 hours); longer values land in the last bucket.
 */
const SUB_BITS = 5;
const SUB = 1 << SUB_BITS;
const MAX_EXPONENT = 37;
const BUCKETS = SUB + (MAX_EXPONENT - SUB_BITS) * SUB;

export interface LatencySummary {
  readonly count: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** A non-empty bucket: latencies from `fromMs` up to and including `toMs`. */
export interface HistogramBucket {
  readonly fromMs: number;
  readonly toMs: number;
  readonly count: number;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sumUs = 0;
  private minUs = Infinity;
  private maxUs = 0;

  record(ms: number): void {
    const us = Math.max(0, Math.round(ms * 1000));
    this.counts[indexOf(us)]!++;
    this.total++;
    this.sumUs += us;
    this.minUs = Math.min(this.minUs, us);
    this.maxUs = Math.max(this.maxUs, us);
  }

  merge(other: LatencyHistogram): void {
    other.counts.forEach((c, i) => (this.counts[i]! += c));
    this.total += other.total;
    this.sumUs += other.sumUs;
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  get count(): number {
    return this.total;
  }

  /**
   * The latency at percentile `p` (0–100): the upper end of the bucket holding the sample of rank
   * ceil(p% × count), kept within the recorded min and max. 0 when nothing was recorded.
   */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(Math.max(upperOf(i), this.minUs), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  summary(): LatencySummary {
    if (this.total === 0) return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
    return {
      count: this.total,
      minMs: this.minUs / 1000,
      meanMs: round3(this.sumUs / this.total / 1000),
      p50Ms: this.percentile(50),
      p90Ms: this.percentile(90),
      p99Ms: this.percentile(99),
      maxMs: this.maxUs / 1000,
    };
  }

  buckets(): HistogramBucket[] {
    const out: HistogramBucket[] = [];
    this.counts.forEach((count, i) => {
      if (count > 0) out.push({ fromMs: lowerOf(i) / 1000, toMs: upperOf(i) / 1000, count });
    });
    return out;
  }
}

function indexOf(us: number): number {
  if (us < SUB) return us;
  const exponent = Math.min(Math.floor(Math.log2(us)), MAX_EXPONENT - 1);
  const sub = Math.min(Math.floor(us / 2 ** (exponent - SUB_BITS)) - SUB, SUB - 1);
  return SUB + (exponent - SUB_BITS) * SUB + sub;
}

function lowerOf(index: number): number {
  if (index < SUB) return index;
  const exponent = Math.floor((index - SUB) / SUB) + SUB_BITS;
  const sub = (index - SUB) % SUB;
  return (SUB + sub) * 2 ** (exponent - SUB_BITS);
}

function upperOf(index: number): number {
  if (index < SUB) return index;
  const exponent = Math.floor((index - SUB) / SUB) + SUB_BITS;
  return lowerOf(index) + 2 ** (exponent - SUB_BITS) - 1;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
