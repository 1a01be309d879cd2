import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Stylesheets are global once loaded: a class community.css styles must not be one another
// feature's stylesheet styles too (the Spaces page once restyled the member drawer's Memberships list).

const here = join(process.cwd(), 'src-renderer/src');
/** The classes that start a selector (`.space-row { … }`, `.a, .b:hover > .c`: a and b; not `.a.b`, which a second class narrows): rules that style a class on its own. */
function classesOf(css: string): Set<string> {
  const selectors = [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{/g)].flatMap((m) => m[1]!.split(','));
  return new Set(selectors.flatMap((sel) => /^\s*\.(-?[_a-zA-Z][\w-]*)(?![\w.-])/.exec(sel)?.[1] ?? []));
}

function otherStylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return otherStylesheets(path);
    return e.name.endsWith('.css') && !path.endsWith(join('features', 'community', 'community.css')) ? [path] : [];
  });
}

describe('community.css', () => {
  it('styles no class that another feature stylesheet styles (space-row, space-name of the member drawer)', () => {
    const mine = classesOf(readFileSync(join(here, 'features/community/community.css'), 'utf8'));
    const others = new Map<string, string>();
    for (const path of otherStylesheets(join(here, 'styles'))) for (const c of classesOf(readFileSync(path, 'utf8'))) others.set(c, path);
    const memberClasses = ['space-row', 'space-name'].filter((c) => others.has(c));
    expect(memberClasses).toEqual(['space-row', 'space-name']);
    expect([...mine].filter((c) => others.has(c)).map((c) => `${c} (also in ${others.get(c)})`)).toEqual([]);
  });
});
