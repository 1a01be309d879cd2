/** A determinate bar (done of total), or an indeterminate one while the total is unknown. */
export function ProgressBar({ done, total, label }: { done: number; total: number | null; label: string }) {
  const known = total !== null && total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : undefined;
  return (
    <div
      className={known ? 'progress' : 'progress is-indeterminate'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress-fill" style={known ? { width: `${percent}%` } : undefined} />
    </div>
  );
}
