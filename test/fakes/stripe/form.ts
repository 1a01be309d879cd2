/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys
 * (`metadata[tenantId]=…`, `line_items[0][price]=…`, `expand[]=…`). The SDK sends indexed arrays
 * (`expand[0]`); curl users send `expand[]`. Both decode to arrays here. Values stay strings, as on
 * the wire; each endpoint coerces what it reads (see params.ts).
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

export function parseForm(text: string): FormParams {
  const root: FormParams = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    assign(root, splitKey(key), value);
  }
  return densify(root) as FormParams;
}

function decode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** `a[b][0][]` → ['a', 'b', '0', '']. A malformed key is kept whole, as a plain name. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== consumed) return [key];
    parts.push(m[1] ?? '');
    consumed = m.index + m[0].length;
  }
  return consumed === rest.length ? parts : [key];
}

type Node = { [key: string]: unknown };
const isIndex = (seg: string) => seg === '' || /^\d+$/.test(seg);

function assign(container: Node, path: string[], value: string): void {
  let node: Node | unknown[] = container;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string;
    const last = i === path.length - 1;
    const nextSeg = path[i + 1];
    if (Array.isArray(node)) {
      const index = seg === '' ? node.length : Number(seg);
      if (last) {
        node[index] = value;
        return;
      }
      node[index] ??= nextSeg !== undefined && isIndex(nextSeg) ? [] : {};
      node = node[index] as Node | unknown[];
    } else {
      if (last) {
        node[seg] = value;
        return;
      }
      const existing = node[seg];
      if (existing === undefined || typeof existing === 'string') {
        node[seg] = nextSeg !== undefined && isIndex(nextSeg) ? [] : {};
      }
      node = node[seg] as Node | unknown[];
    }
  }
}

/** Indexed arrays may arrive sparse (`a[0]`, `a[2]`); Stripe treats them as a plain list. */
function densify(value: unknown): FormValue {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(densify);
  if (value && typeof value === 'object') {
    const out: { [key: string]: FormValue } = {};
    for (const [k, v] of Object.entries(value)) out[k] = densify(v);
    return out;
  }
  return value as string;
}
