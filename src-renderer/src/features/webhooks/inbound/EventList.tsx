import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Icon } from '@renderer/ui/Icon';
import { Pill } from '@renderer/ui/Pill';
import { ago, dateTime, providerLabel, STATUS_LABEL, STATUS_TONE } from '../format';
import type { EventRow } from '../types';
import type { StreamRows } from './event-stream';
import { LoadFailed } from '@renderer/ui/LoadFailed';

// Within this many pixels of the top the owner is watching the newest events: new rows push in.
const TOP_SLACK = 4;

interface Older {
  loading: boolean;
  error: unknown;
  load: () => void;
}

function rowElements(box: HTMLElement): HTMLElement[] {
  return Array.from(box.querySelectorAll<HTMLElement>('[data-row-id]'));
}

/**
 * The stream's rows, newest on top. When the owner has scrolled down to read, rows arriving on top
 * must not move what they are reading: the first visible row is kept where it was.
 */
export function EventList({
  rows,
  added,
  selectedId,
  onSelect,
  now,
  older,
}: {
  rows: StreamRows;
  added: ReadonlySet<string>;
  selectedId: string | null;
  onSelect: (id: string) => void;
  now: number;
  older: Older;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ id: string; offset: number } | null>(null);
  const [leftTopAt, setLeftTopAt] = useState<string | null>(null);
  const { items } = rows;

  function measureAnchor() {
    const box = scrollRef.current;
    if (!box || box.scrollTop <= TOP_SLACK) {
      anchor.current = null;
      return;
    }
    const top = box.getBoundingClientRect().top;
    const first = rowElements(box).find((el) => el.getBoundingClientRect().bottom > top);
    anchor.current = first ? { id: first.dataset.rowId!, offset: first.getBoundingClientRect().top - top } : null;
  }

  useLayoutEffect(() => {
    const box = scrollRef.current;
    const kept = anchor.current;
    if (box && kept) {
      const el = rowElements(box).find((row) => row.dataset.rowId === kept.id);
      if (el) {
        const delta = el.getBoundingClientRect().top - box.getBoundingClientRect().top - kept.offset;
        if (Math.abs(delta) >= 1) box.scrollTop += delta;
      }
    }
    measureAnchor();
  }, [items]);

  function onScroll() {
    measureAnchor();
    const atTop = (scrollRef.current?.scrollTop ?? 0) <= TOP_SLACK;
    if (atTop && leftTopAt) setLeftTopAt(null);
    else if (!atTop && !leftTopAt) setLeftTopAt(items[0]?.id ?? null);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const at = items.findIndex((row) => row.id === selectedId);
    const next = items[Math.min(items.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    onSelect(next.id);
    const box = scrollRef.current;
    if (box) rowElements(box).find((el) => el.dataset.rowId === next.id)?.focus();
  }

  const unseen = leftTopAt ? Math.max(0, items.findIndex((row) => row.id === leftTopAt)) : 0;

  return (
    <div className="event-list">
      {unseen > 0 && (
        <button type="button" className="new-events" onClick={() => scrollRef.current?.scrollTo({ top: 0, behavior: 'smooth' })}>
          <Icon name="arrowRight" size={13} className="rotate-up" /> {unseen === 1 ? '1 new event' : `${unseen} new events`}
        </button>
      )}
      <div ref={scrollRef} className="event-scroll" onScroll={onScroll} onKeyDown={onKeyDown}>
        <ul className="event-rows" aria-label="Webhook events, newest first">
          {items.map((row) => (
            <li key={row.id}>
              <EventRowButton row={row} isNew={added.has(row.id)} selected={row.id === selectedId} now={now} onSelect={onSelect} />
            </li>
          ))}
        </ul>
        <div className="event-list-foot">
          {older.error ? (
            <LoadFailed inline what="Older events" error={older.error} onRetry={older.load} />
          ) : rows.olderCursor ? (
            <button type="button" className="button button-small" onClick={older.load} disabled={older.loading}>
              {older.loading ? 'Loading…' : 'Load older events'}
            </button>
          ) : (
            <span className="muted wh-small">{items.length === 1 ? 'That is the only event.' : 'That is every event.'}</span>
          )}
        </div>
      </div>
    </div>
  );
}

function EventRowButton({ row, isNew, selected, now, onSelect }: { row: EventRow; isNew: boolean; selected: boolean; now: number; onSelect: (id: string) => void }) {
  return (
    <button
      type="button"
      className={`event-row${selected ? ' is-selected' : ''}${isNew ? ' is-new' : ''}`}
      data-row-id={row.id}
      data-testid="event-row"
      data-status={row.status}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect(row.id)}
    >
      <span className="event-row-main">
        <span className="event-type">{row.type}</span>
        <span className="event-meta">
          {providerLabel(row.provider)}
          {row.userEmail ? ` · ${row.userEmail}` : ''}
          {row.attempts > 1 ? ` · ${row.attempts} attempts` : ''}
        </span>
      </span>
      <span className="event-row-side">
        <Pill tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Pill>
        <time className="event-time" dateTime={row.receivedAt} title={dateTime(row.receivedAt)}>
          {ago(row.receivedAt, now)}
        </time>
      </span>
    </button>
  );
}
