import { formatCount } from '@renderer/ui/format';

// One figure of an import's outcome; shared by the preview tabs and the result summary.
export function Count({ label, value, tone }: { label: string; value: number; tone: 'new' | 'updated' | 'unchanged' | 'error' }) {
  return (
    <div className={`import-count tone-${tone}`} data-testid={`count-${tone}`}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}
