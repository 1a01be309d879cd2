// Database failures, classified so that callers can react to each (Signal Desktop's habit):
// a full disk or a busy database is retried or reported, a corrupt file is a different story.
export type DatabaseFailure = 'unique' | 'busy' | 'full' | 'readonly' | 'corrupt' | 'other';

export function classifyDatabaseError(err: unknown): DatabaseFailure {
  const code = typeof err === 'object' && err !== null ? String((err as { code?: unknown }).code ?? '') : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') {
    return 'unique';
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '40001' || code === '55P03') {
    return 'busy';
  }
  if (code === 'SQLITE_FULL' || code === '53100') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code === '25006') return 'readonly';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'XX001' || code === 'XX002') {
    return 'corrupt';
  }
  return 'other';
}

export function isUniqueViolation(err: unknown): boolean {
  return classifyDatabaseError(err) === 'unique';
}
