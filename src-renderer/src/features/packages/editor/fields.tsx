import type { ReactNode } from 'react';
import type { FormField } from './form-values';
import type { PackageForm } from './use-package-form';

/** Ids for a field's input and its hint and error lines. */
export function fieldIds(field: FormField) {
  return { input: `pkg-${field}`, hint: `pkg-${field}-hint`, error: `pkg-${field}-error` };
}

/** The first letter up: the server's messages start lowercase ("must be below price"). */
export const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** What every input of the editor carries: invalid state and the lines that describe it. */
export function inputProps(form: PackageForm, field: FormField, hasHint = false) {
  const ids = fieldIds(field);
  const error = form.errorOf(field);
  return {
    id: ids.input,
    name: field,
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': [error ? ids.error : null, hasHint ? ids.hint : null].filter(Boolean).join(' ') || undefined,
    onBlur: () => form.blur(field),
    className: error ? 'input has-error' : 'input',
  };
}

export function FieldMessages({ form, field, hint }: { form: PackageForm; field: FormField; hint?: ReactNode }) {
  const ids = fieldIds(field);
  const error = form.errorOf(field);
  return (
    <>
      {hint && (
        <p className="field-help" id={ids.hint}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={ids.error} data-testid={`error-${field}`}>
          {sentence(error)}
        </p>
      )}
    </>
  );
}

type TextLikeField = { [F in FormField]: PackageForm['values'][F] extends string ? F : never }[FormField];

/** A labelled text input bound to one field of the form. */
export function TextField({
  form,
  field,
  label,
  hint,
  inputMode,
  placeholder,
  multiline,
  type = 'text',
}: {
  form: PackageForm;
  field: TextLikeField;
  label: ReactNode;
  hint?: ReactNode;
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
  multiline?: boolean;
  type?: 'text' | 'date';
}) {
  const props = inputProps(form, field, Boolean(hint));
  const value = form.values[field] as string;
  return (
    <div className="editor-field">
      <label className="field-label" htmlFor={props.id}>
        {label}
      </label>
      {multiline ? (
        <textarea {...props} rows={2} value={value} placeholder={placeholder} onChange={(e) => form.set(field, e.target.value)} />
      ) : (
        <input
          {...props}
          type={type}
          value={value}
          inputMode={inputMode}
          placeholder={placeholder}
          autoComplete="off"
          onChange={(e) => form.set(field, e.target.value)}
        />
      )}
      <FieldMessages form={form} field={field} hint={hint} />
    </div>
  );
}

/** A labelled checkbox with a line that says what it does. */
export function CheckField({ form, field, label, description }: { form: PackageForm; field: 'isActive' | 'isPopular'; label: string; description: string }) {
  const ids = fieldIds(field);
  return (
    <div className="editor-check">
      <input
        id={ids.input}
        type="checkbox"
        checked={form.values[field]}
        aria-describedby={ids.hint}
        onChange={(e) => form.set(field, e.target.checked)}
        onBlur={() => form.blur(field)}
      />
      <div>
        <label htmlFor={ids.input} className="editor-check-label">
          {label}
        </label>
        <p className="field-help" id={ids.hint}>
          {description}
        </p>
        <FieldMessages form={form} field={field} />
      </div>
    </div>
  );
}
