import { TextField } from './fields';
import type { PackageForm } from './use-package-form';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date picker, or a text field for an exact instant set through the API (a date input cannot show one). */
const dateType = (value: string) => (value === '' || DATE_ONLY.test(value) ? 'date' : 'text');

export function SaleFields({ form }: { form: PackageForm }) {
  const { salePrice, saleStartsAt, saleEndsAt } = form.values;
  const hasSale = Boolean(salePrice || saleStartsAt || saleEndsAt);
  const exact = dateType(saleStartsAt) === 'text' || dateType(saleEndsAt) === 'text';

  function clearSale() {
    form.set('salePrice', '');
    form.set('saleStartsAt', '');
    form.set('saleEndsAt', '');
  }

  return (
    <fieldset className="editor-section" aria-describedby="pkg-sale-rule">
      <legend className="editor-section-title">Sale</legend>
      <p className="editor-rule" id="pkg-sale-rule">
        The sale runs from 00:00 UTC on the start date through the last day. Leave a date empty for a sale that has already started, or
        one that runs until you end it.
      </p>
      <div className="editor-grid editor-grid-3">
        <TextField form={form} field="salePrice" label={`Sale price (${form.values.currency})`} inputMode="decimal" placeholder="No sale" />
        <TextField form={form} field="saleStartsAt" label="Start date" type={dateType(saleStartsAt)} />
        <TextField form={form} field="saleEndsAt" label="Last day" type={dateType(saleEndsAt)} />
      </div>
      {exact && <p className="field-help">Set through the API as an exact time (ISO, with a time zone). Clear it to pick a date instead.</p>}
      {hasSale && (
        <button type="button" className="button button-small editor-clear-sale" onClick={clearSale}>
          Remove the sale
        </button>
      )}
    </fieldset>
  );
}
