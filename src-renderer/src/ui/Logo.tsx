/** The product mark: a rounded square with a stylised "T" of three community dots. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false" className="logo">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path d="M9 11h14M16 11v11" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <circle cx="9" cy="21" r="2" fill="#fff" opacity="0.7" />
      <circle cx="23" cy="21" r="2" fill="#fff" opacity="0.7" />
    </svg>
  );
}
