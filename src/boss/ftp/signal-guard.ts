/** The signals ftp-srv's constructor hooks (src/index.js: `process.on(sig, quit)`, quit = close + process.exit(0)). */
export const FTP_SRV_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/**
 * Runs `construct` and removes exactly the listeners it added to those signals: ftp-srv would
 * otherwise end the whole process on Ctrl-C without the BOSS closing its ledger, and pile up one
 * set of listeners per server (MaxListenersExceededWarning). Listeners others added stay.
 * [research bank_grid_pay §3.2]
 */
export function withoutAddedSignalListeners<T>(construct: () => T): T {
  const before = new Map(FTP_SRV_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    return construct();
  } finally {
    for (const signal of FTP_SRV_SIGNALS) {
      const kept = before.get(signal);
      for (const listener of process.listeners(signal)) {
        if (!kept?.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
}
