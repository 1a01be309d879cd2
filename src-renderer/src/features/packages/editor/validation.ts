import { packageConfigSchema } from '@shared/schemas/packages';
import { FORM_FIELDS, toPackageInput, type FormField, type PackageFormValues } from './form-values';

/** Per field; `form` holds anything that names no field (not expected, but never lost). */
export type FieldErrors = Partial<Record<FormField | 'form', string>>;

/**
 * The editor's values judged by the very schema the server uses, so the owner reads the same
 * words before saving as the server would answer ("must be below price"). One message per field;
 * a display feature's message says which one.
 */
export function validatePackageForm(values: PackageFormValues): FieldErrors {
  const result = packageConfigSchema.safeParse(toPackageInput(values));
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const [first, index] = issue.path;
    const field = (FORM_FIELDS as readonly PropertyKey[]).includes(first!) ? (first as FormField) : 'form';
    const message = field === 'displayFeatures' && typeof index === 'number' ? `feature ${index + 1} ${issue.message}` : issue.message;
    errors[field] ??= message;
  }
  return errors;
}
