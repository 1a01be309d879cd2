import { describe, expect, it } from 'vitest';
import { cutAt, filePieces } from './upload';

const bytes = (s: string) => new TextEncoder().encode(s).length;

async function collect(blob: Blob, max: number, read: number) {
  const out: string[] = [];
  for await (const piece of filePieces(blob, max, read)) out.push(piece.text);
  return out;
}

describe('reading a CSV for upload', () => {
  it('gives the whole text back in pieces no larger than the limit', async () => {
    const text = 'email,name\n' + Array.from({ length: 2000 }, (_, i) => `m${i}@example.com,Mémbre ${i} 😀\n`).join('');
    const pieces = await collect(new Blob([text]), 1024, 300);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(bytes(p)).toBeLessThanOrEqual(1024);
    expect(pieces.length).toBeGreaterThan(bytes(text) / 1024);
  });

  it('keeps a character whose bytes straddle two reads whole', async () => {
    const text = 'é'.repeat(10) + '😀'.repeat(10);
    const pieces = await collect(new Blob([text]), 1000, 3);
    expect(pieces.join('')).toBe(text);
  });

  it('cuts before a character that would not fit, never inside a surrogate pair', () => {
    expect(cutAt('ab😀', 5)).toBe(2);
    expect(cutAt('ab😀', 6)).toBe(4);
    expect(cutAt('ééé', 5)).toBe(2);
  });

  it('reads an empty file as no pieces', async () => {
    expect(await collect(new Blob([]), 1024, 100)).toEqual([]);
  });
});
