import { Pill } from '../../ui/Pill';

/** "3 at a limit": subscribers who have used all of one of the package's limits, worth an upgrade offer. */
export function AtLimitBadge({ count }: { count: number }) {
  if (count === 0) return null;
  const who = count === 1 ? '1 member is' : `${count} members are`;
  return (
    <Pill tone="warning" title={`${who} at or over one of this package's limits: a chance to offer an upgrade`}>
      {count} at a limit
    </Pill>
  );
}
