import { pageChunks } from './page.ts';

/**
 * A host write of any length: split on page boundaries (the chip rolls over inside a page, so one
 * write crossing a boundary would wrap onto the page start [1016 "8-byte page write"; 0971H p1
 * "16-byte page write"]), one write command per page, each sent by `sendPage` (which ACK-polls the
 * cycle of the page before), then `waitReady` until the last page's cycle has ended. Nothing to
 * write: nothing is sent, and there is no cycle to wait for.
 */
export async function writePaged(
  address: number,
  data: Uint8Array,
  pageSize: number,
  sendPage: (at: number, chunk: Uint8Array) => Promise<unknown>,
  waitReady: () => Promise<unknown>,
): Promise<void> {
  for (const { at, offset, length } of pageChunks(address, data.length, pageSize)) {
    await sendPage(at, data.subarray(offset, offset + length));
  }
  if (data.length > 0) await waitReady();
}
