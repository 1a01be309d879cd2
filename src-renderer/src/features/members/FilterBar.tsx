import { useState } from 'react';
import { Icon } from '../../ui/Icon';
import { Popover } from '../../ui/Popover';
import { FilterEditor } from './FilterEditor';
import type { CatalogSnapshot } from './member-catalog';
import { CHIP_KINDS, CHIP_TITLE, chipsOf, hasChip, withoutChip, withoutChips, type ChipKind, type FilterNames, type MemberFilter } from './member-filter';
import { MemberIcon } from './member-icons';

/** The filter as removable chips, an "Add filter" menu, and "Clear all". */
export function FilterBar({ filter, onChange, catalog }: { filter: MemberFilter; onChange: (next: MemberFilter) => void; catalog: CatalogSnapshot }) {
  const names = namesOf(catalog);
  const chips = chipsOf(filter, names);
  const apply = (kind: ChipKind, patch: MemberFilter) => onChange({ ...withoutChip(filter, kind), ...patch });

  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      {chips.map((chip) => (
        <div key={chip.kind} className="filter-chip" data-testid="filter-chip">
          <Popover
            trigger={
              <>
                <span className="filter-chip-title">{chip.title}:</span> <span className="filter-chip-value">{chip.value}</span>
              </>
            }
            label={`${chip.title}: ${chip.value}. Change`}
            buttonClassName="filter-chip-button"
          >
            {(close) => (
              <FilterEditor
                kind={chip.kind}
                filter={filter}
                catalog={catalog}
                onCancel={close}
                onApply={(patch) => {
                  apply(chip.kind, patch);
                  close();
                }}
              />
            )}
          </Popover>
          <button type="button" className="filter-chip-remove" aria-label={`Remove filter ${chip.title}`} title="Remove filter" onClick={() => onChange(withoutChip(filter, chip.kind))}>
            <Icon name="close" size={12} />
          </button>
        </div>
      ))}
      <AddFilter filter={filter} catalog={catalog} onApply={apply} />
      {chips.length > 0 && (
        <button type="button" className="link-button" onClick={() => onChange(withoutChips(filter))}>
          Clear all
        </button>
      )}
    </div>
  );
}

function AddFilter({ filter, catalog, onApply }: { filter: MemberFilter; catalog: CatalogSnapshot; onApply: (kind: ChipKind, patch: MemberFilter) => void }) {
  const [kind, setKind] = useState<ChipKind | null>(null);
  const [open, setOpen] = useState(false);
  const available = CHIP_KINDS.filter((k) => !hasChip(filter, k));
  if (available.length === 0) return null;
  return (
    <Popover
      trigger={
        <>
          <MemberIcon name="filter" size={14} /> Add filter
        </>
      }
      label="Add filter"
      buttonClassName="button button-small button-ghost"
      role={kind ? 'dialog' : 'menu'}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setKind(null);
      }}
    >
      {(close) =>
        kind ? (
          <FilterEditor
            key={kind}
            kind={kind}
            filter={filter}
            catalog={catalog}
            onCancel={() => setKind(null)}
            onApply={(patch) => {
              onApply(kind, patch);
              setKind(null);
              close();
            }}
          />
        ) : (
          <div className="menu-list">
            {available.map((k) => (
              <button key={k} type="button" role="menuitem" className="menu-item" onClick={() => setKind(k)}>
                {CHIP_TITLE[k]}
              </button>
            ))}
          </div>
        )
      }
    </Popover>
  );
}

export function namesOf(catalog: CatalogSnapshot): FilterNames {
  const find = (items: CatalogSnapshot['groups']) => (id: string) => items.find((i) => i.id === id)?.name;
  return { group: find(catalog.groups), space: find(catalog.spaces), package: find(catalog.packages) };
}
