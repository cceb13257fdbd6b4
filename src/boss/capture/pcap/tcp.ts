/** TCP flags used by reassembly. [RFC 9293 §3.1] */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

export interface TcpHeader {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly flags: number;
  /** The captured payload bytes. */
  readonly payload: Uint8Array;
  /** The payload length the IP header implies (more than `payload.length` when cut short). */
  readonly payloadLength: number;
}

/** Reads a TCP header; `segmentLength` is the TCP length the IP header announces. */
export function tcpHeader(segment: Uint8Array, segmentLength: number): TcpHeader | { readonly skip: string } {
  if (segment.length < 20) return { skip: 'TCP header cut short by the snapshot length' };
  const headerLength = ((segment[12] ?? 0) >> 4) * 4;
  if (headerLength < 20) return { skip: `TCP data offset ${headerLength} is below 20` };
  if (segment.length < headerLength) return { skip: 'TCP options cut short by the snapshot length' };
  const view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
  return {
    srcPort: view.getUint16(0),
    dstPort: view.getUint16(2),
    seq: view.getUint32(4),
    flags: segment[13] ?? 0,
    payload: segment.subarray(headerLength),
    payloadLength: Math.max(0, segmentLength - headerLength),
  };
}
