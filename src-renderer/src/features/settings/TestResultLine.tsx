import type { TestResult } from './settings-api';

/** The answer of a "Test" button: the provider's name when connected, its own words when not. */
export function TestResultLine({ result, problem }: { result: TestResult | undefined | null; problem: string | null }) {
  if (problem) return <p className="field-error" role="alert">{problem}</p>;
  if (!result) return null;
  return (
    <p className={result.ok ? 'settings-test is-ok' : 'settings-test is-bad'} role="status">
      {result.ok ? '✓ ' : '✗ '}
      {result.message}
    </p>
  );
}
