import { InputError } from '../../../core/errors.ts';

/**
 * A pcap or pcapng file whose structure cannot be followed: bad magic, a block whose lengths
 * disagree, a packet longer than its block. `offset` is the byte offset in the file of the header,
 * block or record at fault. An InputError, so the CLI exits 2.
 */
export class PcapError extends InputError {
  readonly file: string;
  readonly offset: number;
  readonly reason: 'magic' | 'version' | 'header' | 'block' | 'record' | 'interface';

  constructor(file: string, offset: number, reason: PcapError['reason'], message: string) {
    super(`${file} at byte ${offset}`, message);
    this.file = file;
    this.offset = offset;
    this.reason = reason;
  }
}
