import { readConfigOrExit } from '@app/config';
import { createEventStore } from '@app/event-store';
import { HashChainGuard, MAIN_PROJECTOR, allProjections, createReadStore, projectorHolderId, rebuildViews } from '@app/read-models';

/**
 * `npm run projections:rebuild`: drops every view and folds the whole log into
 * them again, removing documents the log cannot produce, then prints what it
 * did. Safe while the api or a projector runs on the same stores: the rebuild
 * takes the projectors' lease from whichever holds it, which stands by until
 * the rebuild ends, then one of them resumes from the rebuilt checkpoint.
 */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const events = await createEventStore(config.eventStore);
  const store = await createReadStore(config.readStore);
  try {
    process.stdout.write(`Rebuilding every view from the log (event store: ${config.eventStore.kind}, read store: ${config.readStore.kind})...\n`);
    const report = await rebuildViews({
      name: MAIN_PROJECTOR,
      events,
      store,
      projections: allProjections,
      guard: new HashChainGuard(events),
      lease: { holder: `rebuild:${projectorHolderId()}`, ttlMs: config.projectorLeaseTtlMs },
      logger: { log: () => undefined, warn: (message) => process.stderr.write(`${message}\n`), error: (message) => process.stderr.write(`${message}\n`) },
    });
    for (const { view, before, after } of report.views) {
      const removed = before > after ? `, ${before - after} the log cannot produce removed` : '';
      process.stdout.write(`  ${view}: ${after} documents (was ${before}${removed})\n`);
    }
    const rate = report.seconds > 0 ? Math.round(report.events / report.seconds) : report.events;
    process.stdout.write(
      `Rebuilt ${report.events} events up to position ${report.position ?? 'start'} in ${report.seconds.toFixed(1)} s (${rate} events/s)` +
        `${report.setAside > 0 ? `; ${report.setAside} set aside (see the set_aside view)` : ''}.\n`,
    );
    const { checkingSeconds, foldingSeconds, committingSeconds, collectingSeconds } = report.spent;
    const reading = Math.max(0, report.seconds - checkingSeconds - foldingSeconds - committingSeconds);
    const s = (seconds: number): string => `${seconds.toFixed(2)} s`;
    process.stdout.write(
      `  time: reading the log ${s(reading)}, checking hash links ${s(checkingSeconds)}, folding ${s(foldingSeconds)}, writing the views ${s(committingSeconds)}` +
        ` (of all of it, garbage collection ${s(collectingSeconds)})\n`,
    );
  } finally {
    await store.close();
    await events.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`The rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
