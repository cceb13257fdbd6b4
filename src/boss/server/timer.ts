/**
 * One restartable timeout. Connection timers run on real time (a Clock has no cancellable timers);
 * the injected Clock only stamps times (receivedAt, deadline, log and capture times).
 * The idle timer stops and starts again around every request, so `stop()` only disarms: the Node
 * timeout stays scheduled and `start()` reschedules it (`refresh()`), no new timeout per request.
 * A disarmed timeout that comes due does nothing. `cancel()` really clears it (when the connection
 * closes, so nothing is left scheduled).
 */
export class Timer {
  private handle: NodeJS.Timeout | undefined;
  private armed = false;

  constructor(
    private readonly ms: number,
    private readonly fire: () => void,
  ) {}

  get running(): boolean {
    return this.armed;
  }

  /** (Re)starts the full delay from now. */
  start(): void {
    this.armed = true;
    if (this.handle !== undefined) {
      this.handle.refresh();
      return;
    }
    this.handle = setTimeout(() => {
      this.handle = undefined;
      if (!this.armed) return;
      this.armed = false;
      this.fire();
    }, this.ms);
  }

  /** Disarms: the callback will not run (unless started again). */
  stop(): void {
    this.armed = false;
  }

  /** Disarms and clears the scheduled timeout. */
  cancel(): void {
    this.armed = false;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }
}
