/**
 * Hands text to the owner as a file: in a browser a download, in the desktop app Electron's save
 * prompt. The object URL is let go once the click has been handled.
 */
export function downloadText(fileName: string, text: string | string[], type = 'text/csv;charset=utf-8'): void {
  const blob = new Blob(Array.isArray(text) ? text : [text], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "members-2026-03-01.csv" from a stem and today's date. */
export function datedFileName(stem: string, now = new Date(), ext = 'csv'): string {
  return `${stem}-${now.toISOString().slice(0, 10)}.${ext}`;
}
