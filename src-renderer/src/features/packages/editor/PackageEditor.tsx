import { useId, useState, type FormEvent } from 'react';
import { CURRENCIES } from '@shared/domain';
import { useServices } from '@renderer/app/services';
import { ConfirmDialog } from '@renderer/ui/ConfirmDialog';
import { Icon } from '@renderer/ui/Icon';
import { Modal } from '@renderer/ui/Modal';
import { SegmentedControl } from '@renderer/ui/SegmentedControl';
import { firstSegmentIn, mapServerErrors } from '../server-errors';
import type { Interval, PackageView } from '../types';
import { FeatureListField } from './FeatureListField';
import { CheckField, FieldMessages, fieldIds, sentence, TextField } from './fields';
import { emptyForm, FORM_FIELDS, formFromPackage, upsertRequest, type FormField } from './form-values';
import { SaleFields } from './SaleFields';
import { usePackageForm } from './use-package-form';
import { VariantField } from './VariantField';

const INTERVALS = [
  { value: 'month', label: 'Monthly' },
  { value: 'year', label: 'Yearly' },
] as const;

export interface SavedPackage {
  created: boolean;
  package: Omit<PackageView, 'membersAtLimit' | 'subscribers'>; // the list is reloaded for the counts
}

/** The package editor, a drawer over the page. Default export: the page loads it (and zod) on first use. */
export default function PackageEditor({
  pkg,
  tenantId,
  defaultInterval,
  onClose,
  onSaved,
}: {
  pkg: PackageView | null;
  tenantId: string;
  defaultInterval: Interval;
  onClose: () => void;
  onSaved: (saved: SavedPackage) => void;
}) {
  const { api } = useServices();
  const [initial] = useState(() => (pkg ? formFromPackage(pkg) : emptyForm(defaultInterval)));
  const form = usePackageForm(initial);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const titleId = useId();

  function requestClose() {
    if (saving) return;
    if (form.dirty) setConfirmDiscard(true);
    else onClose();
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    form.submit();
    setProblem(null);
    if (!form.isValid) {
      focusField(firstInvalid(Object.keys(form.clientErrors)));
      return;
    }
    setSaving(true);
    try {
      const saved = await api.packages.upsert.mutate(upsertRequest(pkg?.id ?? null, initial, form.values));
      onSaved(saved);
    } catch (err) {
      const mapped = mapServerErrors(err, firstSegmentIn(FORM_FIELDS));
      form.setServerErrors(mapped.fields);
      setProblem(mapped.general);
      focusField(firstInvalid(Object.keys(mapped.fields)));
      setSaving(false);
    }
  }

  const formError = form.errorOf('form');
  return (
    <Modal variant="drawer" labelledBy={titleId} onRequestClose={requestClose} initialFocus={`#${fieldIds('name').input}`} className="editor">
      <form className="editor-form" onSubmit={save} noValidate aria-busy={saving || undefined}>
        <header className="editor-header">
          <div>
            <p className="page-eyebrow">{pkg ? 'Edit package' : 'New package'}</p>
            <h2 className="editor-title" id={titleId}>
              {form.values.name.trim() || (pkg ? pkg.name : 'Untitled package')}
            </h2>
          </div>
          <button type="button" className="icon-button" aria-label="Close the editor" title="Close (Esc)" onClick={requestClose}>
            <Icon name="close" size={16} />
          </button>
        </header>

        <div className="editor-body">
          <fieldset className="editor-section">
            <legend className="editor-section-title">Basics</legend>
            <TextField form={form} field="name" label="Name" placeholder="e.g. Professional" />
            <TextField form={form} field="description" label="Description" multiline placeholder="Who this tier is for, in one line" />
          </fieldset>

          <fieldset className="editor-section">
            <legend className="editor-section-title">Price</legend>
            <div className="editor-grid editor-grid-3">
              <TextField form={form} field="price" label={`Price (${form.values.currency})`} inputMode="decimal" placeholder="29.00" />
              <div className="editor-field">
                <span className="field-label" id="pkg-interval-label">
                  Billed
                </span>
                <SegmentedControl label="Billed" segments={INTERVALS} value={form.values.interval} onChange={(v) => form.set('interval', v)} />
                <FieldMessages form={form} field="interval" />
              </div>
              <div className="editor-field">
                <label className="field-label" htmlFor={fieldIds('currency').input}>
                  Currency
                </label>
                <select id={fieldIds('currency').input} className="input" value={form.values.currency} onChange={(e) => form.set('currency', e.target.value as typeof form.values.currency)}>
                  {CURRENCIES.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </div>
            </div>
          </fieldset>

          <fieldset className="editor-section">
            <legend className="editor-section-title">Limits</legend>
            <div className="editor-grid editor-grid-4">
              <TextField form={form} field="maxUsers" label="Team members" inputMode="numeric" />
              <TextField form={form} field="maxAiPosts" label="AI posts / month" inputMode="numeric" />
              <TextField form={form} field="maxSocialAccounts" label="Social accounts" inputMode="numeric" />
              <TextField form={form} field="maxCampaigns" label="Active campaigns" inputMode="numeric" />
            </div>
          </fieldset>

          <fieldset className="editor-section">
            <legend className="editor-section-title">Pricing card</legend>
            <FeatureListField form={form} />
          </fieldset>

          <SaleFields form={form} />

          <fieldset className="editor-section">
            <legend className="editor-section-title">Checkout and visibility</legend>
            <VariantField form={form} tenantId={tenantId} packageId={pkg?.id ?? null} />
            <CheckField form={form} field="isActive" label="Active" description="Shown on the pricing page and open for checkout." />
            <CheckField form={form} field="isPopular" label="Most popular" description="Highlighted on the pricing page." />
          </fieldset>
        </div>

        <footer className="editor-footer">
          {(problem || formError) && (
            <p className="editor-problem" role="alert">
              <Icon name="alert" size={14} /> {sentence(problem ?? formError!)}
            </p>
          )}
          <div className="editor-actions">
            <button type="button" className="button" onClick={requestClose} disabled={saving}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={saving}>
              {saving ? 'Saving…' : pkg ? 'Save changes' : 'Create package'}
            </button>
          </div>
        </footer>
      </form>

      {confirmDiscard && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          confirmLabel="Discard changes"
          cancelLabel="Keep editing"
          onCancel={() => setConfirmDiscard(false)}
          onConfirm={onClose}
        >
          {pkg ? `Your changes to ${pkg.name} have not been saved.` : 'This package has not been created yet.'}
        </ConfirmDialog>
      )}
    </Modal>
  );
}

function firstInvalid(fields: string[]): FormField | null {
  return FORM_FIELDS.find((f) => fields.includes(f)) ?? null;
}

function focusField(field: FormField | null) {
  if (!field) return;
  // After React has painted the error, so a screen reader reads it with the field.
  requestAnimationFrame(() => document.getElementById(fieldIds(field).input)?.focus());
}
