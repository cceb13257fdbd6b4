import type { CcidClassDescriptor } from '../ccid/descriptor.ts';

/** Who is at the other end of a CCID port, as far as the transport can tell. */
export interface ReaderIdentity {
  /** `usb`, `serial`, `in-process`... */
  readonly transport: string;
  /** Human-readable: product string, tty path, emulator profile name. */
  readonly name: string;
  readonly vendorId?: number;
  readonly productId?: number;
  readonly serialNumber?: string;
  /** The manufacturer string the device reports (USB iManufacturer). */
  readonly manufacturer?: string;
  /** The device release (USB bcdDevice) as major.minor.subminor: the firmware version readers report there. */
  readonly firmwareVersion?: string;
}

/**
 * A message-level CCID link, whatever carries it: USB bulk/interrupt endpoints, the GemPC Twin serial
 * framing, or a direct call into the emulator. Protocol engines (the host `Reader`, the conformance
 * suite) speak CCID messages through this and never touch framing or endpoints.
 *
 * One message is written at a time; the host reads answers with `receive`. A transport delivers each
 * RDR_to_PC message exactly as received: it neither checks bSeq nor drops time extensions, so a
 * conformance case can see what the reader really sent.
 */
export interface CcidPort {
  readonly identity: ReaderIdentity;
  /** The class descriptor, read from the device (USB) or known from the reader model (serial). */
  readonly descriptor: CcidClassDescriptor;
  /** Sends one PC_to_RDR message (10-byte header + abData), unframed. */
  send(message: Uint8Array): Promise<void>;
  /**
   * The next RDR_to_PC bulk message. Rejects with ReaderTimeoutError after `timeoutMs` without one.
   * Transports that frame (serial) deliver whole messages only.
   */
  receive(timeoutMs: number): Promise<Uint8Array>;
  /**
   * The next interrupt-IN message (NotifySlotChange, HardwareError), or undefined after `timeoutMs`.
   * Serial readers deliver card movement in-band; their port turns it into the same 50 message.
   * Absent when the link has no such channel.
   */
  receiveInterrupt?(timeoutMs: number): Promise<Uint8Array | undefined>;
  /** The ABORT class request on the control pipe (CCID §5.3.1); absent where the link has no control pipe. */
  controlAbort?(slot: number, seq: number): Promise<void>;
  close(): Promise<void>;
}
