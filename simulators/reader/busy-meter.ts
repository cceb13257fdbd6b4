import type { ChipCommand, ChipResponse, SynchronousCard } from '../../src/cards/synchronous-card.ts';

/**
 * The card as the reader firmware sees it, adding up the time the chip reports it was busy
 * (erase/write cycles, ChipResponse.busyMicros): the reader needs it to decide on time extensions.
 */
export class BusyMeter implements SynchronousCard {
  private busy = 0;

  constructor(private readonly card: SynchronousCard) {}

  get type(): SynchronousCard['type'] {
    return this.card.type;
  }

  powerOn(): Promise<Uint8Array> {
    return this.card.powerOn();
  }

  reset(): Promise<Uint8Array> {
    return this.card.reset();
  }

  powerOff(): Promise<void> {
    return this.card.powerOff();
  }

  async execute(command: ChipCommand): Promise<ChipResponse> {
    const response = await this.card.execute(command);
    this.busy += response.busyMicros;
    return response;
  }

  /** Busy time since the last call, in microseconds. */
  takeBusyMicros(): number {
    const busy = this.busy;
    this.busy = 0;
    return busy;
  }
}
