import { useId, useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { formatPrice } from './money';
import { mapServerErrors } from './server-errors';
import { statusOf, type PackageView, type WhatIfRequest } from './types';
import { whatIfRequest, type SaleChoice, type WhatIfField, type WhatIfForm } from './what-if-request';
import { WhatIfResult } from './WhatIfResult';

const DEBOUNCE_MS = 300;

const SALE_CHOICES = [
  { value: 'keep', label: 'Keep current sale' },
  { value: 'none', label: 'No sale' },
  { value: 'new', label: 'New sale' },
] as const satisfies readonly { value: SaleChoice; label: string }[];

const MODES = [
  { value: 'grandfather', label: 'Grandfather existing subscribers' },
  { value: 'move', label: 'Move everyone' },
] as const;

const SERVER_FIELDS: Record<string, WhatIfField> = {
  newPrice: 'newPrice',
  'sale.salePrice': 'salePrice',
  'sale.saleStartsAt': 'saleStartsAt',
  'sale.saleEndsAt': 'saleEndsAt',
};

/** "What if I charged…": projected MRR of a new price or sale, recomputed as the owner types. */
export function WhatIfPanel({ packages }: { packages: PackageView[] }) {
  const choices = packages.filter((p) => statusOf(p) !== 'archived');
  const [form, setForm] = useState<WhatIfForm>({ packageId: '', newPrice: '', sale: 'keep', salePrice: '', saleStartsAt: '', saleEndsAt: '', mode: 'grandfather' });
  // Until the owner picks one: the first tier on sale to the public, where the money is.
  const pkg = choices.find((p) => p.id === form.packageId) ?? choices.find((p) => p.isActive) ?? choices[0];
  const id = useId();

  const built = pkg ? whatIfRequest({ ...form, packageId: pkg.id }) : null;
  const request = built && 'request' in built ? built.request : null;
  // The package's own price is part of the key, so an edit in the list asks again.
  const key = request && pkg ? JSON.stringify([request, pkg.price, pkg.salePrice, pkg.saleStartsAt, pkg.saleEndsAt]) : null;
  const settled = useDebouncedValue(key, DEBOUNCE_MS);
  const result = useApiQuery(`what-if:${settled}`, (api, signal) =>
    settled ? api.packages.whatIf.query((JSON.parse(settled) as [WhatIfRequest])[0], { signal }) : Promise.resolve(null),
  );
  const serverErrors = result.error !== undefined ? mapServerErrors(result.error, (path) => SERVER_FIELDS[path] ?? null) : null;
  const localError = built && 'field' in built ? built : null;
  const errorOf = (field: WhatIfField) => (localError?.field === field ? localError.message : serverErrors?.fields[field]);
  const update = (patch: Partial<WhatIfForm>) => setForm((f) => ({ ...f, ...patch }));

  if (!pkg) return null;
  const input = (field: WhatIfField, label: string, props: { type?: string; placeholder?: string; inputMode?: 'decimal' }) => {
    const error = errorOf(field);
    return (
      <div className="editor-field">
        <label className="field-label" htmlFor={`${id}-${field}`}>
          {label}
        </label>
        <input
          id={`${id}-${field}`}
          className={error ? 'input has-error' : 'input'}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          placeholder={props.placeholder}
          value={form[field]}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-${field}-error` : undefined}
          onChange={(e) => update({ [field]: e.target.value })}
        />
        {error && (
          <p className="field-error" id={`${id}-${field}-error`}>
            {error.charAt(0).toUpperCase() + error.slice(1)}
          </p>
        )}
      </div>
    );
  };

  return (
    <section className="card what-if" aria-labelledby={`${id}-title`}>
      <header className="card-header">
        <div>
          <h2 className="card-title" id={`${id}-title`}>
            What-if pricing
          </h2>
          <p className="card-subtitle">Try a new price or a sale on today&apos;s subscribers before you change anything.</p>
        </div>
      </header>
      <div className="what-if-body">
        <div className="what-if-controls">
          <div className="editor-field">
            <label className="field-label" htmlFor={`${id}-package`}>
              Package
            </label>
            <select id={`${id}-package`} className="input" value={pkg.id} onChange={(e) => update({ packageId: e.target.value })}>
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} · {formatPrice(p.effectivePrice, p.currency)}/{p.interval}
                  {p.isActive ? '' : ' (inactive)'}
                </option>
              ))}
            </select>
          </div>
          {input('newPrice', `New price (${pkg.currency})`, { inputMode: 'decimal', placeholder: `${pkg.price} now` })}
          <div className="editor-field">
            <span className="field-label">Sale</span>
            <SegmentedControl label="Sale" segments={SALE_CHOICES} value={form.sale} onChange={(sale) => update({ sale })} />
          </div>
          {form.sale === 'new' && (
            <div className="editor-grid editor-grid-3">
              {input('salePrice', 'Sale price', { inputMode: 'decimal' })}
              {input('saleStartsAt', 'Start date', { type: 'date' })}
              {input('saleEndsAt', 'Last day', { type: 'date' })}
            </div>
          )}
          <div className="editor-field">
            <span className="field-label">Existing subscribers</span>
            <SegmentedControl label="Existing subscribers" segments={MODES} value={form.mode} onChange={(mode) => update({ mode })} />
          </div>
        </div>
        <WhatIfResult
          result={result.data ?? null}
          updating={key !== settled || result.loading}
          problem={serverErrors?.general ?? null}
          blocked={Boolean(localError || (serverErrors && Object.keys(serverErrors.fields).length))}
        />
      </div>
    </section>
  );
}
