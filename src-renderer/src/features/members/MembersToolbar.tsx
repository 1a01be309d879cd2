import { forwardRef } from 'react';
import { Icon } from '../../ui/Icon';

interface Props {
  search: string;
  onSearch: (text: string) => void;
}

/** The search box: as you type, by prefix of any word of the name or email. "/" focuses it. */
export const SearchField = forwardRef<HTMLInputElement, Props>(function SearchField({ search, onSearch }, ref) {
  return (
    <label className="search-field">
      <Icon name="search" className="search-icon" />
      <input
        ref={ref}
        type="search"
        aria-label="Search members"
        placeholder="Search by name or email"
        value={search}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && search) {
            e.preventDefault();
            onSearch('');
          }
        }}
      />
      {search ? (
        <button
          type="button"
          className="search-clear"
          aria-label="Clear search"
          title="Clear search"
          onClick={(e) => {
            onSearch('');
            e.currentTarget.parentElement?.querySelector('input')?.focus();
          }}
        >
          <Icon name="close" size={14} />
        </button>
      ) : (
        <kbd className="search-hint" aria-hidden="true">
          /
        </kbd>
      )}
    </label>
  );
});
