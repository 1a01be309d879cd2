import { useMemo, useState } from 'react';
import { changedFields, type FormField, type PackageFormValues } from './form-values';
import { validatePackageForm, type FieldErrors } from './validation';

/** Fields whose rule involves another field: a change to one may answer the server's complaint about the other. */
const RELATED: Partial<Record<FormField, FormField[]>> = {
  price: ['salePrice'],
  salePrice: ['price', 'saleStartsAt', 'saleEndsAt'],
  saleStartsAt: ['saleEndsAt', 'salePrice'],
  saleEndsAt: ['saleStartsAt', 'salePrice'],
};

/**
 * The editor's state: values, which fields the owner has left once (their errors show from then
 * on, updated as they type), and what the server said about each field on the last save.
 */
export function usePackageForm(initial: PackageFormValues) {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const clientErrors = useMemo(() => validatePackageForm(values), [values]);

  function set<F extends FormField>(field: F, value: PackageFormValues[F]) {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors((errors) => {
      if (!errors[field] && !RELATED[field]?.some((f) => errors[f])) return errors;
      const next = { ...errors };
      for (const f of [field, ...(RELATED[field] ?? [])]) delete next[f];
      return next;
    });
  }

  function blur(field: FormField) {
    setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
  }

  /** The message to show under a field now, if any. */
  function errorOf(field: FormField | 'form'): string | undefined {
    if (serverErrors[field]) return serverErrors[field];
    const shown = submitted || field === 'form' || touched.has(field as FormField);
    return shown ? clientErrors[field] : undefined;
  }

  return {
    values,
    set,
    blur,
    errorOf,
    clientErrors,
    isValid: Object.keys(clientErrors).length === 0,
    dirty: changedFields(initial, values).length > 0,
    /** Marks the form as submitted: every field's error shows from now on. */
    submit: () => setSubmitted(true),
    setServerErrors,
  };
}

export type PackageForm = ReturnType<typeof usePackageForm>;
