/**
 * Prints the run's totals as one plain line ("N passed, N failed, N skipped") after jest's
 * own summary, so tools that read only the last lines of a CI log can count the tests.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    console.log(
      `\n${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`,
    );
  }
}

module.exports = SummaryReporter;
