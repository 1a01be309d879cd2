import { useApiQuery } from '@renderer/api/use-api-query';
import { loadVariants, variantOption } from '../variants';
import { FieldMessages, inputProps } from './fields';
import type { PackageForm } from './use-package-form';

/** The Lemon Squeezy variant a checkout sells: picked from the store's variants when they can be listed. */
export function VariantField({ form, tenantId, packageId }: { form: PackageForm; tenantId: string; packageId: string | null }) {
  const variants = useApiQuery(`ls-variants:${tenantId}`, (api, signal) => loadVariants(api, signal));
  const value = form.values.variantId;
  const choices = variants.data;
  const props = inputProps(form, 'variantId', true);

  if (choices?.kind === 'list' && choices.variants.length > 0) {
    const options = choices.variants.map((v) => variantOption(v, packageId));
    const known = options.some((o) => o.id === value);
    return (
      <div className="editor-field">
        <label className="field-label" htmlFor={props.id}>
          Lemon Squeezy variant
        </label>
        <select {...props} value={value} onChange={(e) => form.set('variantId', e.target.value)}>
          <option value="">None: not sold through Lemon Squeezy</option>
          {!known && value && <option value={value}>{value} (not in the store)</option>}
          {options.map((o) => (
            // A variant that cannot be sold stays selectable only if this package already has it.
            <option key={o.id} value={o.id} disabled={o.disabled && o.id !== value}>
              {o.label}
            </option>
          ))}
        </select>
        <FieldMessages form={form} field="variantId" hint="Checkout sells this variant of your Lemon Squeezy store." />
      </div>
    );
  }

  const hint = variants.loading
    ? 'Looking for your Lemon Squeezy variants…'
    : choices?.kind === 'unavailable'
      ? `${choices.reason} Copy the variant ID from your Lemon Squeezy dashboard.`
      : 'Your Lemon Squeezy store has no variants yet. Copy the variant ID from your dashboard once it does.';
  return (
    <div className="editor-field">
      <label className="field-label" htmlFor={props.id}>
        Lemon Squeezy variant ID
      </label>
      <input {...props} value={value} placeholder="e.g. 104201" autoComplete="off" spellCheck={false} onChange={(e) => form.set('variantId', e.target.value)} />
      <FieldMessages form={form} field="variantId" hint={hint} />
    </div>
  );
}
