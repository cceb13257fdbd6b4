import { connect, createServer, type Socket } from 'node:net';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Profile } from '../profile/types.ts';
import { formatHostPort, type HostPort } from '../../core/host-port.ts';
import { FrameSplitter } from './frame-splitter.ts';
import type { CaptureFileWriter } from './jsonl-writer.ts';
import type { Direction } from './model.ts';

export interface CaptureProxyOptions {
  /** Where banks connect (port 0: any free port). */
  readonly listen: HostPort;
  /** The BOSS being recorded. */
  readonly target: HostPort;
  readonly writer: CaptureFileWriter;
  /** Only its framing is used: to cut the streams into frames for the record. */
  readonly profile: Profile;
  readonly clock?: Clock;
  /** One line per connection opened or closed, for the console. */
  readonly onEvent?: (line: string) => void;
}

export interface CaptureProxy {
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Stops listening, cuts the open connections and resolves once every one is recorded as closed. */
  close(): Promise<void>;
}

/**
 * A recording TCP proxy between banks and a BOSS: every byte is forwarded unchanged and at once,
 * and a copy goes through a FrameSplitter per direction into the capture, whole frames as frames,
 * anything else (garbage, a frame cut by a close) as bytes flagged as not a frame.
 */
export async function startCaptureProxy(options: CaptureProxyOptions): Promise<CaptureProxy> {
  const clock = options.clock ?? systemClock;
  const open = new Set<{ client: Socket; upstream: Socket; done: Promise<void> }>();
  let count = 0;
  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) => {
    count++;
    const upstream = connect({ host: options.target.host, port: options.target.port, allowHalfOpen: true });
    const entry = { client, upstream, done: relay(count, client, upstream, options, clock) };
    open.add(entry);
    void entry.done.finally(() => open.delete(entry));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.listen.port;
  return {
    host: options.listen.host,
    port,
    get connections() {
      return count;
    },
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const pending = [...open];
      for (const { client, upstream } of pending) {
        client.destroy();
        upstream.destroy();
      }
      await Promise.all(pending.map((p) => p.done));
      await stopped;
    },
  };
}

/** Forwards one connection both ways, recording as it goes; resolves once both sockets are closed. */
function relay(connection: number, client: Socket, upstream: Socket, options: CaptureProxyOptions, clock: Clock): Promise<void> {
  const peer = formatHostPort(client.remoteAddress ?? '?', client.remotePort ?? 0);
  const now = (): string => new Date(clock.now()).toISOString();
  const splitters: Record<Direction, FrameSplitter> = {
    request: new FrameSplitter(options.profile.framing),
    response: new FrameSplitter(options.profile.framing),
  };
  let closedBy: 'bank' | 'boss' | undefined;
  const record = (direction: Direction, pieces: ReturnType<FrameSplitter['push']>): void => {
    for (const piece of pieces) {
      const frame = { at: now(), connection, direction, peer, bytes: piece.bytes };
      if (piece.isFrame) options.writer.frame(frame);
      else options.writer.raw(frame);
    }
  };
  const flush = (direction: Direction): void => {
    const leftover = splitters[direction].end();
    if (leftover) record(direction, [leftover]);
  };
  const forward = (from: Socket, to: Socket, direction: Direction): void => {
    from.on('data', (chunk: Buffer) => {
      record(direction, splitters[direction].push(chunk));
      if (!to.destroyed && !to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
  };

  options.writer.event({ kind: 'open', connection, peer });
  options.onEvent?.(`connection ${connection} from ${peer} opened`);
  forward(client, upstream, 'request');
  forward(upstream, client, 'response');
  upstream.once('connect', () => client.resume());
  client.on('end', () => {
    closedBy ??= 'bank';
    flush('request');
    upstream.end();
  });
  upstream.on('end', () => {
    closedBy ??= 'boss';
    flush('response');
    client.end();
  });
  client.on('error', () => {
    closedBy ??= 'bank';
    upstream.destroy();
  });
  upstream.on('error', (error) => {
    if (closedBy === undefined) options.onEvent?.(`connection ${connection}: BOSS ${formatHostPort(options.target.host, options.target.port)}: ${error.message}`);
    closedBy ??= 'boss';
    client.destroy();
  });
  const closed = (socket: Socket): Promise<void> => new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
  return Promise.all([closed(client), closed(upstream)]).then(() => {
    flush('request');
    flush('response');
    options.writer.event({ kind: 'close', connection, peer, ...(closedBy === undefined ? {} : { by: closedBy }) });
    options.onEvent?.(`connection ${connection} from ${peer} closed${closedBy ? ` by the ${closedBy === 'bank' ? 'bank' : 'BOSS'}` : ''}`);
  });
}
