import { connect, type Socket } from 'node:net';
import { FrameDecoder } from '../../src/boss/codec/frame.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import { LatencyHistogram } from '../../src/core/latency-histogram.ts';

export interface ClosedLoopOptions {
  readonly host: string;
  readonly port: number;
  readonly profile: Profile;
  readonly connections: number;
  /** Measure for this long after the warm-up, ms. */
  readonly durationMs: number;
  readonly warmupMs: number;
  /** The frame the `n`-th request of connection `connection` sends (length prefix included). */
  readonly request: (connection: number, n: number) => Uint8Array;
  /** Called with each answer body; returning false counts the answer as an error (e.g. not 0000). */
  readonly accept?: (body: Uint8Array) => boolean;
  /** The server's CPU time used so far, ms (read at the start and the end of the measured window). */
  readonly serverCpuMs?: () => number | undefined;
}

export interface ClosedLoopResult {
  readonly connections: number;
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The server's CPU time per answered request in the window, µs (every thread); undefined when unknown. */
  readonly serverCpuUs: number | undefined;
  /** CPU this driver used in the window, in cores (1 = one core busy all along). */
  readonly driverCores: number;
}

/**
 * A closed-loop driver: each connection sends one frame and waits for one answer frame before the
 * next, as a bank front-end does [bank-interface §1]. It only frames; whatever decoding the caller
 * wants happens in `accept`, so the echo baseline and the BOSS cost the client the same.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const histogram = new LatencyHistogram();
  let requests = 0;
  let errors = 0;
  let measuring = false;
  let stopping = false;
  const sockets = await Promise.all(Array.from({ length: options.connections }, () => open(options.host, options.port)));
  const loops = sockets.map((socket, connection) => {
    const decoder = new FrameDecoder(options.profile.framing);
    let n = 0;
    let sentAt = 0;
    return new Promise<void>((resolve, reject) => {
      const send = (): void => {
        if (stopping) {
          socket.end();
          resolve();
          return;
        }
        sentAt = performance.now();
        socket.write(options.request(connection, n++));
      };
      socket.on('data', (chunk: Buffer) => {
        for (const body of decoder.push(chunk)) {
          if (measuring) {
            histogram.record(performance.now() - sentAt);
            requests += 1;
            if (options.accept && !options.accept(body)) errors += 1;
          }
          send();
        }
      });
      socket.on('error', reject);
      socket.on('close', () => (stopping ? resolve() : reject(new Error(`connection ${connection} closed by the server`))));
      send();
    });
  });
  await sleep(options.warmupMs);
  measuring = true;
  const started = performance.now();
  const serverCpuAtStart = options.serverCpuMs?.();
  const driverCpuAtStart = process.cpuUsage();
  await sleep(options.durationMs);
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  const serverCpuAtEnd = options.serverCpuMs?.();
  const driverCpu = process.cpuUsage(driverCpuAtStart);
  stopping = true;
  await Promise.all(loops);
  const latency = histogram.summary();
  return {
    connections: options.connections,
    requests,
    errors,
    seconds,
    perSecond: requests / seconds,
    p50Ms: latency.p50Ms,
    p99Ms: latency.p99Ms,
    maxMs: latency.maxMs,
    serverCpuUs:
      serverCpuAtStart === undefined || serverCpuAtEnd === undefined || requests === 0 ? undefined : ((serverCpuAtEnd - serverCpuAtStart) * 1000) / requests,
    driverCores: (driverCpu.user + driverCpu.system) / 1e6 / seconds,
  };
}

function open(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
