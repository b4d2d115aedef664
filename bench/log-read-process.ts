/**
 * The baseline of `bench:live`'s rebuild: a raw read of the same log, in a
 * process of its own as the rebuild command runs in one. Every event of the
 * SQLite log read in log order with better-sqlite3 and its data and metadata
 * parsed, nothing else: no event objects, no hash links, no views. Prints
 * `log-read <events> <seconds>`.
 */
import Database from 'better-sqlite3';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: log-read-process <events.db>');
const db = new Database(file, { readonly: true });
const started = process.hrtime.bigint();
let events = 0;
for (const row of db.prepare('SELECT data, metadata FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
  JSON.parse(row.data);
  JSON.parse(row.metadata);
  events += 1;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
db.close();
process.stdout.write(`log-read ${events} ${seconds}\n`);
