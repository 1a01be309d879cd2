/** Up to two initials: "Ada Lovelace" → "AL", "cher" → "C". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]!.charAt(0);
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : '';
  return (first + last).toUpperCase();
}

/** A stable hue per person, so the same member keeps the same colour everywhere. */
export function hueOf(seed: string): number {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

// Hand-picked hues that all read well as tinted backgrounds (no muddy yellow-greens).
const PALETTE = [4, 24, 200, 215, 245, 265, 290, 330, 160, 180];

/** A pleasant hue chosen from the palette by a stable hash of the seed. */
export function paletteHueOf(seed: string): number {
  return PALETTE[hueOf(seed) % PALETTE.length]!;
}

export function Avatar({ name, seed, size = 28 }: { name: string; seed?: string; size?: number }) {
  const hue = paletteHueOf(seed ?? name);
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: Math.round(size * 0.4),
        background: `hsl(${hue} 70% 93%)`,
        color: `hsl(${hue} 45% 32%)`,
      }}
    >
      {initialsOf(name)}
    </span>
  );
}
