import { once } from 'node:events';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CsvError, parse } from 'csv-parse';
import { invalid } from '@core/platform/errors';
import type { StoredRow } from '../repositories/member-imports';

const BATCH = 500;
const WRITE_SLICE = 16 * 1024;

export interface ParsedFile {
  columns: string[];
  rowCount: number;
}

/** The most frequent of comma, semicolon and tab in the header line (spreadsheets in some locales use `;`). */
export function detectDelimiter(firstChunk: string): string {
  const firstLine = firstChunk.slice(0, firstChunk.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

/** Header names as the mapping refers to them: trimmed, never empty, never repeated. */
export function normaliseHeader(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const name = h.trim() || `column ${i + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/**
 * Parses the uploaded pieces with csv-parse as a stream, one piece in memory at a time, and hands
 * rows on in batches of 500 (yielding between batches). The header is the first record. A row is
 * numbered like a spreadsheet row: by the line it starts on, the header being row 1.
 */
export async function parseCsvPieces(
  readPiece: (seq: number) => Promise<string | undefined>,
  onRows: (rows: StoredRow[]) => Promise<void>,
): Promise<ParsedFile> {
  const first = await readPiece(0);
  const parser = parse({
    bom: true,
    delimiter: detectDelimiter(first ?? ''),
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });

  // Stops the feeding side when the parsing side fails, so neither waits for the other forever.
  const abort = new AbortController();
  const feed = (async () => {
    let piece = first;
    for (let seq = 1; piece !== undefined && !abort.signal.aborted; seq++) {
      // In slices: csv-parse parses what it is given synchronously, so a whole 256 KB piece at
      // once would hold the event loop for its full length.
      for (let at = 0; at < piece.length && !abort.signal.aborted; at += WRITE_SLICE) {
        if (!parser.write(piece.slice(at, at + WRITE_SLICE))) await once(parser, 'drain', { signal: abort.signal });
      }
      piece = await readPiece(seq);
    }
    parser.end();
  })().catch((err: unknown) => {
    // A failed read ends the parse with that error instead of leaving it waiting for input.
    parser.destroy(err instanceof Error ? err : new Error(String(err)));
  });

  let columns: string[] | undefined;
  let rowCount = 0;
  let batch: StoredRow[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = normaliseHeader(record);
        continue;
      }
      const embeddedLines = record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
      batch.push({ rowNumber: info.lines - embeddedLines, fields: record });
      rowCount++;
      if (batch.length === BATCH) {
        await onRows(batch);
        batch = [];
        await yieldToEventLoop();
      }
    }
    await feed;
  } catch (err) {
    abort.abort();
    parser.destroy();
    await feed;
    if (err instanceof CsvError) throw invalid('file', `the CSV could not be read: ${err.message}`);
    throw err;
  }
  if (batch.length) await onRows(batch);
  if (!columns || columns.every((c) => /^column \d+$/.test(c))) throw invalid('file', 'the CSV has no header row (the first line must name the columns)');
  return { columns, rowCount };
}
