import type { ApiClient } from '@renderer/api/types';
import { isTransportFailure } from '@renderer/api/errors';
import type { ImportView } from '../types';

/** The server takes pieces of at most 256 KB (members.import.upload). */
export const MAX_PIECE_BYTES = 256 * 1024;
/** Bytes read from the file at a time; decoding never makes a piece longer than 3× this in UTF-8. */
const READ_BYTES = 64 * 1024;
const encoder = new TextEncoder();

/**
 * The file as text pieces of at most `maxBytes` UTF-8 bytes, read slice by slice so a large
 * file is never held twice and the page stays responsive. A character split across two slices is
 * carried over by the streaming decoder; an odd byte sequence becomes U+FFFD (3 bytes), which
 * the byte check below keeps within the limit.
 */
export async function* filePieces(file: Blob, maxBytes = MAX_PIECE_BYTES, readBytes = READ_BYTES): AsyncGenerator<{ text: string; readTo: number }> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  for (let at = 0; at < file.size; at += readBytes) {
    const end = Math.min(file.size, at + readBytes);
    carry += decoder.decode(await file.slice(at, end).arrayBuffer(), { stream: end < file.size });
    while (encoder.encode(carry).length >= maxBytes) {
      const cut = cutAt(carry, maxBytes);
      yield { text: carry.slice(0, cut), readTo: end };
      carry = carry.slice(cut);
    }
    if (encoder.encode(carry).length >= maxBytes / 2 || end === file.size) {
      if (carry) yield { text: carry, readTo: end };
      carry = '';
    }
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a surrogate pair. */
export function cutAt(text: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += code > 0xffff ? 2 : 1;
  }
  return i;
}

/**
 * Uploads a file piece by piece. A piece that meets a transport failure is sent again with the
 * same index (the server recognises a repeat); anything the server refuses stops the upload.
 */
export async function uploadFile(
  api: ApiClient,
  file: File,
  onProgress: (readBytes: number) => void,
  signal: AbortSignal,
): Promise<ImportView> {
  let importId: string | undefined;
  let index = 0;
  let pending: { text: string; readTo: number } | null = null;
  let view: ImportView | null = null;

  const send = async (text: string, last: boolean) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer: ImportView = await api.members.import.upload.mutate(
          { ...(importId ? { importId } : { fileName: file.name }), chunk: text, last, index },
          { signal },
        );
        importId = answer.importId;
        index += 1;
        return answer;
      } catch (err) {
        if (signal.aborted || attempt >= 3 || !isTransportFailure(err)) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  };

  for await (const piece of filePieces(file)) {
    if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
    if (pending) {
      await send(pending.text, false);
      onProgress(pending.readTo);
    }
    pending = piece;
  }
  view = await send(pending?.text ?? '', true);
  onProgress(file.size);
  return view;
}
