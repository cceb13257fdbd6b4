import type { VpcdConnectionEvents } from './connection.ts';
import type { VpcdSlotSource } from './slot.ts';

/** Where one slot's vpcd connection goes (connect mode) or comes in (listen mode). */
export interface VpcdEndpoint {
  readonly slot: number;
  readonly host: string;
  readonly port: number;
}

/** A running bridge between the reader emulator's slots and vpcd. */
export interface VpcdBridge {
  /** `connect`: vpcd listens and we connect to it; `listen`: vpcd connects to us (vpcd "reversed"). */
  readonly mode: 'connect' | 'listen';
  readonly endpoints: readonly VpcdEndpoint[];
  /** Closes every connection (vpcd sees the cards removed) and stops listening or reconnecting. */
  close(): Promise<void>;
}

/** One slot's side of a bridge, in either mode. */
export interface VpcdSlotBridge {
  readonly endpoint: VpcdEndpoint;
  /** Brings the connection in line with the slot after a card moved. */
  update(): void;
  close(): Promise<void>;
}

/** The bridge over `slots`: each is told when a card may have moved, and all close with it. */
export function assembleVpcdBridge(mode: VpcdBridge['mode'], source: VpcdSlotSource, slots: readonly VpcdSlotBridge[]): VpcdBridge {
  const unsubscribe = source.onInterrupt(() => slots.forEach((slot) => slot.update()));
  return {
    mode,
    endpoints: slots.map((slot) => slot.endpoint),
    async close() {
      unsubscribe();
      await Promise.all(slots.map((slot) => slot.close()));
    },
  };
}

export interface VpcdBridgeOptions extends VpcdConnectionEvents {
  readonly host: string;
  /** The port of slot 0; vpcd puts slot N on port + N (ifd-vpcd.c IFDHCreateChannel: Channel+slot). */
  readonly port: number;
}

/** vsmartcard's default vpcd port (vpcd.h VPCDPORT), where Debian's /etc/reader.conf.d/vpcd listens. */
export const VPCD_DEFAULT_PORT = 35963;

export const VPCD_DRIVER_PATH = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

/**
 * The reader.conf.d entry that makes pcscd load vpcd for this bridge. In listen mode vpcd connects
 * out to `host:port` (ifd-vpcd.c IFDHCreateChannelByName: any DEVICENAME host other than /dev/null);
 * in connect mode `/dev/null:port` makes vpcd listen on port and port + 1 on every interface.
 */
export function vpcdReaderConf(bridge: Pick<VpcdBridge, 'mode' | 'endpoints'>, friendlyName: string): string {
  const first = bridge.endpoints[0];
  if (!first) throw new RangeError('a vpcd bridge has at least one slot');
  const device = bridge.mode === 'listen' ? `${first.host}:${first.port}` : `/dev/null:${first.port}`;
  return [
    `FRIENDLYNAME "${friendlyName}"`,
    `DEVICENAME   ${device}`,
    `LIBPATH      ${VPCD_DRIVER_PATH}`,
    `CHANNELID    ${first.port}`,
    '',
  ].join('\n');
}
