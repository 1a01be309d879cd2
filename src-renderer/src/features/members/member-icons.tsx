// The members page draws with the shared icon set (ui/Icon); only the sort arrow is its own.
export { Icon as MemberIcon, type IconName as MemberIconName } from '../../ui/Icon';

/** ↑ / ↓ for the sorted column, a faint ↕ on the others. */
export function SortArrow({ direction }: { direction: 'asc' | 'desc' | null }) {
  const d = direction === 'asc' ? 'M12 19V5M6 11l6-6 6 6' : direction === 'desc' ? 'M12 5v14M6 13l6 6 6-6' : 'M8 9l4-4 4 4M8 15l4 4 4-4';
  return (
    <svg className={direction ? 'icon sort-arrow' : 'icon sort-arrow is-idle'} width={12} height={12} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={d} />
    </svg>
  );
}
