/** Bytes appended at the end, readable by index: one reassembled run of a TCP stream. */
export class GrowableBytes {
  private buffer = new Uint8Array(256);
  private size = 0;

  get length(): number {
    return this.size;
  }

  append(bytes: Uint8Array): void {
    if (this.size + bytes.length > this.buffer.length) {
      const larger = new Uint8Array(Math.max(this.buffer.length * 2, this.size + bytes.length));
      larger.set(this.buffer.subarray(0, this.size));
      this.buffer = larger;
    }
    this.buffer.set(bytes, this.size);
    this.size += bytes.length;
  }

  at(index: number): number | undefined {
    return index >= 0 && index < this.size ? this.buffer[index] : undefined;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.size);
  }
}
