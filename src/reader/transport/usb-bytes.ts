/**
 * A copy of the bytes a WebUSB call carries (BufferSource out, DataView in) as a Uint8Array of their
 * own: the source may be a view on a larger buffer the driver reuses. Undefined (a transfer without
 * data) gives no bytes. Shared by the host's USB transport and the emulated USB device.
 */
export function bytesOf(data: ArrayBufferView | ArrayBuffer | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (ArrayBuffer.isView(data)) return Uint8Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return Uint8Array.from(new Uint8Array(data));
}
