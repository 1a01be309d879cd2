import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS script without type declarations
import { isBlocking, parseFindings } from '../../../scripts/electron-security-scan.js';

type Finding = { check: string; severity: string; confidence: string; file: string; location: string };

const HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
const report = [
  HEADER,
  'CSP_GLOBAL_CHECK,"LOW","TENTATIVE","security.ts","26:4",N/A,"Failed to parse CSP, it may not be valid.",https://example/CSP',
  'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","window.ts","32:14","const win = new BrowserWindow({',
  '  webPreferences: opts, "quoted", more });","Review the use of the contextIsolation option",https://example/CI',
  'OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","desktop.ts","55:108","shell.openExternal(url), x","Review",https://example/OE',
].join('\n');

describe('reading the Electronegativity report', () => {
  it('finds each finding with its severity, even when a sample spans lines or holds commas', () => {
    const findings = parseFindings(report) as Finding[];
    expect(findings.map((f) => `${f.severity} ${f.check} ${f.file}:${f.location}`)).toEqual([
      'LOW CSP_GLOBAL_CHECK security.ts:26:4',
      'HIGH CONTEXT_ISOLATION_JS_CHECK window.ts:32:14',
      'MEDIUM OPEN_EXTERNAL_JS_CHECK desktop.ts:55:108',
    ]);
  });

  it('blocks on HIGH findings only', () => {
    const blocking = (parseFindings(report) as Finding[]).filter(isBlocking);
    expect(blocking.map((f) => f.check)).toEqual(['CONTEXT_ISOLATION_JS_CHECK']);
    expect((parseFindings(HEADER + '\n') as Finding[]).filter(isBlocking)).toEqual([]);
  });

  it('refuses a file that is not its report rather than passing it as clean', () => {
    expect(() => parseFindings('')).toThrow(/not an Electronegativity CSV report/);
    expect(() => parseFindings('{"runs": []}')).toThrow(/not an Electronegativity CSV report/);
  });
});
