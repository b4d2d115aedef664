/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, and
 * lists every suite that declared itself skipped (EventStoreDB, MongoDB when
 * their servers are not reachable), so a skip is never silent.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skippedSuites = [];
    for (const suite of results.testResults) {
      for (const t of suite.testResults) {
        if (t.status === 'pending' || t.status === 'skipped') skippedSuites.push(t.fullName);
      }
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    if (skippedSuites.length > 0) {
      process.stdout.write(`\nSkipped (${skippedSuites.length}):\n`);
      for (const name of skippedSuites) process.stdout.write(`  - ${name}\n`);
    }
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
