/**
 * Resolves with the signal's name on SIGINT or SIGTERM; the command then shuts down cleanly. When
 * `cancel` settles first (the command stops for another reason), the handlers are removed and the
 * promise never resolves.
 */
export function untilStopSignal(say: (line: string) => void, cancel?: Promise<unknown>): Promise<NodeJS.Signals> {
  say('running; Ctrl-C to stop');
  return new Promise((resolve) => {
    const off = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
    const stop = (signal: NodeJS.Signals): void => {
      off();
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    cancel?.then(off, off);
  });
}
